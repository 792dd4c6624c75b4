import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GOLIVE_BIN, GoliveRunner, TestServer, testKey } from '../helpers/test-server.js';
import { Tmux } from '../helpers/tmux.js';

const skip = e2eUnavailable();

const HOSTS = ['fleet1', 'fleet2', 'fleet3', 'fleet4', 'fleet5'];
const BROKEN_DROP_IN = '/etc/ssh/sshd_config.d/60-broken.conf';
const TWO_FACTOR_DROP_IN = '/etc/ssh/sshd_config.d/60-2fa.conf';

interface FleetRow {
  readonly host: string;
  readonly exitCode: number;
  readonly result: string;
  readonly runId: string | null;
}

/** Five test servers, one inventory: every host applied and verified on its own, a failure undone on its host alone. */
describe('a fleet from one inventory', { skip }, () => {
  const servers: TestServer[] = [];
  let golive: GoliveRunner;

  /** golive with the inventory of the hosts named (default: all five), every host's key accepted on first sight. */
  const fleet = (command: readonly string[], hosts: readonly string[] = HOSTS) => {
    writeInventory(hosts);
    return golive.run(['--identity', testKey().privateKeyFile, '--known-hosts', golive.knownHosts, '--accept-new-host-key', ...command, '--inventory', 'hosts.yml', '--only', 'ssh,firewall']);
  };
  const rows = (stdout: string) => (JSON.parse(stdout) as { hosts: FleetRow[] }).hosts;
  const writeInventory = (hosts: readonly string[]) => {
    const lines = ['hosts:', ...hosts.map((name) => `  ${name}:\n    target: {host: ${servers[HOSTS.indexOf(name)]!.address}}`), 'groups:', '  web:', `    hosts: [${hosts.filter((h) => h === 'fleet1' || h === 'fleet2').join(', ')}]`, '    firewall: {allow: [22/tcp, 80, 443/tcp, 8080/tcp]}'];
    writeFileSync(join(golive.home, 'hosts.yml'), `${lines.join('\n')}\n`);
  };
  const runsOn = async (server: TestServer) => Number((await server.sh('ls /var/lib/golive/runs 2>/dev/null | wc -l')).trim());
  const undoAll = async (hosts: readonly string[] = HOSTS) => {
    const undone = await fleet(['rollback', '--yes', '--json'], hosts);
    assert.equal(undone.exitCode, 0, undone.stdout + undone.stderr);
  };

  before(async () => {
    servers.push(...(await Promise.all(HOSTS.map((_, n) => TestServer.boot(`e2e-fleet-${n + 1}`, 120 + n)))));
    golive = new GoliveRunner(servers[0]!);
    // Shared answers for every host: the user golive logs in as, and the steps' answers.
    writeFileSync(join(golive.home, 'golive.yml'), 'target:\n  user: deploy\nssh:\n  allowUsers: [deploy]\nfirewall:\n  allow: [22/tcp, 80, 443/tcp]\n');
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.destroy()));
  });

  it('plans every host, each with its own answers, and prints a table', async () => {
    const plan = await fleet(['plan']);
    assert.equal(plan.exitCode, 2, plan.stderr);
    for (const host of HOSTS) assert.match(plan.stdout, new RegExp(`^== ${host} \\(deploy@10\\.77\\.\\d+\\.2\\): changes pending ==`, 'm'));
    assert.match(plan.stdout, /^HOST +TARGET +STEPS +RESULT +RUN ID +TIME$/m);
    assert.match(plan.stdout, /^5 of 5 hosts succeeded$/m);
    const json = rows((await fleet(['plan', '--json'])).stdout);
    assert.deepEqual(json.map((r) => [r.host, r.exitCode, r.result]), HOSTS.map((h) => [h, 2, 'changes pending']));
    const audit = await fleet(['audit', '--json']);
    const audited = rows(audit.stdout);
    assert.deepEqual(audited.map((r) => r.host), HOSTS);
    for (const row of audited) assert.match(row.result, /^\d+ pass, \d+ fail, \d+ warn, \d+ unknown$/);
    assert.equal(audit.exitCode, Math.max(...audited.map((r) => r.exitCode)));
  });

  it("applies to every host in parallel; a host whose sshd has someone else's broken drop-in is refused, unchanged, alone", async () => {
    const broken = servers[2]!;
    await broken.sh(`printf 'ThisIsNotAnOption yes\\n' > ${BROKEN_DROP_IN}`);
    const sshBefore = await broken.snapshot('/etc/ssh');
    const ufwBefore = await broken.sh('ufw status');
    const run = await fleet(['apply', '--yes', '--json']);
    assert.equal(run.exitCode, 1, run.stderr);
    const result = rows(run.stdout);
    // sshd -T fails there before any change, so golive plans nothing for it (its sshd -t would fail the same way).
    const refusal = /^error: sshd -T fails with the server's configuration as it is now, before any change: .*60-broken\.conf/;
    assert.deepEqual(result.map((r) => [r.host, refusal.test(r.result) ? 'refused' : r.result]), HOSTS.map((h) => [h, h === 'fleet3' ? 'refused' : 'applied']), run.stdout);
    assert.equal(await broken.snapshot('/etc/ssh'), sshBefore);
    assert.equal(await broken.sh('ufw status'), ufwBefore);
    for (const [n, server] of servers.entries()) {
      if (n === 2) continue;
      const sshd = await server.sh('sshd -T');
      assert.match(sshd, /^allowusers deploy$/m, `${HOSTS[n]}: ${sshd}`);
      assert.match(sshd, /^permitrootlogin no$/m);
      const ufw = await server.sh('ufw status');
      assert.match(ufw, /^Status: active/m);
      // The web group's answer reaches its hosts only.
      assert.equal(/^8080\/tcp +ALLOW/m.test(ufw), n < 2, `${HOSTS[n]}: ${ufw}`);
      assert.equal(await runsOn(server), 1);
    }
    await broken.sh(`rm ${BROKEN_DROP_IN}`);
    assert.equal(await runsOn(broken), 0, 'no run on the refused host');
    await undoAll(HOSTS.filter((h) => h !== 'fleet3'));
  });

  it('five hosts in parallel: the wall time, printed next to one host alone', async (t) => {
    const timed = async (hosts: readonly string[]) => {
      const start = performance.now();
      const run = await fleet(['apply', '--yes', '--json'], hosts);
      assert.equal(run.exitCode, 0, run.stdout + run.stderr);
      return performance.now() - start;
    };
    const one = await timed(['fleet1']);
    await undoAll(['fleet1']);
    const five = await timed(HOSTS);
    for (const server of servers) {
      assert.match(await server.sh('sshd -T'), /^allowusers deploy$/m);
      assert.match(await server.sh('ufw status'), /^Status: active/m);
    }
    t.diagnostic(`apply --only ssh,firewall: one host ${(one / 1000).toFixed(1)} s, five hosts in parallel ${(five / 1000).toFixed(1)} s (2 cores shared by golive and the five servers)`);
    const history = await fleet(['history', '--json']);
    assert.equal(history.exitCode, 0);
    for (const row of rows(history.stdout)) assert.match(row.result, /runs? recorded/);
    await undoAll();
  });

  it('--canary applies to the first host alone and stops when it fails', async () => {
    const canary = servers[0]!;
    // Valid as it is, but golive's change (no passwords) fails sshd -t there: the canary's apply fails and is undone.
    await canary.sh(`printf 'AuthenticationMethods publickey,password\\n' > ${TWO_FACTOR_DROP_IN} && sshd -t`);
    try {
      const before = await Promise.all(servers.map(runsOn));
      const run = await fleet(['apply', '--yes', '--canary', '--json']);
      assert.equal(run.exitCode, 1);
      assert.deepEqual(rows(run.stdout).map((r) => r.result), ['failed, undone', ...HOSTS.slice(1).map(() => 'skipped: the canary failed')]);
      const afterRuns = await Promise.all(servers.map(runsOn));
      assert.deepEqual(afterRuns.slice(1), before.slice(1), 'a host after the canary was touched');
      for (const server of servers.slice(1)) assert.match(await server.sh('ufw status'), /^Status: inactive/m);
    } finally {
      // The undo reloaded sshd with the restored files, this drop-in among them.
      await canary.sh(`rm ${TWO_FACTOR_DROP_IN} && systemctl reload ssh.service`);
    }
  });

  it('the wizard opens the inventory in a real terminal: every host planned, then applied to all at one yes', async () => {
    writeInventory(HOSTS);
    const argv = ['env', `GOLIVE_SETTINGS_DIR=${join(golive.home, 'settings')}`, 'SSH_AUTH_SOCK=', 'node', GOLIVE_BIN, '--identity', testKey().privateKeyFile, '--known-hosts', golive.knownHosts, '--inventory', 'hosts.yml', '--only', 'ssh,firewall'];
    const terminal = await Tmux.start(`golive-fleet-${process.pid}`, argv, { columns: 100, rows: 30 }, golive.home);
    try {
      await terminal.waitFor(/Which server of the inventory\?/);
      await terminal.choose('Every host (5): plan, then apply to all…');
      await terminal.waitFor(/Apply to all 5 hosts/);
      await terminal.press('y');
      await terminal.waitFor(/5 of 5 hosts succeeded/);
    } finally {
      await terminal.stop();
    }
    for (const server of servers) assert.match(await server.sh('sshd -T'), /^allowusers deploy$/m);
    await undoAll();
  });
});
