import type { AnyStep } from '../engine/types.js';
import { GoliveError } from '../errors.js';
import { readEnvironment } from '../environment.js';
import { personIsPresent } from '../interaction.js';
import { connectEarly } from '../target/early-connection.js';
import { packageVersion } from '../templates.js';
import { type CliArgs, type CommandName, parseCli } from './args.js';
import type { CommandContext } from './context.js';

// Loaded on demand: --help and --version should not pay for SSH, YAML and React.
const COMMANDS: Record<Exclude<CliArgs['command'], 'wizard' | 'help' | 'completion'>, () => Promise<(context: CommandContext) => Promise<number>>> = {
  plan: async () => (await import('./commands/plan.js')).planCommand,
  apply: async () => (await import('./commands/apply.js')).applyCommand,
  rollback: async () => (await import('./commands/rollback.js')).rollbackCommand,
  history: async () => (await import('./commands/history.js')).historyCommand,
  audit: async () => (await import('./commands/audit.js')).auditCommand,
  'backup-now': async () => (await import('./commands/backup.js')).backupNowCommand,
  'test-restore': async () => (await import('./commands/backup.js')).testRestoreCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
};

/** The steps golive is built with: loaded only when a command needs them. */
export type StepRegistry = () => Promise<readonly AnyStep[]>;

export async function main(argv: readonly string[], loadSteps: StepRegistry): Promise<number> {
  let json = argv.includes('--json');
  try {
    const args = parseCli(argv);
    json = args.json;
    if (args.help || args.command === 'help') return print(await helpFor(args.command === 'help' ? args.subject : args.command));
    if (args.version) return print(`golive ${packageVersion()}\n`);
    if (args.command === 'completion') return print((await import('./completion.js')).completionScript(args.subject!));
    const environment = readEnvironment();
    if (args.command === 'wizard') {
      if (!personIsPresent(environment)) {
        throw new GoliveError('the wizard needs a terminal', 'use `golive plan` to preview and `golive apply --yes` to apply');
      }
      // Both load at once: the first frame needs Ink and the steps' titles.
      const [{ runWizard }, registry] = await Promise.all([import('../ui/run-wizard.js'), loadSteps()]);
      return await runWizard(args, environment, registry);
    }
    if (args.inventory !== undefined) {
      const [command, { runFleet }, registry] = await Promise.all([COMMANDS[args.command](), import('./fleet.js'), loadSteps()]);
      return await runFleet(args, environment, registry, command, args.command === 'export' ? await exportFinisher(args.output!) : undefined);
    }
    // sshd's start for this connection overlaps golive's loading.
    const early = connectEarly(args.host);
    const command = await COMMANDS[args.command]();
    const { openContext } = await import('./context.js');
    const context = await openContext(args, environment, await loadSteps(), early);
    try {
      return await command(context);
    } finally {
      await context.target.close();
    }
  } catch (error) {
    return reportError(error, json);
  }
}

/** With an inventory, export writes the playbook of the hosts whose roles were written. */
async function exportFinisher(dir: string) {
  const { finishFleetExport } = await import('./commands/export.js');
  return (hosts: Parameters<typeof finishFleetExport>[1], runs: readonly { host: string; exitCode: number }[]) => finishFleetExport(dir, hosts, new Set(runs.filter((r) => r.exitCode === 0).map((r) => r.host)));
}

/** The whole help, or one command's (`golive help plan`, `golive plan --help`). */
async function helpFor(command: string | undefined): Promise<string> {
  const { commandHelpText, helpText } = await import('./usage.js');
  return command === undefined || command === 'wizard' || command === 'help' ? helpText() : commandHelpText(command as CommandName);
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function reportError(error: unknown, json: boolean): number {
  if (error instanceof GoliveError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: error.message, hint: error.hint ?? null })}\n`);
    process.stderr.write(`golive: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    return 1;
  }
  process.stderr.write(`golive: unexpected error (a bug in golive):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
