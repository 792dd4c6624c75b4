import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, startPaused, TestServer, testKey, tryLogin } from '../helpers/test-server.js';

const skip = e2eUnavailable();
const key = testKey();

async function sshdT(server: TestServer): Promise<Map<string, string>> {
  const out = await server.sh('sshd -T');
  const values = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [keyword = '', ...rest] = line.split(' ');
    values.set(keyword, values.has(keyword) ? `${values.get(keyword)} ${rest.join(' ')}` : rest.join(' '));
  }
  return values;
}

const sshdReloads = (server: TestServer) => server.sh("journalctl -u ssh.service --no-pager | grep -c 'Received SIGHUP' || true");

describe('ssh step on a stock server with a cloud-style drop-in', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;

  before(async () => {
    server = await TestServer.boot('e2e-ssh', 11, { cloudDropIn: true });
    golive = new GoliveRunner(server);
    pristine = await server.snapshot('/etc/ssh');
  });
  after(() => server?.destroy());

  it('starts with password and root logins on, as the cloud drop-in says', async () => {
    const effective = await sshdT(server);
    assert.equal(effective.get('passwordauthentication'), 'yes');
    assert.equal(effective.get('permitrootlogin'), 'yes');
    assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'ok');
    assert.equal(await tryLogin(server, 'root', { key }), 'ok');
  });

  it('applies as root: sshd -T shows every value, passwords and root are refused, the key works', async () => {
    const run = await golive.run(golive.args('root', ['apply', '--only', 'ssh', '--yes', '--accept-new-host-key']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /applied and verified/);
    const effective = await sshdT(server);
    assert.equal(effective.get('passwordauthentication'), 'no');
    assert.equal(effective.get('kbdinteractiveauthentication'), 'no');
    assert.equal(effective.get('permitrootlogin'), 'no');
    assert.equal(effective.get('pubkeyauthentication'), 'yes');
    assert.equal(effective.get('allowusers'), 'deploy');
    assert.equal(effective.get('maxauthtries'), '3');
    assert.equal(effective.get('x11forwarding'), 'no');
    assert.deepEqual(['loglevel', 'compression', 'tcpkeepalive', 'clientaliveinterval', 'clientalivecountmax', 'banner'].map((k) => effective.get(k)), ['VERBOSE', 'no', 'no', '300', '2', '/etc/issue.net']);
    assert.doesNotMatch(effective.get('kexalgorithms') ?? '', /nistp|sha1/);
    assert.doesNotMatch(effective.get('hostkeyalgorithms') ?? '', /nistp|ssh-rsa(,|$)/);
    assert.ok((effective.get('macs') ?? '').split(',').every((mac) => mac.endsWith('-etm@openssh.com')));
    assert.equal(effective.get('hostkey'), '/etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_rsa_key');
    assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'refused');
    assert.equal(await tryLogin(server, 'deploy', { key }), 'ok');
    assert.equal(await tryLogin(server, 'root', { key }), 'refused');
  });

  it('plans nothing to change afterwards (exit 0)', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'ssh']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /nothing to change/);
  });

  it('rolls back as deploy through sudo: /etc/ssh byte-identical, logins as before', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await server.snapshot('/etc/ssh'), pristine);
    assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'ok');
    assert.equal(await tryLogin(server, 'root', { key }), 'ok');
    const history = await golive.run(golive.args('deploy', ['history', '--json']));
    assert.equal(JSON.parse(history.stdout)[0].status, 'rolled-back');
  });

  it('keeps the journal root-only', async () => {
    const modes = await server.sh("stat -c '%a %U' /var/lib/golive/runs /var/lib/golive/runs/* /var/lib/golive/runs/*/manifest.json");
    for (const line of modes.trim().split('\n')) assert.match(line, /^(700|600) root$/);
  });
});

