import { isRunId, readManifests } from '../../engine/journal.js';
import { rollbackRecorded } from '../../engine/rollback.js';
import { GoliveError, InputError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export async function rollbackCommand(context: CommandContext): Promise<number> {
  const { args, target } = context;
  if (args.runId !== undefined && !isRunId(args.runId)) throw new InputError(`${JSON.stringify(args.runId)} is not a run id`, 'see golive history');
  const { runs } = await readManifests(target);
  const run = args.runId ? runs.find((r) => r.runId === args.runId) : runs[0];
  if (!run) throw new GoliveError(args.runId ? `no run ${args.runId} is recorded on ${target.label}` : `no runs are recorded on ${target.label}`, 'see golive history');
  if (run.status === 'rolled-back' && !args.force) {
    Object.assign(context.summary, { result: 'already rolled back', steps: run.steps, runId: run.runId });
    context.out(`run ${run.runId} was already rolled back`);
    return 0;
  }
  if (!args.yes) {
    if (!context.interaction.canAsk) throw new InputError('rollback needs a confirmation and nobody is here to give it', 'pass --yes');
    const question = `Roll back run ${run.runId} (${run.steps.join(', ')}; ${run.files.length} files) on ${target.label}?`;
    if (!(await context.interaction.confirm(question))) return 0;
  }
  const report = await rollbackRecorded(target, run.runId, { force: args.force }, (note) => context.err(`note: ${note}`));
  Object.assign(context.summary, { result: report.complete ? 'rolled back' : 'NOT fully rolled back', steps: run.steps, runId: run.runId });
  if (args.json) {
    context.out(JSON.stringify(report, null, 2));
  } else {
    for (const file of report.files) context.out(`${file.outcome.padEnd(13)} ${file.path}${file.detail ? `  (${file.detail})` : ''}`);
    for (const failure of [...report.validationFailures, ...report.reloadFailures]) context.err(`failed: ${failure}`);
    context.out(report.complete ? `run ${run.runId} rolled back` : `run ${run.runId} was NOT fully rolled back`);
  }
  return report.complete ? 0 : 1;
}
