import { GoliveError } from '../errors.js';
import { personIsPresent } from '../interaction.js';
import { packageVersion } from '../templates.js';
import { type CliArgs, HELP, parseCli } from './args.js';
import { applyCommand } from './commands/apply.js';
import { historyCommand } from './commands/history.js';
import { planCommand } from './commands/plan.js';
import { rollbackCommand } from './commands/rollback.js';
import { type CommandContext, openContext } from './context.js';

const COMMANDS: Record<Exclude<CliArgs['command'], 'wizard'>, (context: CommandContext) => Promise<number>> = {
  plan: planCommand,
  apply: applyCommand,
  rollback: rollbackCommand,
  history: historyCommand,
};

export async function main(argv: readonly string[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    const args = parseCli(argv);
    json = args.json;
    if (args.help) return print(HELP);
    if (args.version) return print(`golive ${packageVersion()}\n`);
    if (args.command === 'wizard') {
      if (!personIsPresent()) {
        throw new GoliveError('the wizard needs a terminal', 'use `golive plan` to preview and `golive apply --yes` to apply');
      }
      const { runWizard } = await import('../ui/run-wizard.js');
      return await runWizard(args);
    }
    const context = await openContext(args);
    try {
      return await COMMANDS[args.command](context);
    } finally {
      await context.target.close();
    }
  } catch (error) {
    return reportError(error, json);
  }
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
