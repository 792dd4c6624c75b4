import { quoteArg } from '../../src/target/quote.js';
import { Drill, expect } from './drill.js';
import type { DrillServer } from './drill-server.js';
import { filesChanges, filesState } from './server-state.js';

/**
 * apt's lock held while a step installs a package (ufw removed, so the firewall step installs it
 * through the apt proxy): held past golive's 3-minute wait, golive says apt is busy, exits 1 and
 * leaves the server as it was; held for a little while, golive waits and then applies.
 */

/** Holds dpkg's frontend lock as apt does (an fcntl lock, not flock), for the given seconds. */
const HOLD_LOCK = "import fcntl, sys, time\nf = open(sys.argv[1], 'w')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(float(sys.argv[2]))";
const LOCK = '/var/lib/dpkg/lock-frontend';

export async function aptLockDrill(target: DrillServer, options: { readonly pastTheWait: boolean }): Promise<Drill> {
  const drill = new Drill("apt's lock held during an install");
  const { server } = target;
  await server.sh('DEBIAN_FRONTEND=noninteractive apt-get remove -y -q ufw >/dev/null');
  const holdLock = async (unit: string, seconds: number) => {
    await server.sh(`systemd-run --unit=${unit} --collect python3 -c ${quoteArg(HOLD_LOCK)} ${LOCK} ${seconds}`);
    // Only once python holds it: the apply must start against a held lock.
    await server.sh(`for i in $(seq 1 50); do journalctl -u ${unit} -o cat --no-pager | grep -q held && exit 0; sleep 0.1; done; exit 1`);
  };
  if (options.pastTheWait) {
    await drill.case('held longer than golive waits (3 minutes): apt is busy, exit 1, nothing changed', 420_000, async () => {
      const before = await filesState(server);
      await holdLock('golive-drill-apt-lock-long', 400);
      try {
        const run = await target.run(['apply', '--only', 'firewall', '--yes'], {}, 400_000);
        expect(run.exitCode === 1, `exit ${run.exitCode}`);
        expect(/apt is busy: another apt or dpkg has held its lock for 3 minutes/.test(run.stdout + run.stderr), `not said: ${run.stderr}`);
        const changes = filesChanges(before, await filesState(server));
        expect(changes.length === 0, `changed: ${changes.join('; ')}`);
        await target.expectNothingPending();
      } finally {
        await server.exec(['systemctl', 'stop', 'golive-drill-apt-lock-long']);
      }
    });
  }
  await drill.case('held for 20 s: golive waits, installs ufw and applies; rollback turns the firewall off', 300_000, async () => {
    await holdLock('golive-drill-apt-lock-short', 20);
    const started = Date.now();
    const run = await target.run(['apply', '--only', 'firewall', '--yes']);
    expect(run.exitCode === 0, `exit ${run.exitCode}: ${run.stderr}${run.stdout.slice(-1500)}`);
    expect(Date.now() - started > 15_000, `done in ${Date.now() - started} ms: it cannot have waited for the lock`);
    expect(/Status: active/.test(await server.sh('ufw status')), 'ufw is not active');
    const rollback = await target.rollBack();
    expect(rollback.exitCode === 0, `rollback exit ${rollback.exitCode}: ${rollback.stderr}`);
    expect(/Status: inactive/.test(await server.sh('ufw status')), 'ufw is still active after rollback');
    await target.expectNothingPending();
  });
  return drill;
}