describe('ssh step safety nets', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  before(async () => {
    server = await TestServer.boot('e2e-ssh-guard', 12, { cloudDropIn: true });
    golive = new GoliveRunner(server);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('refuses a user without keys, naming the user, and changes nothing', async () => {
    await server.sh('useradd --create-home --shell /bin/bash nokeys');
    const before = await server.snapshot('/etc/ssh');
    writeFileSync(join(golive.home, 'golive.yml'), 'ssh:\n  allowUsers: [deploy, nokeys]\n');
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'ssh', '--yes']));
    assert.notEqual(run.exitCode, 0);
    assert.match(run.stderr, /user nokeys: no authorized_keys file/);
    assert.equal(await server.snapshot('/etc/ssh'), before);
    assert.equal(await server.sh('ls /var/lib/golive/runs 2>/dev/null | wc -l'), '0');
  });

  it("changes nothing when someone else's drop-in already breaks sshd -T: no file, no reload, no run", async () => {
    await server.sh("printf 'ThisIsNotAnOption yes\\n' > /etc/ssh/sshd_config.d/60-broken.conf");
    try {
      const before = await server.snapshot('/etc/ssh');
      const [reloadsBefore, runsBefore] = [await sshdReloads(server), await server.sh('ls /var/lib/golive/runs 2>/dev/null | wc -l')];
      writeFileSync(join(golive.home, 'golive.yml'), 'ssh:\n  allowUsers: [deploy]\n');
      const run = await golive.run(golive.args('deploy', ['apply', '--only', 'ssh', '--yes']));
      assert.equal(run.exitCode, 1);
      assert.match(run.stderr, /sshd -T fails with the server's configuration as it is now, before any change: .*60-broken\.conf: line 1: Bad configuration option/);
      assert.equal(await server.snapshot('/etc/ssh'), before);
      assert.equal(await sshdReloads(server), reloadsBefore);
      assert.equal(await server.sh('ls /var/lib/golive/runs 2>/dev/null | wc -l'), runsBefore);
    } finally {
      await server.sh('rm /etc/ssh/sshd_config.d/60-broken.conf');
    }
  });

  it('undoes the run when its own change fails sshd -t (a drop-in needs passwords in AuthenticationMethods)', async () => {
    await server.sh("printf 'AuthenticationMethods publickey,password\\n' > /etc/ssh/sshd_config.d/60-2fa.conf && sshd -t");
    try {
      const before = await server.snapshot('/etc/ssh');
      writeFileSync(join(golive.home, 'golive.yml'), 'ssh:\n  allowUsers: [deploy]\n');
      const run = await golive.run(golive.args('deploy', ['apply', '--only', 'ssh', '--yes']));
      assert.equal(run.exitCode, 1);
      assert.match(run.stderr, /the run failed and was undone: sshd -t rejected the new sshd configuration: .*AuthenticationMethods/);
      assert.equal(await server.snapshot('/etc/ssh'), before);
      assert.match(await server.sh('sshd -T'), /^passwordauthentication yes$/m);
    } finally {
      // The undo reloaded sshd with the restored files, this drop-in among them.
      await server.sh('rm /etc/ssh/sshd_config.d/60-2fa.conf && systemctl reload ssh.service');
    }
  });

  /** golive apply, stopped dead at `at` and then killed with SIGKILL. */
  async function killedAt(at: 'after-first-change' | 'before-login-check', env: Record<string, string> = {}): Promise<void> {
    const run = await startPaused(golive, golive.args('deploy', ['apply', '--only', 'ssh', '--yes']), { GOLIVE_TEST_PAUSE: at, ...env });
    await run.kill();
  }

  it('undoes a run killed with SIGKILL in the middle of apply', async () => {
    const before = await server.snapshot('/etc/ssh');
    await killedAt('after-first-change');
    assert.notEqual(await server.snapshot('/etc/ssh'), before);
    const history = await golive.run(golive.args('deploy', ['history']));
    assert.match(history.stdout, /unfinished \(applying\)/);
    const rollback = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(rollback.exitCode, 0, rollback.stderr + rollback.stdout);
    assert.equal(await server.snapshot('/etc/ssh'), before);
  });

  it("is undone by the server's own timer when golive dies before confirming a fresh login", async () => {
    const before = await server.snapshot('/etc/ssh');
    await killedAt('before-login-check', { GOLIVE_CONFIRM_SECONDS: '10' });
    assert.match(await server.sh('sshd -T'), /^passwordauthentication no$/m, 'applied and reloaded, not yet confirmed');
    const deadline = Date.now() + 30_000;
    while (!(await server.sh('cat "$(ls -d /var/lib/golive/runs/* | tail -n1)/manifest.json"')).includes('"status": "rolled-back"') || (await server.snapshot('/etc/ssh')) !== before) {
      assert.ok(Date.now() < deadline, 'the undo timer did not restore /etc/ssh within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.match(await server.sh('sshd -T'), /^passwordauthentication yes$/m);
    assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'ok');
  });
});
