import { type AideStatus, aideStatusFact, describeAide } from '../../baseline/aide.js';
import { readManifests } from '../../engine/journal.js';
import { gatherFactGroups } from '../../engine/probe.js';
import { GoliveError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export async function historyCommand(context: CommandContext): Promise<number> {
  const { runs, unreadable } = await readManifests(context.target);
  Object.assign(context.summary, { result: `${runs.length} ${runs.length === 1 ? 'run' : 'runs'} recorded`, runId: runs[0]?.runId });
  if (context.args.json) {
    context.out(
      JSON.stringify(
        [
          ...runs.map((r) => ({ runId: r.runId, startedAt: r.startedAt, finishedAt: r.finishedAt ?? null, status: r.status, steps: r.steps, files: r.files.map((f) => f.path), message: r.message ?? null })),
          ...unreadable.map((u) => ({ status: 'unreadable', path: u.path, message: u.reason })),
        ],
        null,
        2,
      ),
    );
    return 0;
  }
  for (const run of unreadable) context.err(`unreadable: ${run.path} (${run.reason}); golive leaves it alone`);
  if (runs.length === 0) {
    context.out(`no runs recorded on ${context.target.label}`);
    return 0;
  }
  context.out(['RUN ID'.padEnd(24), 'STARTED'.padEnd(21), 'STATUS'.padEnd(20), 'STEPS'.padEnd(12), 'FILES'].join(' '));
  for (const run of runs) {
    const status = run.status === 'applying' || run.status === 'rolling-back' ? `unfinished (${run.status})` : run.status;
    context.out([run.runId.padEnd(24), run.startedAt.slice(0, 19).replace('T', ' ').padEnd(21), status.padEnd(20), run.steps.join(',').padEnd(12), String(run.files.length)].join(' '));
  }
  if (runs.some((r) => r.steps.includes('baseline'))) await sayAideStatus(context);
  return 0;
}

/** The baseline step builds AIDE's database in the background: how that went. */
async function sayAideStatus(context: CommandContext): Promise<void> {
  const [read] = await gatherFactGroups(context.target, [{ aide: aideStatusFact }]);
  const status = read!.aide as AideStatus | GoliveError;
  if (status instanceof GoliveError) throw status;
  if (status.installed) context.out(`\nAIDE database: ${describeAide(status)}`);
}
