import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, startPaused, TestServer, tcpReachable, testKey, tryLogin } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/**
 * The kernel's tables, each family on its own, without packet counters (they change by themselves)
 * and with an empty ACCEPT filter table counted as no table (the same thing to every packet).
 */
const IPTABLES = "for t in iptables ip6tables; do echo \"== $t\"; $t-save | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'; done";
const EMPTY_FILTER = '*filter\n:INPUT ACCEPT \n:FORWARD ACCEPT \n:OUTPUT ACCEPT \nCOMMIT\n';
const tablesOf = async (server: TestServer) => (await server.sh(IPTABLES)).concat('\n').replaceAll(EMPTY_FILTER, '');

describe('firewall step on a stock server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let ufwFiles: string;
  let tables: string;

  before(async () => {
    server = await TestServer.boot('e2e-firewall', 17);
    golive = new GoliveRunner(server);
    // Something listening on Redis's port on every address (PostgreSQL holds 5432 on loopback), and a rule of the admin's own.
    await server.sh('systemd-run --unit=golive-test-listener python3 -m http.server 6379 --bind 0.0.0.0 >/dev/null 2>&1');
    await server.sh('iptables -A INPUT -s 192.0.2.99 -p tcp --dport 25 -j DROP');
    ufwFiles = await server.snapshot('/etc/ufw');
    tables = await tablesOf(server);
    for (let i = 0; i < 50 && !(await tcpReachable(server, 6379)); i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await tcpReachable(server, 6379), true, 'the listener on 6379 is reachable before the firewall');
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('refuses answers that would block the SSH port, naming it, and changes nothing', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'firewall:\n  allow: [80, 443/tcp]\n');
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'firewall', '--yes']));
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /the firewall would block SSH: port 22\/tcp is in use by sshd or by this connection but not in firewall\.allow/);
    assert.equal(await server.snapshot('/etc/ufw'), ufwFiles);
    writeFileSync(join(golive.home, 'golive.yml'), '');
  });

  it('enables ufw: SSH reachable and a new login works, the denied port is not reachable', async () => {
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'firewall', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    const status = await server.sh('ufw status verbose');
    assert.match(status, /Status: active/);
    assert.match(status, /Default: deny \(incoming\), allow \(outgoing\)/);
    for (const rule of [/22\/tcp\s+ALLOW IN/, /80\/tcp\s+ALLOW IN/, /443\/tcp\s+ALLOW IN/, /5432\/tcp\s+DENY IN/, /6379\/tcp\s+DENY IN/, /9000\/tcp\s+DENY IN/, /9001\/tcp\s+DENY IN/]) {
      assert.match(status, rule);
    }
    assert.equal(await tcpReachable(server, 22), true);
    assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok');
    assert.equal(await tcpReachable(server, 6379), false, 'the Redis port is blocked from outside');
  });

  it('plans nothing to change afterwards', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'firewall']));
    assert.equal(run.exitCode, 0, run.stdout);
  });

  it('rolls back: /etc/ufw byte-identical, ufw off, the kernel tables (policies, non-ufw rules) as before', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await server.snapshot('/etc/ufw'), ufwFiles);
    assert.match(await server.sh('ufw status'), /Status: inactive/);
    assert.equal(await tablesOf(server), tables);
    assert.equal(await tcpReachable(server, 6379), true);
  });

  it("is undone by the server's own timer when golive is cut off after enabling", async () => {
    // 10 s: the timer must not fire before the test has seen the unconfirmed state, and a loaded CI
    // machine can take seconds from arming it to the pause.
    const run = await startPaused(golive, golive.args('deploy', ['apply', '--only', 'firewall', '--yes']), { GOLIVE_TEST_PAUSE: 'before-login-check', GOLIVE_CONFIRM_SECONDS: '10' });
    try {
      assert.match(await server.sh('ufw status'), /Status: active/, 'enabled, not yet confirmed');
    } finally {
      // A paused golive left running would keep this test file alive until its timeout.
      await run.kill();
    }
    const deadline = Date.now() + 30_000;
    // The undo script marks the run rolled back as its last act.
    while (!(await server.sh('cat "$(ls -d /var/lib/golive/runs/* | tail -n1)/manifest.json"')).includes('"status": "rolled-back"')) {
      assert.ok(Date.now() < deadline, 'the undo timer did not restore the firewall within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.match(await server.sh('ufw status'), /Status: inactive/);
    assert.equal(await server.snapshot('/etc/ufw'), ufwFiles);
    assert.equal(await tablesOf(server), tables);
    const history = await golive.run(golive.args('deploy', ['history', '--json']));
    assert.equal(JSON.parse(history.stdout)[0].status, 'rolled-back');
  });
});
