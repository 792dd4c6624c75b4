/**
 * The sshd configuration as files: the main file and what its Include lines pull in, in the order
 * sshd reads them. sshd keeps the FIRST value it reads for most keywords, and adds up the values
 * of a few (AllowUsers, HostKey, Port): both rules decide which lines golive must disable.
 */

export const MAIN_CONFIG = '/etc/ssh/sshd_config';

export interface ConfigFile {
  readonly path: string;
  readonly content: string;
  readonly owner: string;
  readonly group: string;
  readonly mode: number;
}

export interface ConfigLine {
  readonly path: string;
  /** 0-based line index in its file. */
  readonly index: number;
  readonly keyword: string;
  readonly value: string;
  /** Inside a Match block: applies to some connections only. */
  readonly conditional: boolean;
}

/** Keywords sshd adds up over all lines instead of keeping the first. */
export const CUMULATIVE = new Set(['allowusers', 'hostkey', 'port']);

const ALIASES: Record<string, string> = { challengeresponseauthentication: 'kbdinteractiveauthentication' };

export function keywordOf(line: string): { keyword: string; value: string } | undefined {
  const match = /^\s*([A-Za-z0-9]+)(?:\s*=\s*|\s+)(.*?)\s*$/.exec(line);
  if (!match || line.trim().startsWith('#')) return undefined;
  const keyword = match[1]!.toLowerCase();
  return { keyword: ALIASES[keyword] ?? keyword, value: match[2]! };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]');
  return new RegExp(`^${escaped}$`);
}

export function absoluteInclude(pattern: string): string {
  return pattern.startsWith('/') ? pattern : `/etc/ssh/${pattern}`;
}

/** Paths an Include pattern names, sorted as glob(3) returns them. */
export function expandInclude(pattern: string, known: Iterable<string>): string[] {
  const regexp = globToRegExp(absoluteInclude(pattern));
  return [...known].filter((path) => regexp.test(path)).sort();
}

/** Every keyword line in read order, following Include lines through the files given. */
export function readOrder(files: ReadonlyMap<string, ConfigFile>, start = MAIN_CONFIG): ConfigLine[] {
  const lines: ConfigLine[] = [];
  const visit = (path: string, depth: number) => {
    const file = files.get(path);
    if (!file || depth > 8) return;
    let conditional = false;
    file.content.split('\n').forEach((text, index) => {
      const parsed = keywordOf(text);
      if (!parsed) return;
      if (parsed.keyword === 'match') conditional = true;
      if (parsed.keyword === 'include') {
        for (const pattern of parsed.value.split(/\s+/)) {
          for (const included of expandInclude(pattern, files.keys())) visit(included, depth + 1);
        }
        return;
      }
      lines.push({ path, index, keyword: parsed.keyword, value: parsed.value, conditional });
    });
  };
  visit(start, 0);
  return lines;
}

/** Whether the main file includes `path` outside any Match block. */
export function includesGlobally(main: ConfigFile, path: string): boolean {
  let conditional = false;
  for (const text of main.content.split('\n')) {
    const parsed = keywordOf(text);
    if (!parsed) continue;
    if (parsed.keyword === 'match') conditional = true;
    if (parsed.keyword === 'include' && !conditional && parsed.value.split(/\s+/).some((p) => globToRegExp(absoluteInclude(p)).test(path))) {
      return true;
    }
  }
  return false;
}

/**
 * Lines in other files that would beat or add to golive's values: for first-value keywords, the
 * global lines read before golive's file; for cumulative ones, every global line elsewhere.
 */
export function conflictingLines(order: readonly ConfigLine[], ownPath: string, managed: ReadonlySet<string>): ConfigLine[] {
  const ownStart = order.findIndex((line) => line.path === ownPath);
  return order.filter((line, position) => {
    if (line.path === ownPath || line.conditional || !managed.has(line.keyword)) return false;
    return CUMULATIVE.has(line.keyword) || ownStart < 0 || position < ownStart;
  });
}

export const DISABLED_PREFIX = '# [golive] ';

/** The file with the given lines turned into comments; every other byte stays as it was. */
export function disableLines(content: string, indexes: ReadonlySet<number>): string {
  return content
    .split('\n')
    .map((line, index) => (indexes.has(index) ? `${DISABLED_PREFIX}${line}` : line))
    .join('\n');
}

/** Parses the probe's dump: a header line `file OWNER GROUP MODE PATH` then the file in base64. */
export function parseConfigDump(stdout: string): Map<string, ConfigFile> {
  const files = new Map<string, ConfigFile>();
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const header = /^file (\S+) (\S+) ([0-7]+) (.+)$/.exec(lines[i]!);
    if (!header) continue;
    const content = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8');
    files.set(header[4]!, { path: header[4]!, owner: header[1]!, group: header[2]!, mode: parseInt(header[3]!, 8), content });
    i += 1;
  }
  return files;
}

/** Dumps the main config, sshd_config.d and whatever the main file includes (one level deep). */
export const DUMP_CONFIG_SCRIPT = `dump() { [ -f "$1" ] || return 0; printf 'file %s %s\\n' "$(stat -c '%U %G %a' -- "$1")" "$1"; base64 -w0 -- "$1"; echo; }
dump /etc/ssh/sshd_config
for f in /etc/ssh/sshd_config.d/*.conf; do dump "$f"; done
for pattern in $(awk 'tolower($1)=="include" { for (i = 2; i <= NF; i++) print $i }' /etc/ssh/sshd_config 2>/dev/null); do
  case "$pattern" in /etc/ssh/sshd_config.d/*.conf|sshd_config.d/*.conf) continue ;; /*) ;; *) pattern="/etc/ssh/$pattern" ;; esac
  for f in $pattern; do dump "$f"; done
done`;
