import { Drill, expect } from './drill.js';
import type { DrillServer } from './drill-server.js';
import { unwatchedPaths } from './server-state.js';

/**
 * SIGKILL of golive at every action boundary of a full six-step apply, then `golive rollback`:
 * every watched file byte-identical to before (sha256, mode, owner), the plan what it was, no undo
 * timer or run lock left behind.
 */

const CASE_TIMEOUT = 360_000;

/**
 * A full apply that runs to its end, then its rollback. Resolves with the apply's action labels,
 * in order, as golive printed them (one per action boundary but the last), or undefined when the
 * apply did not work: then there is nothing to kill.
 */
export async function referenceRun(target: DrillServer, drill: Drill): Promise<string[] | undefined> {
  let labels: string[] | undefined;
  await drill.case('a full six-step apply, then golive rollback', CASE_TIMEOUT, async () => {
    const apply = await target.run(['apply', '--yes']);
    expect(apply.exitCode === 0, `the full apply failed (exit ${apply.exitCode}): ${apply.stderr}${apply.stdout.slice(-2000)}`);
    labels = actionLabels(apply.stdout);
    target.labels = labels;
    const runDir = `/var/lib/golive/runs/${/^run (\S+)$/m.exec(apply.stdout)![1]}`;
    const outside = await unwatchedPaths(target.server, runDir);
    expect(outside.length === 0, `the run touched files outside the watched folders: ${outside.join(', ')}`);
    await target.noteSecrets();
    await rollBackAndCheck(target);
  });
  return labels;
}

/** Kills golive at each boundary in turn (1: before the first action; n: right after action n-1). */
export async function killAtBoundaries(target: DrillServer, drill: Drill, boundaries: readonly number[], labels: readonly string[] = []): Promise<void> {
  for (const [i, boundary] of boundaries.entries()) {
    const before = labels[boundary - 1] ? `before "${labels[boundary - 1]}"` : labels.length > 0 && boundary === labels.length + 1 ? 'after the last action' : '';
    const recovered = await drill.case(`SIGKILL at action boundary ${boundary} ${before}`.trim(), CASE_TIMEOUT, async () => {
      const paused = await target.paused(['apply', '--yes'], `action:${boundary}`);
      await target.noteSecrets();
      await paused.kill();
      await rollBackAndCheck(target);
    });
    if (!recovered && !(await target.restore())) {
      drill.notTried(boundaries.length - i - 1, 'the server could not be brought back to its state before the drills');
      return;
    }
  }
}

/** Kills golive at one of the engine's own pause points (after-first-change, before-login-check). */
export async function killAtPausePoint(target: DrillServer, drill: Drill, point: 'after-first-change' | 'before-login-check'): Promise<void> {
  const recovered = await drill.case(`SIGKILL ${point}`, CASE_TIMEOUT, async () => {
    const paused = await target.paused(['apply', '--yes'], point);
    await target.noteSecrets();
    await paused.kill();
    await rollBackAndCheck(target);
  });
  if (!recovered) await target.restore();
}

export async function rollBackAndCheck(target: DrillServer): Promise<void> {
  const rollback = await target.rollBack();
  expect(rollback.exitCode === 0 && /rolled back/.test(rollback.stdout), `golive rollback did not roll the run back (exit ${rollback.exitCode}): ${rollback.stdout}${rollback.stderr}`);
  await target.expectNothingPending();
  await target.expectPristine();
}

/** The labels of a finished apply's actions: its "ok" lines from the run id to the run's confirmation. */
export function actionLabels(stdout: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /^run \S+$/.test(l));
  const labels: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('ok   ')) continue;
    labels.push(line.slice(5));
    if (line === 'ok   confirm the run and cancel the undo timer') break;
  }
  return labels;
}
