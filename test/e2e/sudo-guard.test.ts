import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, sshRun, TestServer, testKey, tryLogin } from '../helpers/test-server.js';

const skip = e2eUnavailable();
const key = testKey();

/** Adds a user with the admin's key, the way an admin would (no password: locked, as adduser --disabled-password leaves it). */
const addUserWithKey = (user: string, extra = '') =>
  `useradd --create-home --shell /bin/bash ${extra} ${user} && install -d -m 700 -o ${user} -g ${user} /home/${user}/.ssh && install -m 600 -o ${user} -g ${user} /root/.ssh/authorized_keys /home/${user}/.ssh/authorized_keys`;

/**
 * Root turns root login off: the users left must really be able to become root. Played on a real
 * server with the accounts people really make: a deploy user from `adduser --disabled-password`
 * put in group sudo (its password locked, so sudo's prompt can never be passed), and an operator
 * allowed one command.
 */
describe('the account that keeps root must really reach root', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;

  const answers = (allowUsers: string[]) => writeFileSync(join(golive.home, 'golive.yml'), `ssh:\n  allowUsers: [${allowUsers.join(', ')}]\n  permitRootLogin: "no"\n`);
  const applyAsRoot = () => golive.run(golive.args('root', ['apply', '--only', 'ssh', '--yes']));
  const runCount = async () => (await server.sh('ls /var/lib/golive/runs 2>/dev/null | wc -l')).trim();

  before(async () => {
    server = await TestServer.boot('e2e-sudo-guard', 41);
    golive = new GoliveRunner(server);
    await server.sh(addUserWithKey('app', '--groups sudo'));
    await server.sh(`${addUserWithKey('ops')} && echo 'ops ALL=(root) NOPASSWD: /usr/bin/systemctl' > /etc/sudoers.d/ops && chmod 0440 /etc/sudoers.d/ops`);
    await server.sh(`${addUserWithKey('admin2', '--groups sudo')} && echo 'admin2:admin2-password' | chpasswd`);
    await golive.run(golive.args('root', ['history', '--accept-new-host-key']));
    pristine = await server.snapshot('/etc/ssh');
  });
  after(() => server?.destroy());

  it('starts as the attack needs: app locked in group sudo, ops with one command, root logs in with its key', async () => {
    assert.match(await server.sh('passwd -S app'), /^app L /);
    assert.match(await server.sh('sudo -l -U ops'), /\(root\) NOPASSWD: \/usr\/bin\/systemctl$/m);
    assert.equal(await tryLogin(server, 'app', { key }), 'ok');
    assert.equal(await tryLogin(server, 'root', { key }), 'ok');
    // app really cannot become root: this is what the guard must foresee.
    assert.match((await sshRun(server, 'app', 'sudo -n true')).stderr, /a password is required/);
  });

  it('refuses allowUsers [app] with root login off, naming app and why; /etc/ssh untouched', async () => {
    answers(['app']);
    const run = await applyAsRoot();
    assert.equal(run.exitCode, 1, run.stderr + run.stdout);
    assert.match(run.stderr, /user app: in group sudo, but its password is locked, so sudo's password prompt can never be passed/);
    assert.match(run.stderr, /permitRootLogin: prohibit-password/);
    assert.equal(await server.snapshot('/etc/ssh'), pristine);
    assert.equal(await runCount(), '0');
  });

  it('refuses allowUsers [ops]: sudo for one command is no way to root', async () => {
    answers(['ops']);
    const run = await applyAsRoot();
    assert.equal(run.exitCode, 1, run.stderr + run.stdout);
    assert.match(run.stderr, /user ops: sudo only for \/usr\/bin\/systemctl/);
    assert.equal(await server.snapshot('/etc/ssh'), pristine);
    assert.equal(await runCount(), '0');
  });

  it('applies [app, deploy]: root is refused, and deploy becomes root through a fresh login', async () => {
    answers(['app', 'deploy']);
    const run = await applyAsRoot();
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /ok {3}a new SSH login as deploy on port 22, and sudo -n true in it/);
    assert.match(await server.sh('sshd -T'), /^permitrootlogin no$/m);
    assert.equal(await tryLogin(server, 'root', { key }), 'refused');
    const asDeploy = await sshRun(server, 'deploy', 'sudo -n true && sudo -n id -u');
    assert.equal(asDeploy.exitCode, 0, asDeploy.stderr);
    assert.equal(asDeploy.stdout.trim(), '0');
  });

  it('rolls back as deploy, through sudo: /etc/ssh byte-identical, root logs in again', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await server.snapshot('/etc/ssh'), pristine);
    assert.equal(await tryLogin(server, 'root', { key }), 'ok');
  });

  it('undoes the run when sudo fails in the fresh login though sudoers allows it (PAM refuses deploy)', async () => {
    // sudo -l -U reads sudoers only: it still lists NOPASSWD: ALL, while sudo's PAM stack
    // (account management, run even without a password) refuses deploy. Only trying sudo shows it.
    await server.sh("cp -p /etc/pam.d/sudo /root/pam-sudo.orig && sed -i '1a account requisite pam_succeed_if.so quiet user notin deploy' /etc/pam.d/sudo");
    try {
      assert.match(await server.sh('sudo -l -U deploy'), /NOPASSWD: ALL/);
      answers(['deploy']);
      const run = await applyAsRoot();
      assert.equal(run.exitCode, 1, run.stderr + run.stdout);
      assert.match(run.stdout, /FAIL a new SSH login as deploy on port 22, and sudo -n true in it/);
      assert.match(run.stderr, /the run failed and was undone: .*sudo -n true as deploy failed, so deploy could not become root: sudo: account validation failure/);
      assert.equal(await server.snapshot('/etc/ssh'), pristine);
      assert.match(await server.sh('sshd -T'), /^permitrootlogin without-password$/m);
      assert.equal(await tryLogin(server, 'root', { key }), 'ok');
      const history = await golive.run(golive.args('root', ['history', '--json']));
      assert.equal(JSON.parse(history.stdout)[0].status, 'failed');
    } finally {
      await server.sh('mv /root/pam-sudo.orig /etc/pam.d/sudo');
    }
  });

  it('accepts a sudo-group user whose password is set, and says sudo will ask for it', async () => {
    answers(['admin2']);
    const run = await applyAsRoot();
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /ok {3}a new SSH login as admin2 on port 22, and sudo -n true in it\n {5}sudo will ask for your password/);
    assert.equal(await tryLogin(server, 'root', { key }), 'refused');
    const asAdmin = await sshRun(server, 'admin2', "echo admin2-password | sudo -S -p '' id -u");
    assert.equal(asAdmin.stdout.trim(), '0', asAdmin.stderr);
  });
});
