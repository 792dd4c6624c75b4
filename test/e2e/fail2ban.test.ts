import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, failPasswordLogin, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

describe('fail2ban step on a stock Debian 12 server (no /var/log/auth.log)', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;

  before(async () => {
    server = await TestServer.boot('e2e-fail2ban', 18);
    golive = new GoliveRunner(server);
    pristine = await server.snapshot('/etc/fail2ban');
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('starts with fail2ban failed: the stock sshd jail finds no log file', async () => {
    assert.notEqual((await server.exec(['systemctl', 'is-active', 'fail2ban'])).stdout.trim(), 'active');
  });

  it('applies: fail2ban active, the sshd jail runs with bantime 3600, findtime 600, maxretry 3', async () => {
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'fail2ban', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal((await server.exec(['systemctl', 'is-active', 'fail2ban'])).stdout.trim(), 'active');
    assert.match(await server.sh('fail2ban-client status sshd'), /Journal matches:/);
    assert.equal((await server.sh('fail2ban-client get sshd bantime')).trim(), '3600');
    assert.equal((await server.sh('fail2ban-client get sshd findtime')).trim(), '600');
    assert.equal((await server.sh('fail2ban-client get sshd maxretry')).trim(), '3');
  });

  it('plans nothing to change afterwards', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'fail2ban']));
    assert.equal(run.exitCode, 0, run.stdout);
  });

  it('bans this host after repeated failed password logins (and the test unbans it)', async () => {
    for (let i = 0; i < 4; i += 1) await failPasswordLogin(server, 'deploy');
    const deadline = Date.now() + 15_000;
    while (!(await server.sh('fail2ban-client status sshd')).includes(server.hostAddress)) {
      assert.ok(Date.now() < deadline, `${server.hostAddress} was not banned within 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await server.sh(`fail2ban-client set sshd unbanip ${server.hostAddress}`);
  });

  it('rolls back: /etc/fail2ban byte-identical, the service stopped as it was', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await server.snapshot('/etc/fail2ban'), pristine);
    assert.notEqual((await server.exec(['systemctl', 'is-active', 'fail2ban'])).stdout.trim(), 'active');
  });
});
