import { parseArgs } from 'node:util';
import { STEP_IDS, type StepId } from '../engine/types.js';
import { InputError } from '../errors.js';
import { VARIABLE_NAME } from '../secrets/env-file.js';
import type { SessionRequest } from '../session/request.js';

export type CommandName = 'wizard' | 'plan' | 'apply' | 'rollback' | 'history' | 'audit' | 'backup-now' | 'test-restore' | 'export' | 'help' | 'completion';

export interface CliArgs extends SessionRequest {
  readonly command: CommandName;
  readonly runId: string | undefined;
  /** help: the command to describe; completion: the shell. */
  readonly subject: string | undefined;
  readonly yes: boolean;
  readonly json: boolean;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly privateKey: string | undefined;
  /** audit: warn and unknown count as failing. */
  readonly strict: boolean;
  /** audit: the security configuration document to write (Markdown). */
  readonly output: string | undefined;
  /** A fleet: the servers and their answers (see fleet/inventory.ts). */
  readonly inventory: string | undefined;
  /** With an inventory: how many servers at once. */
  readonly parallel: number;
  /** apply with an inventory: the first server alone first, the rest only when it succeeded. */
  readonly canary: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** The commands an inventory goes with. */
export const FLEET_COMMANDS: readonly CommandName[] = ['plan', 'apply', 'audit', 'history', 'rollback', 'export'];
const DEFAULT_PARALLEL = 5;
const MAX_PARALLEL = 50;

export const COMMANDS: readonly CommandName[] = ['plan', 'apply', 'rollback', 'history', 'audit', 'backup-now', 'test-restore', 'export', 'help', 'completion'];
/** The shells `golive completion` writes for. */
export const SHELLS = ['bash', 'zsh'];
/** What `golive export` writes. */
export const EXPORT_FORMATS = ['ansible'];
/** Commands that act on the backup step's job: its answers are all they read. */
const BACKUP_COMMANDS: readonly CommandName[] = ['backup-now', 'test-restore'];

export const OPTIONS = {
  host: { type: 'string' },
  identity: { type: 'string', short: 'i' },
  config: { type: 'string', short: 'c' },
  'known-hosts': { type: 'string' },
  'accept-new-host-key': { type: 'boolean', default: false },
  only: { type: 'string' },
  rotate: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y', default: false },
  json: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  'private-key': { type: 'string' },
  strict: { type: 'boolean', default: false },
  output: { type: 'string', short: 'o' },
  inventory: { type: 'string' },
  parallel: { type: 'string' },
  canary: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

export function parseCli(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new InputError((error as Error).message, 'see golive --help');
  }
  const { values, positionals } = parsed;
  const [command, second] = commandOf(positionals, values);
  const runId = command === 'rollback' ? second : undefined;
  const only = BACKUP_COMMANDS.includes(command) ? ['backup' as const] : values.only === undefined ? undefined : parseOnly(values.only);
  return {
    command,
    runId,
    subject: command === 'help' || command === 'completion' ? second : undefined,
    host: values.host,
    identity: values.identity,
    config: values.config,
    knownHosts: values['known-hosts'],
    acceptNewHostKey: values['accept-new-host-key'],
    only,
    rotate: rotateOf(values.rotate ?? [], command, only),
    yes: values.yes,
    json: values.json,
    force: values.force,
    dryRun: values['dry-run'],
    privateKey: values['private-key'],
    strict: values.strict,
    output: values.output,
    ...fleetOf(values, command, runId),
    help: values.help,
    version: values.version,
  };
}

/** The command and, for rollback, its run id; anything else on the line is an error. */
function commandOf(positionals: readonly string[], values: Values): [CommandName, string | undefined] {
  const [first, second, ...extra] = positionals;
  if (first !== undefined && !(COMMANDS as readonly string[]).includes(first)) {
    throw new InputError(`unknown command ${JSON.stringify(first)}`, `the commands are: ${COMMANDS.join(', ')}`);
  }
  const command = (first ?? 'wizard') as CommandName;
  if (command === 'test-restore' && values['private-key'] === undefined) {
    throw new InputError('test-restore needs --private-key FILE', 'the private key backups are encrypted to, on this machine: it decrypts here and never goes to the server');
  }
  if (command === 'export') {
    if (second === undefined || !EXPORT_FORMATS.includes(second)) throw new InputError(`export: ${second === undefined ? 'say what to export' : `unknown format ${JSON.stringify(second)}`}`, `golive export ${EXPORT_FORMATS.join('|')} --output DIR`);
    if (values.output === undefined) throw new InputError('export needs --output DIR', 'the folder the playbook and its roles are written to');
  }
  if (command === 'help' && second !== undefined && !(COMMANDS as readonly string[]).includes(second) && second !== 'wizard') {
    throw new InputError(`help: unknown command ${JSON.stringify(second)}`, `the commands are: ${COMMANDS.join(', ')}`);
  }
  if (command === 'completion' && (second === undefined || !SHELLS.includes(second))) throw new InputError(`completion: say which shell: ${SHELLS.join(' or ')}`, 'eval "$(golive completion bash)"');
  const takesSecond: readonly CommandName[] = ['rollback', 'export', 'help', 'completion'];
  if ((second !== undefined && !takesSecond.includes(command)) || extra.length > 0) {
    throw new InputError(`unexpected argument ${JSON.stringify(takesSecond.includes(command) ? extra[0] : second)}`, 'see golive --help');
  }
  if (values.strict && command !== 'audit') throw new InputError('--strict goes with audit', 'golive audit --strict');
  if (values.output !== undefined && command !== 'audit' && command !== 'export') throw new InputError('--output goes with audit and export', 'golive audit --output report.md');
  return [command, second];
}

function fleetOf(values: Values, command: CommandName, runId: string | undefined): Pick<CliArgs, 'inventory' | 'parallel' | 'canary'> {
  const inventory = values.inventory;
  if (inventory === undefined) {
    if (values.parallel !== undefined || values.canary) throw new InputError('--parallel and --canary go with --inventory', 'golive apply --inventory hosts.yml --canary --yes');
    return { inventory, parallel: DEFAULT_PARALLEL, canary: false };
  }
  if (!FLEET_COMMANDS.includes(command) && command !== 'wizard') throw new InputError(`--inventory goes with the wizard and ${FLEET_COMMANDS.join(', ')}`);
  if (values.host !== undefined) throw new InputError('--host and --inventory both name servers: give one', 'each host of the inventory has its target');
  if (runId !== undefined) throw new InputError('rollback --inventory undoes the latest run on each host; a run id belongs to one server', 'golive rollback RUN_ID --host HOST');
  if (values.output !== undefined && command === 'audit') throw new InputError('--output writes the report of one server', 'golive audit --host HOST -o report.md; or --json for every host');
  if (values.canary && command !== 'apply' && command !== 'wizard') throw new InputError('--canary goes with apply and the wizard');
  if ((command === 'apply' || command === 'rollback') && !values.yes) throw new InputError(`${command} --inventory needs --yes: nobody can answer for many servers at once`, 'review golive plan --inventory FILE, then pass --yes');
  const parallel = values.parallel === undefined ? DEFAULT_PARALLEL : Number(values.parallel);
  if (!/^\d+$/.test(values.parallel ?? '5') || parallel < 1 || parallel > MAX_PARALLEL) {
    throw new InputError(`--parallel: ${JSON.stringify(values.parallel)} is not a number of servers from 1 to ${MAX_PARALLEL}`);
  }
  return { inventory, parallel, canary: values.canary };
}

function rotateOf(rotate: readonly string[], command: CommandName, only: readonly StepId[] | undefined): readonly string[] {
  for (const name of rotate) {
    if (!VARIABLE_NAME.test(name)) throw new InputError(`--rotate: ${JSON.stringify(name)} is not a variable name`, 'like --rotate POSTGRES_PASSWORD');
  }
  if (rotate.length > 0 && command !== 'plan' && command !== 'apply') throw new InputError('--rotate goes with plan or apply', 'golive apply --rotate NAME');
  if (rotate.length > 0 && only && !only.includes('secrets')) throw new InputError('--rotate needs the secrets step', 'add secrets to --only');
  return rotate;
}

function parseOnly(text: string): StepId[] {
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(STEP_IDS as readonly string[]).includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new InputError(`--only: unknown step ${unknown.map((u) => JSON.stringify(u)).join(', ') || '(none given)'}`, `the steps are: ${STEP_IDS.join(', ')}`);
  }
  return ids as StepId[];
}
