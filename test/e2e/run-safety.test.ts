import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, startPaused, TestServer, testKey, tryLogin } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** One run at a time, one undo whoever runs it, and a journal that can be damaged without harm. */
describe('run lock, one undo and a damaged journal, on a real server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  const run = (args: readonly string[], env: Record<string, string> = {}) => golive.run(golive.args('deploy', args), env);
  const latestRun = async () => (await server.sh('ls -d /var/lib/golive/runs/* | tail -n1')).trim();
  const statusOf = async (dir: string) => /"status": "([a-z-]+)"/.exec(await server.sh(`cat ${dir}/manifest.json`))![1];

  before(async () => {
    server = await TestServer.boot('e2e-run-safety', 53, { cloudDropIn: true });
    golive = new GoliveRunner(server);
    await run(['history', '--accept-new-host-key']);
    writeFileSync(join(golive.home, 'golive.yml'), 'ssh:\n  allowUsers: [deploy]\nfail2ban:\n  maxretry: 3\n');
  });
  after(() => server?.destroy());

  it('refuses a second run at once, naming the first; plan does not wait; a holder that is gone is taken over with a note', async () => {
    const first = await startPaused(golive, golive.args('deploy', ['apply', '--only', 'ssh', '--yes']), { GOLIVE_TEST_PAUSE: 'after-first-change', GOLIVE_CONFIRM_SECONDS: '600' });
    try {
      for (const args of [['apply', '--only', 'fail2ban', '--yes'], ['rollback', '--yes']]) {
        const second = await run(args);
        assert.equal(second.exitCode, 1, second.stdout + second.stderr);
        assert.match(second.stderr, /another golive run holds this server: apply of ssh by \S+@\S+ \(pid \d+ on the server, since \d{4}-\d\d-\d\dT[\d:]+Z\)/);
      }
      const plan = await run(['plan', '--only', 'fail2ban']);
      assert.equal(plan.exitCode, 2, plan.stderr);
      // The holder dies without cleaning up (killed by the kernel, say): its record stays, its flock goes.
      const holderPid = (await server.sh('cut -f2 /var/lib/golive/lock.holder')).trim();
      await server.sh(`kill -KILL ${holderPid}`);
    } finally {
      await first.kill();
    }
    const rollback = await run(['rollback', '--yes']);
    assert.equal(rollback.exitCode, 0, rollback.stdout + rollback.stderr);
    assert.match(rollback.stderr, /note: took over the run lock from apply of ssh by \S+ \(pid \d+ on the server, since .*\): its golive is gone/);
    // The first change of the ssh step is its own new drop-in: undone by removing it.
    assert.match(rollback.stdout, /removed +\/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
    assert.equal((await server.exec(['test', '-e', '/var/lib/golive/lock.holder'])).exitCode, 1, 'a lock released in order leaves no record');
  });

  it('a timer that fires after the run was confirmed does nothing', async () => {
    const apply = await run(['apply', '--only', 'ssh', '--yes']);
    assert.equal(apply.exitCode, 0, apply.stdout + apply.stderr);
    const dir = await latestRun();
    assert.equal((await server.sh(`cat ${dir}/decision`)).trim(), 'confirmed');
    const before = await server.snapshot('/etc/ssh');
    // What the timer would run, late: the same script, in its timer mode.
    const late = await server.exec(['sh', `${dir}/undo.sh`]);
    assert.equal(late.exitCode, 0, late.stderr);
    assert.equal(late.stdout, '', 'it did nothing and said nothing');
    assert.equal(await server.snapshot('/etc/ssh'), before);
    assert.equal(await statusOf(dir), 'applied');
    assert.equal((await run(['rollback', '--yes'])).exitCode, 0);
  });

  it("the timer's undo validates before reloading, as golive's rollback does (it is the same script)", async () => {
    const paused = await startPaused(golive, golive.args('deploy', ['apply', '--only', 'ssh', '--yes']), { GOLIVE_TEST_PAUSE: 'before-login-check', GOLIVE_CONFIRM_SECONDS: '8' });
    await paused.kill();
    const dir = await latestRun();
    // Someone else's drop-in breaks sshd's config before the timer fires: reloading now would fail sshd.
    await server.sh("printf 'ThisIsNotAnOption yes\\n' > /etc/ssh/sshd_config.d/60-broken.conf");
    const reloadsBefore = await server.sh("journalctl -u ssh.service --no-pager | grep -c 'Received SIGHUP' || true");
    const deadline = Date.now() + 40_000;
    while ((await statusOf(dir)) === 'applying') {
      assert.ok(Date.now() < deadline, 'the undo timer did not run within 40 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(await statusOf(dir), 'rollback-incomplete');
    assert.equal(await server.sh("journalctl -u ssh.service --no-pager | grep -c 'Received SIGHUP' || true"), reloadsBefore, 'no reload of a config that does not validate');
    assert.match(await server.sh('journalctl -t golive --no-pager'), /run undone by its timer \(rollback-incomplete\)/);
    assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok', 'sshd still serves logins');
    await server.sh('rm /etc/ssh/sshd_config.d/60-broken.conf');
  });

  it('lists a damaged manifest as unreadable, and plans, applies and rolls back all the same', async () => {
    await server.sh(`mkdir -p /var/lib/golive/runs/20200101T000000Z-aaaaaa /var/lib/golive/runs/20200101T000001Z-bbbbbb
      printf '{"version": 1, "runId": "2020' > /var/lib/golive/runs/20200101T000000Z-aaaaaa/manifest.json
      printf '{"version": 99}' > /var/lib/golive/runs/20200101T000001Z-bbbbbb/manifest.json`);
    const history = await run(['history']);
    assert.equal(history.exitCode, 0, history.stderr);
    assert.match(history.stderr, /unreadable: \/var\/lib\/golive\/runs\/20200101T000000Z-aaaaaa\/manifest\.json \(not JSON \(cut short\?\)\)/);
    assert.match(history.stderr, /unreadable: \/var\/lib\/golive\/runs\/20200101T000001Z-bbbbbb\/manifest\.json \(schema version 99, this golive reads version 1\)/);
    assert.match(history.stdout, /rolled-back/);
    const apply = await run(['apply', '--only', 'fail2ban', '--yes']);
    assert.equal(apply.exitCode, 0, apply.stdout + apply.stderr);
    const rollback = await run(['rollback', '--yes']);
    assert.equal(rollback.exitCode, 0, rollback.stdout + rollback.stderr);
  });
});
