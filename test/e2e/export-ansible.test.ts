import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { e2eUnavailable, GoliveRunner, TestServer, testKey, tryLogin } from '../helpers/test-server.js';

const skip = e2eUnavailable();
const STEPS = 'ssh,firewall,fail2ban';

/**
 * golive's plan exported as an Ansible playbook, run with Debian 12's ansible-core on one fresh
 * server, against golive's own apply on another: the same end state, read with the servers' tools.
 */
describe('golive export ansible', { skip }, () => {
  let viaAnsible: TestServer;
  let viaGolive: TestServer;
  let ansibleSide: GoliveRunner;
  let goliveSide: GoliveRunner;
  const output = mkdtempSync(join(tmpdir(), 'golive-export-'));

  const playbook = (...extra: string[]) =>
    execa('ansible-playbook', ['-i', join(output, 'inventory.yml'), join(output, 'playbook.yml'), '--private-key', testKey().privateKeyFile, ...extra], {
      reject: false,
      env: { ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_LOCAL_TEMP: join(output, '.ansible-tmp') },
    });
  const recap = (stdout: string) => /ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/.exec(stdout)!.slice(1).map(Number);

  before(async () => {
    [viaAnsible, viaGolive] = await Promise.all([TestServer.boot('e2e-export-a', 126), TestServer.boot('e2e-export-b', 127)]);
    ansibleSide = new GoliveRunner(viaAnsible);
    goliveSide = new GoliveRunner(viaGolive);
    for (const golive of [ansibleSide, goliveSide]) writeFileSync(join(golive.home, 'golive.yml'), 'ssh:\n  allowUsers: [deploy]\nfirewall:\n  allow: [22/tcp, 80, 443/tcp]\n');
  });
  after(async () => {
    await Promise.all([viaAnsible?.destroy(), viaGolive?.destroy()]);
  });

  it('exports the plan as a playbook and a role, changing nothing on the server', async () => {
    const before = await viaAnsible.snapshot('/etc');
    const run = await ansibleSide.run(ansibleSide.args('deploy', ['export', 'ansible', '--output', output, '--only', STEPS, '--accept-new-host-key']));
    assert.equal(run.exitCode, 0, run.stderr);
    for (const file of ['playbook.yml', 'inventory.yml', 'roles/server/tasks/main.yml', 'roles/server/handlers/main.yml', 'roles/server/files/etc/ssh/sshd_config.d/00-golive.conf']) {
      assert.ok(existsSync(join(output, file)), `${file} is missing`);
    }
    assert.equal(await viaAnsible.snapshot('/etc'), before);
  });

  it('ansible-playbook gives the end state golive apply gives, and a second run changes nothing', async () => {
    const first = await playbook();
    assert.equal(first.exitCode, 0, first.stdout + first.stderr);
    const [, changed, unreachable, failed] = recap(first.stdout);
    assert.ok(changed! > 0 && unreachable === 0 && failed === 0, first.stdout);

    const applied = await goliveSide.run(goliveSide.args('deploy', ['apply', '--yes', '--json', '--only', STEPS, '--accept-new-host-key']));
    assert.equal(applied.exitCode, 0, applied.stderr);

    // The servers differ in their own addresses (fail2ban never bans the one golive connects from).
    const same = async (read: (server: TestServer) => Promise<string>) => {
      const [a, b] = await Promise.all([read(viaAnsible), read(viaGolive)]);
      assert.equal(a.replaceAll(viaAnsible.hostAddress, 'ADMIN'), b.replaceAll(viaGolive.hostAddress, 'ADMIN'));
    };
    await same((s) => s.sh('sshd -T | sort'));
    await same((s) => s.sh('ufw status verbose'));
    await same((s) => s.sh('fail2ban-client get sshd bantime; fail2ban-client get sshd findtime; fail2ban-client get sshd maxretry'));
    const written = (JSON.parse(applied.stdout) as { steps: { changes: { kind: string; path?: string }[] }[] }).steps.flatMap((s) => s.changes.filter((c) => c.kind === 'file').map((c) => c.path!));
    assert.ok(written.length >= 2, applied.stdout);
    await same((s) => s.sh(`cat -- ${written.join(' ')} | sha256sum; stat -c '%n %a %U %G' -- ${written.join(' ')}`));
    // A fresh login works on the server Ansible changed: keys only, the admin still in.
    assert.match(await viaAnsible.sh('sshd -T'), /^passwordauthentication no$/m);

    const second = await playbook();
    assert.equal(second.exitCode, 0, second.stdout + second.stderr);
    assert.equal(recap(second.stdout)[1], 0, `the second run changed something:\n${second.stdout}`);
    const check = await playbook('--check', '--diff');
    assert.equal(check.exitCode, 0, check.stdout + check.stderr);
    assert.equal(recap(check.stdout)[1], 0, check.stdout);
  });

  describe('a change Ansible must not put in force', () => {
    const changed = mkdtempSync(join(tmpdir(), 'golive-export-change-'));
    const reloads = () => viaAnsible.sh("journalctl -u ssh.service --no-pager | grep -c 'Received SIGHUP' || true");
    const runChanged = () =>
      execa('ansible-playbook', ['-i', join(changed, 'inventory.yml'), join(changed, 'playbook.yml'), '--private-key', testKey().privateKeyFile], {
        reject: false,
        env: { ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_LOCAL_TEMP: join(changed, '.ansible-tmp') },
      });

    before(async () => {
      // A new ssh answer, so the exported role changes golive's drop-in.
      writeFileSync(join(ansibleSide.home, 'golive.yml'), 'ssh:\n  allowUsers: [deploy]\n  forwarding: false\n');
      const exported = await ansibleSide.run(ansibleSide.args('deploy', ['export', 'ansible', '--output', changed, '--only', 'ssh']));
      assert.equal(exported.exitCode, 0, exported.stderr);
    });

    for (const [what, dropIn, message] of [
      ["someone else's broken drop-in: sshd -t fails", 'ThisIsNotAnOption yes', /60-test\.conf: line 1: Bad configuration option/],
      ['a DenyUsers added since the export: the lockout check fails', 'DenyUsers deploy', /lockout check: deploy is in DenyUsers/],
    ] as const) {
      it(`${what}; the step is undone, sshd not reloaded, the admin still gets in`, async () => {
        await viaAnsible.sh(`printf '%s\\n' '${dropIn}' > /etc/ssh/sshd_config.d/60-test.conf`);
        const [file, reloadsBefore] = [await viaAnsible.sh('sha256sum /etc/ssh/sshd_config.d/00-golive.conf'), await reloads()];
        const run = await runChanged();
        await viaAnsible.sh('rm /etc/ssh/sshd_config.d/60-test.conf');
        assert.notEqual(run.exitCode, 0, run.stdout);
        assert.match(run.stdout, message);
        assert.match(run.stdout, /golive's plan for ssh failed and was undone/);
        assert.equal(await viaAnsible.sh('sha256sum /etc/ssh/sshd_config.d/00-golive.conf'), file);
        assert.equal(await reloads(), reloadsBefore);
        assert.equal(await tryLogin(viaAnsible, 'deploy', { key: testKey() }), 'ok');
        assert.match(await viaAnsible.sh('sshd -T'), /^allowtcpforwarding yes$/m);
      });
    }
  });

  it('with an inventory, writes one role per host and a playbook of them all', async () => {
    writeFileSync(join(ansibleSide.home, 'golive.yml'), 'ssh:\n  allowUsers: [deploy]\nfirewall:\n  allow: [22/tcp, 80, 443/tcp]\n');
    const fleetOutput = mkdtempSync(join(tmpdir(), 'golive-export-fleet-'));
    writeFileSync(join(ansibleSide.home, 'hosts.yml'), `hosts:\n  web1:\n    target: {host: ${viaAnsible.address}, user: deploy}\n  web2:\n    target: {host: ${viaGolive.address}, user: deploy}\n`);
    const run = await ansibleSide.run(['--identity', testKey().privateKeyFile, '--known-hosts', ansibleSide.knownHosts, '--accept-new-host-key', 'export', 'ansible', '--inventory', 'hosts.yml', '--output', fleetOutput, '--only', STEPS]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const inventory = readFileSync(join(fleetOutput, 'inventory.yml'), 'utf8');
    assert.match(inventory, new RegExp(`web1:\\n +ansible_host: ${viaAnsible.address.replaceAll('.', '\\.')}`));
    assert.match(readFileSync(join(fleetOutput, 'playbook.yml'), 'utf8'), /roles:\n\s+- web2/);
    // Both servers are applied already: their roles have nothing to do.
    assert.match(readFileSync(join(fleetOutput, 'roles/web2/tasks/main.yml'), 'utf8'), /nothing to change/);
  });
});
