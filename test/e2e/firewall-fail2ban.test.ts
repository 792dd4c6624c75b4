import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, failPasswordLogin, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

describe('firewall and fail2ban in one run: bans go through ufw', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;

  before(async () => {
    server = await TestServer.boot('e2e-fw-f2b', 19);
    golive = new GoliveRunner(server);
    pristine = (await server.snapshot('/etc/ufw')) + (await server.snapshot('/etc/fail2ban'));
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('applies both; fail2ban bans through the ufw the same run turned on', async () => {
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'firewall,fail2ban', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(await server.sh('cat /etc/fail2ban/jail.local'), /^banaction = ufw$/m);
    const again = await golive.run(golive.args('deploy', ['plan', '--only', 'firewall,fail2ban']));
    assert.equal(again.exitCode, 0, again.stdout);
  });

  it('bans this host in ufw after repeated failed logins (and the test unbans it)', async () => {
    for (let i = 0; i < 4; i += 1) await failPasswordLogin(server, 'deploy');
    const deadline = Date.now() + 15_000;
    while (!(await server.sh('ufw status')).includes(server.hostAddress)) {
      assert.ok(Date.now() < deadline, `${server.hostAddress} was not banned in ufw within 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await server.sh(`fail2ban-client set sshd unbanip ${server.hostAddress}`);
    assert.doesNotMatch(await server.sh('ufw status'), new RegExp(server.hostAddress.replaceAll('.', '\\.')));
  });

  it('rolls both back in one go', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal((await server.snapshot('/etc/ufw')) + (await server.snapshot('/etc/fail2ban')), pristine);
    assert.match(await server.sh('ufw status'), /Status: inactive/);
  });
});
