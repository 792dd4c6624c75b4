import { e2eUnavailable, TestServer } from '../helpers/test-server.js';
import { aptLockDrill } from './apt-lock.js';
import { tryBadInputs } from './bad-inputs.js';
import { connectionCutDrill } from './connection-cut.js';
import { diskFullDrill } from './disk-full.js';
import { allRecovered, Drill, type DrillRow, renderTable } from './drill.js';
import { DrillServer } from './drill-server.js';
import { killAtBoundaries, referenceRun } from './kill-points.js';
import { secondRunDrill } from './second-run.js';
import { secretLeakDrill } from './secret-leak.js';
import { tryWizardFields } from './wizard-fields.js';

/**
 * `npm run drills` (as root): recovery drills against two test servers at once, then a table —
 * drill, cases tried, cases recovered, cases that lost something. Exits 1 unless every case was
 * recovered and nothing was lost.
 *
 *   drills [--fast]   --fast: a few kill points and no 3-minute apt wait (what npm test runs too)
 */

const fast = process.argv.includes('--fast');
const SERVERS = ['drill-a', 'drill-b'] as const;

/** Server A: a full six-step apply killed at every action boundary, a second golive, the link cut, the leak scan, the disk full. */
async function serverA(): Promise<DrillRow[]> {
  const rows: DrillRow[] = [];
  const target = await DrillServer.boot(SERVERS[0], 70);
  try {
    const reference = new Drill('full apply, then rollback');
    const labels = await referenceRun(target, reference);
    rows.push(reference.row());
    const kills = new Drill('SIGKILL at every action boundary');
    if (!labels) kills.notTried(1, 'the reference run failed: no boundaries to kill at');
    else {
      const all = Array.from({ length: labels.length + 1 }, (_, i) => i + 1);
      await killAtBoundaries(target, kills, fast ? [1, 5, labels.length + 1] : all, labels);
    }
    rows.push(kills.row());
    rows.push((await secondRunDrill(target)).row());
    rows.push((await connectionCutDrill(target)).row());
    rows.push((await secretLeakDrill(target)).row());
    rows.push((await diskFullDrill(target)).row());
  } finally {
    await target.destroy();
  }
  return rows;
}

/** Server B (Debian's packages through the apt proxy): the bad-input corpus on an untouched server, then apt's lock. */
async function serverB(): Promise<DrillRow[]> {
  const rows: DrillRow[] = [];
  const target = await DrillServer.boot(SERVERS[1], 71);
  try {
    const badInputs = new Drill('bad inputs: flags, golive.yml, wizard fields');
    await tryBadInputs(target, badInputs);
    if (!fast) await tryWizardFields(target, badInputs);
    rows.push(badInputs.row());
    rows.push((await aptLockDrill(target, { pastTheWait: !fast })).row());
  } finally {
    await target.destroy();
  }
  return rows;
}

async function main(): Promise<number> {
  const why = e2eUnavailable();
  if (why) {
    console.error(`drills: ${why}`);
    return 1;
  }
  const started = Date.now();
  process.once('SIGINT', () => {
    console.error('drills: interrupted; removing the test servers');
    void Promise.all(SERVERS.map((name) => TestServer.destroyByName(name))).then(() => process.exit(130));
  });
  const groups = await Promise.allSettled([serverA(), serverB()]);
  const rows = groups.flatMap((group, n) =>
    group.status === 'fulfilled' ? group.value : [{ drill: `the drills on ${SERVERS[n]}`, cases: 1, recovered: 0, lost: [], failures: [String(group.reason)], seconds: 0 }],
  );
  console.log(`\n${renderTable(rows, Math.round((Date.now() - started) / 1000))}`);
  return allRecovered(rows) ? 0 : 1;
}

process.exitCode = await main();
