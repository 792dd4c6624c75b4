import { STEP_IDS } from '../engine/types.js';
import { type CommandName, FLEET_COMMANDS } from './args.js';

/**
 * golive's command line described once: --help, `golive help COMMAND`, the shell completions and
 * the man page are all rendered from these lists, and a test holds them to the parser's.
 */

export interface CommandUsage {
  readonly name: CommandName;
  /** What follows `golive NAME` in the synopsis. */
  readonly args: string;
  readonly summary: readonly string[];
}

/** The groups --help and the man page list the options in, in this order. */
export const OPTION_SECTIONS = ['Target', 'Fleet', 'Answers', 'Options'] as const;

export interface OptionUsage {
  readonly long: string;
  readonly short?: string;
  /** The value's placeholder; none for a flag. */
  readonly arg?: string;
  readonly section: (typeof OPTION_SECTIONS)[number];
  readonly text: readonly string[];
  /** The commands it goes with; none: every command. */
  readonly commands?: readonly CommandName[];
}

const FLEET: readonly CommandName[] = ['wizard', ...FLEET_COMMANDS];
const SERVER: readonly CommandName[] = ['wizard', 'plan', 'apply', 'rollback', 'history', 'audit', 'backup-now', 'test-restore', 'export'];
const STEPPED: readonly CommandName[] = ['wizard', 'plan', 'apply', 'audit', 'export'];

export const COMMAND_USAGE: readonly CommandUsage[] = [
  { name: 'wizard', args: '[options]', summary: ['the wizard (needs a terminal); `golive` alone starts it'] },
  { name: 'plan', args: '[options]', summary: ['show what would change; changes nothing'] },
  { name: 'apply', args: '[options]', summary: ['apply the plan, verify it, undo it all on any failure'] },
  { name: 'rollback', args: '[RUN_ID] [--force]', summary: ['restore a recorded run (default: the latest)'] },
  { name: 'history', args: '', summary: ['list the runs recorded on the server'] },
  { name: 'audit', args: '[--strict] [-o FILE.md]', summary: ['check every go-live item, read-only, with evidence;', '-o writes the security configuration document'] },
  { name: 'backup-now', args: '', summary: ['run the backup job once, as cron would'] },
  { name: 'export', args: 'ansible -o DIR', summary: ["write golive's plan as an Ansible playbook and role (per", 'host, with --inventory): same files, commands, checks'] },
  { name: 'test-restore', args: '--private-key FILE', summary: ['back up now, decrypt here, restore into a scratch', 'database, compare row counts, drop it'] },
  { name: 'help', args: '[COMMAND]', summary: ['this help, or one command\'s with the options it takes'] },
  { name: 'completion', args: 'bash|zsh', summary: ['a completion script for the shell: commands, options, step ids'] },
];

