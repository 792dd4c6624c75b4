import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** Holds one of apt's locks inside the server for a few seconds, as apt-daily does after boot. */
const HOLD_LOCK = "import fcntl, sys, time\nf = open(sys.argv[1], 'w')\nfcntl.lockf(f, fcntl.LOCK_EX)\ntime.sleep(float(sys.argv[2]))";

describe('installing a missing package (through an apt proxy on the test host)', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  before(async () => {
    server = await TestServer.boot('e2e-packages', 20, { aptProxy: true });
    golive = new GoliveRunner(server);
    await server.sh('DEBIAN_FRONTEND=noninteractive apt-get remove -y -q ufw >/dev/null');
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('plans the install, waits while apt is busy, installs ufw and enables the firewall', async () => {
    const plan = await golive.run(golive.args('deploy', ['plan', '--only', 'firewall']));
    assert.match(plan.stdout, /run: apt-get update && apt-get install -y ufw/);
    await server.exec(['systemd-run', '--unit=golive-test-apt-lock', 'python3', '-c', HOLD_LOCK, '/var/lib/apt/lists/lock', '6']);
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'firewall', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(await server.sh('ufw status'), /Status: active/);
  });

  it('keeps the package on rollback, and turns the firewall off again', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(await server.sh('ufw status'), /Status: inactive/);
  });
});
