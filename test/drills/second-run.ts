import { Drill, expect } from './drill.js';
import type { DrillServer } from './drill-server.js';
import { rollBackAndCheck } from './kill-points.js';

/**
 * A second golive while one applies: apply, rollback, backup-now and test-restore are refused at
 * once, naming the first run; plan does not wait. Then the first is killed and rolled back.
 */
export async function secondRunDrill(target: DrillServer): Promise<Drill> {
  const drill = new Drill('a second golive while one runs');
  let first: { kill: () => Promise<void> } | undefined;
  try {
    first = await target.paused(['apply', '--yes'], 'after-first-change');
    await target.noteSecrets();
  } catch (error) {
    drill.notTried(6, `the first golive did not start: ${(error as Error).message}`);
    return drill;
  }
  const holder = /another golive run holds this server: apply of secrets,ssh,firewall,fail2ban,updates,backup by \S+@\S+ \(pid \d+ on the server, since [\dT:-]+Z\)/;
  const second: [string, string[]][] = [
    ['apply', ['apply', '--only', 'fail2ban', '--yes']],
    ['rollback', ['rollback', '--yes']],
    ['backup-now', ['backup-now']],
    ['test-restore', ['test-restore', '--private-key', target.key.privateKeyFile]],
  ];
  try {
    for (const [name, args] of second) {
      await drill.case(`${name} is refused, naming the first`, 60_000, async () => {
        const started = Date.now();
        const run = await target.run(args, {}, 60_000);
        expect(run.exitCode === 1 && holder.test(run.stderr), `not refused as it should be (exit ${run.exitCode}): ${run.stderr}`);
        expect(Date.now() - started < 20_000, `refused only after ${Date.now() - started} ms: it waited`);
      });
    }
    await drill.case('plan does not wait for the lock', 60_000, async () => {
      const plan = await target.run(['plan'], {}, 60_000);
      expect(plan.exitCode === 2, `plan exit ${plan.exitCode}: ${plan.stderr}`);
    });
  } finally {
    await first.kill();
  }
  await drill.case('the first, killed, is rolled back to the state before', 360_000, () => rollBackAndCheck(target));
  return drill;
}
