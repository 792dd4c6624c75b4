/**
 * What `sudo -l -U USER` says a user may do, reduced to the question the lockout guard asks: can
 * this user run every command as root, and does sudo ask for a password first? Read on the
 * server as root (the accounts fact), in the C locale.
 */

export type SudoAll = 'nopasswd' | 'password' | 'none';

export interface SudoRights {
  /** Every command as root: without a password, after a password, or not at all. */
  readonly all: SudoAll;
  /** When not every command: the ones sudo lets the user run as root ("/usr/bin/systemctl"). */
  readonly rootCommands: readonly string[];
  /** Rules that run commands only as other users, as sudo prints them ("(postgres)"). */
  readonly otherRunAs: readonly string[];
  /** Defaults rootpw, targetpw or runaspw: the prompt wants another account's password, not the user's. */
  readonly promptsForOtherPassword: boolean;
}

export const NO_SUDO: SudoRights = { all: 'none', rootCommands: [], otherRunAs: [], promptsForOtherPassword: false };

interface Rule {
  readonly runAs: string;
  readonly reachesRoot: boolean;
  readonly commands: readonly { readonly command: string; readonly nopasswd: boolean }[];
}

/** The indented lines under the header line matching `header`, up to the first line that is not. */
function section(lines: readonly string[], header: RegExp): string[] {
  const start = lines.findIndex((line) => header.test(line));
  if (start < 0) return [];
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(line)) break;
    body.push(line.trim());
  }
  return body;
}

/** sudo's lists let the last matching entry win: `(ALL, !root)` does not reach root. */
function lastMatch(entries: readonly string[], names: readonly string[]): boolean {
  let matched = false;
  for (const entry of entries) {
    const negated = entry.startsWith('!');
    if (names.includes(negated ? entry.slice(1) : entry)) matched = !negated;
  }
  return matched;
}

/** One privilege line: `(root : ALL) NOPASSWD: /usr/bin/a, PASSWD: /usr/bin/b`; a tag holds until the next. */
function parseRule(line: string): Rule | undefined {
  const match = /^\(([^)]*)\)\s*(.*)$/.exec(line);
  if (!match) return undefined;
  const runAs = match[1]!;
  const users = (runAs.split(':')[0] ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  let nopasswd = false;
  const commands = match[2]!.split(/,\s+/).map((entry) => {
    let rest = entry.trim();
    for (let token = /^([A-Z_]+)(=\S+\s+|:\s*)/.exec(rest); token; token = /^([A-Z_]+)(=\S+\s+|:\s*)/.exec(rest)) {
      if (token[1] === 'NOPASSWD') nopasswd = true;
      if (token[1] === 'PASSWD') nopasswd = false;
      rest = rest.slice(token[0].length);
    }
    return { command: rest, nopasswd };
  });
  return { runAs: `(${runAs})`, reachesRoot: lastMatch(users, ['ALL', 'root', '#0']), commands };
}

export function parseSudoList(stdout: string): SudoRights {
  const lines = stdout.split('\n');
  const defaults = section(lines, /^Matching Defaults entries for /).join(' ').split(/,\s*/).map((d) => d.trim());
  const noAuthentication = defaults.includes('!authenticate');
  const rules = section(lines, / may run the following commands on /).flatMap((line) => parseRule(line) ?? []);
  const asRoot = rules.filter((rule) => rule.reachesRoot);
  const everyCommand = asRoot.flatMap((rule) => {
    const all = rule.commands.filter((c) => c.command === 'ALL' || c.command === '!ALL');
    const last = all[all.length - 1];
    return last && last.command === 'ALL' ? [last] : [];
  });
  const all: SudoAll = everyCommand.length === 0 ? 'none' : noAuthentication || everyCommand.some((c) => c.nopasswd) ? 'nopasswd' : 'password';
  return {
    all,
    rootCommands: [...new Set(asRoot.flatMap((rule) => rule.commands.map((c) => c.command).filter((c) => c !== 'ALL' && !c.startsWith('!'))))],
    otherRunAs: [...new Set(rules.filter((rule) => !rule.reachesRoot).map((rule) => rule.runAs))],
    promptsForOtherPassword: defaults.some((d) => ['rootpw', 'targetpw', 'runaspw'].includes(d)),
  };
}
