import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSysctlText } from '../../src/baseline/sysctl-files.js';
import { SYSCTL_KEYS } from '../../src/baseline/sysctl-plan.js';
import { e2eUnavailable, GoliveRunner, TestServer, testKey, tryLogin } from '../helpers/test-server.js';

const skip = e2eUnavailable();
// What golive writes or edits (the packages it installs stay on rollback, and bring files of their own).
const FILES = ['/etc/sysctl.d', '/etc/security/limits.d', '/etc/modprobe.d', '/etc/systemd/coredump.conf.d', '/etc/profile.d', '/etc/login.defs', '/etc/issue', '/etc/issue.net', '/etc/audit/rules.d/60-golive.rules', '/etc/needrestart/conf.d/60-golive.conf', '/etc/ufw/sysctl.conf', '/etc/audit/audit.rules.prev'];

/** Every file golive's baseline touches, hashed with mode and owner: equal means byte-identical. */
async function snapshot(server: TestServer): Promise<string> {
  return server.sh(`find ${FILES.join(' ')} -printf '%p %y %m %u %g\\n' 2>/dev/null | sort; find ${FILES.join(' ')} -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum`);
}

/** Each key as the kernel says it (`sysctl -n`), and whether this container may change it. */
async function liveValues(server: TestServer): Promise<Map<string, { value: string; writable: boolean }>> {
  const out = await server.sh(`for k in ${SYSCTL_KEYS.join(' ')}; do p=/proc/sys/$(echo $k | tr . /); w=ro; [ -w $p ] && w=rw; printf '%s %s %s\\n' $k $w "$(sysctl -n $k 2>/dev/null || echo absent)"; done`);
  return new Map(out.trim().split('\n').map((line) => {
    const [key, w, ...value] = line.split(' ');
    return [key!, { value: value.join(' '), writable: w === 'rw' }];
  }));
}

describe('baseline step on a stock server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;
  let liveBefore: Map<string, { value: string; writable: boolean }>;

  before(async () => {
    server = await TestServer.boot('base-1', 110, { aptProxy: true });
    golive = new GoliveRunner(server);
    pristine = await snapshot(server);
    liveBefore = await liveValues(server);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('refuses a banner with a control character, and changes nothing', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'baseline:\n  banner: "Private\\u001b[2J"\n');
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'baseline', '--yes']));
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /baseline\.banner: the banner holds a control character \(U\+001B\)/);
    assert.equal(await snapshot(server), pristine);
  });

  it('a run whose package install fails is undone whole: groundwork files and folders gone', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'baseline: {}\n');
    // No way out to Debian's packages: apt-get update fails in the groundwork.
    await server.sh('mv /etc/apt/apt.conf.d/01golive-test-proxy /root/');
    try {
      const run = await golive.run(golive.args('deploy', ['apply', '--only', 'baseline', '--yes']));
      assert.notEqual(run.exitCode, 0);
      assert.match(run.stderr, /the run failed and was undone/);
      assert.equal(await snapshot(server), pristine);
      assert.equal(await server.sh('test -e /etc/needrestart && echo there || echo gone'), 'gone');
    } finally {
      await server.sh('mv /root/01golive-test-proxy /etc/apt/apt.conf.d/');
    }
  });

  it('applies: the live values the kernel here allows read back, files in place, sshd and logins work', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'baseline: {}\n');
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'baseline', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    console.log(run.stdout.split('\n').filter((l) => /forwarding|container|kernel|advis|⚠|warn/i.test(l)).join('\n'));
    const file = parseSysctlText(await server.sh('cat /etc/sysctl.d/60-golive-baseline.conf'));
    assert.equal(file.get('net.ipv4.ip_forward'), '0', 'nothing routes packets on a stock server');
    const live = await liveValues(server);
    const refused: string[] = [];
    for (const [key, value] of file) {
      const now = live.get(key)!;
      if (now.writable) assert.equal(now.value, value, `${key} live`);
      else if (now.value !== value) refused.push(`${key}=${now.value}`);
    }
    console.log(`read-only here (container): ${refused.join(', ') || 'none'}`);
    if (refused.length > 0) assert.match(run.stdout + run.stderr, /set in the file; the kernel here does not allow it \(container\)/);
    assert.match(await server.sh('cat /etc/security/limits.d/60-golive-baseline.conf'), /^\*\thard\tcore\t0$/m);
    assert.match(await server.sh('cat /etc/systemd/coredump.conf.d/60-golive.conf'), /^Storage=none$/m);
    assert.match(await server.sh('cat /etc/modprobe.d/60-golive-baseline.conf'), /^install usb-storage \/bin\/false$/m);
    const defs = await server.sh('cat /etc/login.defs');
    assert.match(defs, /^UMASK\s+027$/m);
    assert.match(defs, /^SHA_CRYPT_MIN_ROUNDS\s+65536$/m);
    assert.match(defs, /^PASS_MAX_DAYS\s+365$/m);
    assert.match(await server.sh('cat /etc/issue /etc/issue.net'), /Authorized access only|authorized users only/);
    assert.match(await server.sh('cat /etc/profile.d/60-golive-baseline.sh'), /^ulimit -c 0$/m);
    assert.match(await server.sh("dpkg-query -W -f='${Package} ${Status}\\n' auditd acct aide debsums libpam-pwquality libpam-tmpdir needrestart apt-listchanges"), /^(\S+ install ok installed\n?){8}$/);
    assert.match(await server.sh('cat /etc/audit/rules.d/60-golive.rules'), /^-w \/etc\/sudoers -p wa -k sudoers$/m);
    assert.match(await server.sh('grep -v "^#" /etc/needrestart/conf.d/60-golive.conf'), /^\$nrconf\{restart\} = 'l';$/m);
    assert.match(await server.sh('grep pam_pwquality /etc/pam.d/common-password'), /pam_pwquality\.so/);
    assert.match(await server.sh('systemctl show golive-aide-init.service -p SubState -p Result'), /SubState=(running|exited)\nResult=success|Result=success\nSubState=(running|exited)/);
    assert.match(run.stdout, /auditd, process accounting and USBGuard are installed and configured but cannot run here/);
    const history = await golive.run(golive.args('deploy', ['history']));
    assert.match(history.stdout, /\nAIDE database: (being built in the background|\/var\/lib\/aide\/aide\.db built \d{4})/);
    assert.match(await server.sh('sshd -T'), /^permitrootlogin /m);
    assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok');
    const again = await golive.run(golive.args('deploy', ['plan', '--only', 'baseline']));
    assert.equal(again.exitCode, 0, again.stdout);
  });

  it('rolls back: every file byte for byte, and the live values as they were', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await snapshot(server), pristine);
    assert.deepEqual(await liveValues(server), liveBefore);
  });
});
