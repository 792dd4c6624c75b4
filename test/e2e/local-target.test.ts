import assert from 'node:assert/strict';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, goliveInside, REPO_ROOT, TestServer, testKey, tryLogin } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** golive run ON the server (the local target, no SSH): node and the build are copied in. */
describe('the local target, inside a test server', { skip }, () => {
  let server: TestServer;
  let pristine: string;
  const golive = goliveInside(() => server, ['node', '/opt/golive/bin/golive.js']);

  before(async () => {
    server = await TestServer.boot('e2e-local', 14, { cloudDropIn: true });
    await cp(process.execPath, join(server.root, 'usr/local/bin/node'));
    await mkdir(join(server.root, 'opt/golive'), { recursive: true });
    for (const part of ['package.json', 'bin', 'dist', 'templates', 'node_modules']) {
      await cp(join(REPO_ROOT, part), join(server.root, 'opt/golive', part), { recursive: true, verbatimSymlinks: true });
    }
    pristine = await server.snapshot('/etc/ssh');
  });
  after(() => server?.destroy());

  it('plans from a console: AllowUsers defaults to the sudo users who have keys', async () => {
    const run = await golive(['plan', '--only', 'ssh']);
    assert.equal(run.exitCode, 2, run.stderr + run.stdout);
    assert.match(run.stdout, /^\+AllowUsers deploy$/m);
    assert.match(run.stdout, /then: a new SSH login as deploy on port 22, and sudo -n true in it/);
  });

  it('applies as root through sudo from deploy, checks deploy would still get in, and verifies', async () => {
    const run = await golive(['apply', '--only', 'ssh', '--yes'], ['SUDO_USER=deploy']);
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(await server.sh('sshd -T'), /^passwordauthentication no$/m);
    assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok');
    assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'refused');
    const again = await golive(['plan', '--only', 'ssh'], ['SUDO_USER=deploy']);
    assert.equal(again.exitCode, 0, again.stderr + again.stdout);
  });

  it('refuses to shut out the user who ran it through sudo', async () => {
    await server.sh("printf 'ssh:\\n  allowUsers: [root]\\n  permitRootLogin: prohibit-password\\n' > /root/golive.yml");
    const run = await golive(['plan', '--only', 'ssh'], ['SUDO_USER=deploy']);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /user deploy: your SSH session is as deploy, who is not in allowUsers/);
    await server.sh('rm /root/golive.yml');
  });

  it('rolls back byte for byte', async () => {
    const run = await golive(['rollback', '--yes']);
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await server.snapshot('/etc/ssh'), pristine);
  });

  it("undoes the run when deploy's sudo fails though sudoers allows it (tried with runuser, no SSH here)", async () => {
    await server.sh("cp -p /etc/pam.d/sudo /root/pam-sudo.orig && sed -i '1a account requisite pam_succeed_if.so quiet user notin deploy' /etc/pam.d/sudo");
    try {
      const run = await golive(['apply', '--only', 'ssh', '--yes'], ['SUDO_USER=deploy']);
      assert.equal(run.exitCode, 1, run.stderr + run.stdout);
      assert.match(run.stderr, /the run failed and was undone: .*sudo -n true as deploy failed, so deploy could not become root: sudo: account validation failure/);
      assert.equal(await server.snapshot('/etc/ssh'), pristine);
    } finally {
      await server.sh('mv /root/pam-sudo.orig /etc/pam.d/sudo');
    }
  });
});