export const OPTION_USAGE: readonly OptionUsage[] = [
  { long: 'host', arg: '[USER@]HOST[:PORT]', section: 'Target', text: ['the server, over SSH (none: this machine)'], commands: SERVER },
  { long: 'identity', short: 'i', arg: 'FILE', section: 'Target', text: ['private key to log in with (default: ssh-agent, ~/.ssh/id_*)'], commands: SERVER },
  { long: 'known-hosts', arg: 'FILE', section: 'Target', text: ['host keys to trust (default: ~/.ssh/known_hosts)'], commands: SERVER },
  { long: 'accept-new-host-key', section: 'Target', text: ['trust and record an unknown host key (never a changed one)'], commands: SERVER },
  { long: 'inventory', arg: 'FILE', section: 'Fleet', text: ["the servers and their answers (hosts, groups): each host's", "answers are golive.yml's, then its groups', then its own"], commands: FLEET },
  { long: 'parallel', arg: 'N', section: 'Fleet', text: ['servers at once, one SSH connection each (default: 5)'], commands: FLEET },
  { long: 'canary', section: 'Fleet', text: ['apply (and the wizard\'s "every host"): the first host', 'alone first; stop if it fails'], commands: ['wizard', 'apply'] },
  { long: 'config', short: 'c', arg: 'FILE', section: 'Answers', text: ['answers file (default: ./golive.yml when present)'], commands: SERVER },
  {
    long: 'only',
    arg: 'IDS',
    section: 'Answers',
    text: ['comma-separated steps, in the order they run:', STEP_IDS.join(', '), '(crowdsec is opt-in: without --only, only when golive.yml has it)'],
    commands: STEPPED,
  },
  { long: 'rotate', arg: 'NAME', section: 'Answers', text: ['plan/apply: a new value for this .env secret even if it is strong (repeatable)'], commands: ['plan', 'apply'] },
  { long: 'yes', short: 'y', section: 'Options', text: ['apply or roll back without asking'], commands: ['apply', 'rollback'] },
  { long: 'json', section: 'Options', text: ['machine-readable output on stdout'], commands: ['plan', 'apply', 'rollback', 'history', 'audit', 'backup-now', 'test-restore', 'export'] },
  { long: 'force', section: 'Options', text: ['rollback: restore files changed since the run too'], commands: ['rollback'] },
  { long: 'dry-run', section: 'Options', text: ['wizard: walk every screen, change nothing'], commands: ['wizard'] },
  { long: 'private-key', arg: 'FILE', section: 'Options', text: ["test-restore: the backups' private key (it stays here)"], commands: ['test-restore'] },
  { long: 'strict', section: 'Options', text: ['audit: warn and unknown items fail too'], commands: ['audit'] },
  { long: 'output', short: 'o', arg: 'FILE', section: 'Options', text: ['audit: write the report (Markdown) to FILE;', 'export: the folder to write to'], commands: ['audit', 'export'] },
  { long: 'help', short: 'h', section: 'Options', text: ['this help'] },
  { long: 'version', short: 'V', section: 'Options', text: ["golive's version"] },
];

const FOOTER = `Exit codes: 0 done (plan: nothing to change), 2 plan: changes pending, audit: an item fails,
1 error, 130 interrupted. With --inventory: the worst of the hosts' (1 when any host failed).
Environment: NO_COLOR turns colours off; output is plain when stdout is not a terminal.
`;

const COLUMN = 36;

function row(left: string, text: readonly string[]): string[] {
  const [first = '', ...rest] = text;
  const head = left.length + 1 < COLUMN ? [`${left.padEnd(COLUMN)}${first}`] : [left, `${' '.repeat(COLUMN)}${first}`];
  return [...head, ...rest.map((line) => `${' '.repeat(COLUMN)}${line}`)];
}

export function optionSpelling(option: OptionUsage): string {
  return `${option.short ? `-${option.short}, ` : ''}--${option.long}${option.arg ? ` ${option.arg}` : ''}`;
}

function synopsis(command: CommandUsage): string {
  const name = command.name === 'wizard' ? 'golive' : `golive ${command.name}`;
  return command.args ? `${name} ${command.args}` : name;
}

/** `golive --help`. */
export function helpText(): string {
  const lines = ['golive: take a Linux server through its go-live security checklist, safely.', '', 'Usage:'];
  for (const command of COMMAND_USAGE) lines.push(...row(`  ${synopsis(command)}`, command.summary));
  for (const section of OPTION_SECTIONS) {
    lines.push('', `${section}:`);
    for (const option of OPTION_USAGE.filter((o) => o.section === section)) lines.push(...row(`  ${optionSpelling(option)}`, option.text));
  }
  return `${lines.join('\n')}\n\n${FOOTER}`;
}

/** The options a command takes: its own, and those that go with every command. */
export function optionsOf(name: CommandName): OptionUsage[] {
  return OPTION_USAGE.filter((option) => !option.commands || option.commands.includes(name));
}

/** `golive help COMMAND`: its synopsis, what it does, and the options it takes. */
export function commandHelpText(name: CommandName): string {
  const command = COMMAND_USAGE.find((c) => c.name === name)!;
  const lines = [`Usage: ${synopsis(command)}`, '', ...command.summary.map((line) => `  ${line}`), '', 'Options:'];
  for (const option of optionsOf(name)) lines.push(...row(`  ${optionSpelling(option)}`, option.text));
  return `${lines.join('\n')}\n`;
}
