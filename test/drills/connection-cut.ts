import { execa } from 'execa';
import { testKey, tryLogin } from '../helpers/test-server.js';
import { Drill, expect, sleep } from './drill.js';
import type { DrillServer } from './drill-server.js';

/**
 * The link to the server cut mid-apply: the host end of the test server's veth taken down while
 * golive is paused, golive killed, the link left down until the server's own undo timer has undone
 * the run; then the link comes back and a key login works, and the server is as it was.
 */

/** Long enough for the full apply to get from arming the timer to the pause point, even on a slow machine. */
const CONFIRM_SECONDS = 45;

export async function connectionCutDrill(target: DrillServer): Promise<Drill> {
  const drill = new Drill('connection cut mid-apply');
  await drill.case('link down after the reloads, before the login check', 360_000, () => cutAndRecover(target, 'before-login-check'));
  const firewallOn = target.labels.findIndex((label) => label.startsWith('run ufw --force enable'));
  if (firewallOn < 0) drill.notTried(1, 'no reference run to find the firewall going on in');
  // Boundary n is right after action n-1: the label at index i is action i+1.
  else await drill.case('link down right after the firewall went on', 360_000, () => cutAndRecover(target, `action:${firewallOn + 2}`));
  return drill;
}

async function cutAndRecover(target: DrillServer, pause: string): Promise<void> {
  const link = `glv${target.index}h`;
  const paused = await target.paused(['apply', '--yes'], pause, CONFIRM_SECONDS);
  const runDir = (await target.server.sh('ls -d /var/lib/golive/runs/* | tail -n1')).trim();
  const since = (await target.server.sh('date +%s')).trim();
  await target.noteSecrets();
  await execa('ip', ['link', 'set', link, 'down']);
  try {
    await paused.kill();
    const status = await waitForUndo(target, runDir, CONFIRM_SECONDS + 150);
    expect(status === 'rolled-back', `the server's timer left the run ${status}`);
    const log = await target.server.sh(`journalctl -t golive --no-pager -o cat --since @${since}`);
    expect(log.includes('run undone by its timer (rolled-back)'), 'no journal line from the timer');
  } finally {
    await execa('ip', ['link', 'set', link, 'up']);
  }
  expect((await tryLogin(target.server, 'deploy', { key: testKey() })) === 'ok', 'no key login once the link is back');
  await target.expectNothingPending();
  await target.expectPristine();
}

/** Polls the run's manifest (through nsenter: the link is down) until it is no longer being applied or undone. */
async function waitForUndo(target: DrillServer, runDir: string, seconds: number): Promise<string> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const status = /"status": "([a-z-]+)"/.exec(await target.server.sh(`cat ${runDir}/manifest.json`))?.[1] ?? 'unreadable';
    if (!['applying', 'rolling-back'].includes(status)) return status;
    if (Date.now() > deadline) return `${status} after ${seconds} s`;
    await sleep(1000);
  }
}
