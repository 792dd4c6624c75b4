import type { CommandFact } from '../engine/types.js';

/** Where golive's kernel settings go: after systemd's 50-default.conf, so its values win over those. */
export const SYSCTL_FILE = '/etc/sysctl.d/60-golive-baseline.conf';
/** ufw applies this file itself when it starts (IPT_SYSCTL in /etc/default/ufw), after `sysctl --system`. */
export const UFW_SYSCTL = '/etc/ufw/sysctl.conf';

/** One `key = value` line of a sysctl configuration file. */
export interface SysctlEntry {
  readonly file: string;
  readonly key: string;
  readonly value: string;
}

/**
 * The folders `sysctl --system` reads, in its order of precedence: a name in an earlier folder hides
 * the same name in a later one; the files then apply sorted by name, /etc/sysctl.conf last.
 */
const FOLDERS = ['/etc/sysctl.d', '/run/sysctl.d', '/usr/local/lib/sysctl.d', '/usr/lib/sysctl.d', '/lib/sysctl.d'];

/** Every file's setting lines after its name, from one awk. */
const LIST_SETTINGS = `for f in ${FOLDERS.map((d) => `${d}/*.conf`).join(' ')} /etc/sysctl.conf ${UFW_SYSCTL}; do
  [ -f "$f" ] && set -- "$@" "$f"
done
[ $# -gt 0 ] || exit 0
awk '/^[[:space:]]*-?[A-Za-z0-9_.\\/-]+[[:space:]]*=/ { print FILENAME "\\t" $0 }' "$@"`;

/** Every setting line of every sysctl file on the server, ufw's included. */
export const sysctlFilesFact: CommandFact<readonly SysctlEntry[]> = {
  argv: ['sh', '-c', LIST_SETTINGS],
  parse: (o) => o.stdout.split('\n').flatMap((line) => {
    const tab = line.indexOf('\t');
    if (tab < 0) return [];
    const entry = parseSettingLine(line.slice(tab + 1));
    return entry ? [{ file: line.slice(0, tab), ...entry }] : [];
  }),
};

/** `key = value` as sysctl reads it: `-` (ignore errors) dropped, slashes as dots. */
export function parseSettingLine(line: string): { key: string; value: string } | undefined {
  const match = /^\s*-?([A-Za-z0-9_./-]+)\s*=\s*(.*?)\s*$/.exec(line);
  if (!match) return undefined;
  const key = match[1]!.includes('/') ? match[1]!.replace(/\//g, '.') : match[1]!;
  return { key, value: match[2]!.replace(/\s+/g, ' ') };
}

/** The settings of one file's text, in order (the last of a key counts). */
export function parseSysctlText(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of text.split('\n')) {
    const entry = parseSettingLine(line);
    if (entry) settings.set(entry.key, entry.value);
  }
  return settings;
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The files `sysctl --system` applies, in the order it applies them (ufw's is not one of them). */
export function applyOrder(files: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const folder of FOLDERS) {
    for (const file of files.filter((f) => f.startsWith(`${folder}/`)).sort()) if (!byName.has(basename(file))) byName.set(basename(file), file);
  }
  const ordered = [...byName.keys()].sort().map((name) => byName.get(name)!);
  return files.includes('/etc/sysctl.conf') ? [...ordered, '/etc/sysctl.conf'] : ordered;
}

/** Settings of files `sysctl --system` applies after golive's, that give one of its keys another value. */
export function laterOverrides(entries: readonly SysctlEntry[], ours: ReadonlyMap<string, string>): SysctlEntry[] {
  const order = applyOrder([...new Set([...entries.map((e) => e.file), SYSCTL_FILE])]);
  const after = new Set(order.slice(order.indexOf(SYSCTL_FILE) + 1));
  const last = new Map<string, SysctlEntry>();
  for (const file of order.filter((f) => after.has(f))) for (const e of entries.filter((x) => x.file === file)) last.set(e.key, e);
  return [...last.values()].filter((e) => ours.has(e.key) && ours.get(e.key) !== e.value);
}
