import { GoliveError, OperationError } from '../errors.js';
import type { Target } from '../target/target.js';
import { Journal, type Manifest, readManifests } from './journal.js';
import { runner, withRunLock } from './run-lock.js';

/**
 * Rollback is the run's undo script (undo-script.ts) run by golive: the same code the server's
 * undo timer runs, so the two can never differ. Every file back byte for byte with its owner and
 * mode, created files removed, restored configs validated before any reload; a file that changed
 * since the run is left alone and reported, unless forced.
 */

export type FileOutcome = 'restored' | 'removed' | 'unchanged' | 'changed-since' | 'failed';

export interface RollbackReport {
  readonly runId: string;
  readonly files: readonly { readonly path: string; readonly outcome: FileOutcome; readonly detail?: string }[];
  readonly validationFailures: readonly string[];
  readonly reloadFailures: readonly string[];
  readonly complete: boolean;
}

/** Stops a run's undo timer. `strict`: a timer that cannot be stopped is an error (it would undo a good run). */
export async function cancelUndoTimer(target: Target, unit: string, strict: boolean): Promise<void> {
  const result = await target.exec(['systemctl', 'stop', `${unit}.timer`], { privileged: true });
  if (strict && result.exitCode !== 0) throw new OperationError(`could not stop the undo timer ${unit}.timer: ${result.stderr.trim()}`, 'the server may still undo this run; check with systemctl list-timers');
}

export async function rollbackRun(target: Target, manifest: Manifest, options: { readonly force: boolean }): Promise<RollbackReport> {
  const journal = new Journal(target, manifest);
  // The timer's undo would only repeat this one; stop it so it does not.
  if (manifest.undoTimer) await cancelUndoTimer(target, manifest.undoTimer, false);
  manifest.status = 'rolling-back';
  // Saving writes the undo script afresh from the manifest, whichever golive wrote the run.
  await journal.save();
  const result = await target.exec(['sh', `${journal.dir}/undo.sh`, 'golive', ...(options.force ? ['force'] : [])], { privileged: true });
  const report = parseUndoReport(manifest.runId, result.stdout);
  if (!report) {
    throw new GoliveError(`the undo of run ${manifest.runId} did not finish (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`, `run golive rollback ${manifest.runId} again`);
  }
  manifest.status = report.complete ? 'rolled-back' : 'rollback-incomplete';
  manifest.finishedAt = new Date().toISOString();
  await journal.save();
  return report;
}

/** A recorded run rolled back under the run lock, read afresh once the lock is held. */
export async function rollbackRecorded(target: Target, runId: string, options: { readonly force: boolean }, onNote?: (text: string) => void): Promise<RollbackReport> {
  return withRunLock(
    target,
    `rollback of ${runId} by ${runner()}`,
    async () => {
      const run = (await readManifests(target)).runs.find((r) => r.runId === runId);
      if (!run) throw new GoliveError(`no run ${runId} is recorded on ${target.label}`, 'see golive history');
      return rollbackRun(target, run, options);
    },
    onNote,
  );
}

/** The undo script's tab-separated lines as a report; undefined when it did not get to its end. */
export function parseUndoReport(runId: string, stdout: string): RollbackReport | undefined {
  const files: RollbackReport['files'][number][] = [];
  const validationFailures: string[] = [];
  const reloadFailures: string[] = [];
  let done: string | undefined;
  for (const line of stdout.split('\n')) {
    const [kind, ...fields] = line.split('\t');
    if (kind === 'file') {
      const [outcome, path = '', detail] = fields as [FileOutcome, string, string | undefined];
      files.push({ path, outcome, ...(detail ? { detail } : {}) });
    } else if (kind === 'validation-failed') validationFailures.push(fields.join(': '));
    else if (kind === 'undo-failed' || kind === 'reload-failed') reloadFailures.push(fields.join(': '));
    else if (kind === 'done') done = fields[0];
  }
  if (done === undefined) return undefined;
  return { runId, files, validationFailures, reloadFailures, complete: done === 'rolled-back' };
}
