import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { baselineStep, type BaselineFacts } from '../../steps/baseline.js';
import { DEFAULT_BANNER, validateBanner } from '../../src/baseline/banner.js';
import { forwardingNeeds, routersFact } from '../../src/baseline/forwarding.js';
import { ALL_PACKAGES } from '../../src/baseline/groups.js';
import { LOGIN_DEFS_SETTINGS, loginDefsDiffer, setLoginDefs } from '../../src/baseline/login-defs.js';
import { applyOrder, laterOverrides, parseSysctlText, SYSCTL_FILE, sysctlFilesFact } from '../../src/baseline/sysctl-files.js';
import { type LiveSetting, sysctlLiveFact } from '../../src/baseline/sysctl-live.js';
import { renderSysctl, SYSCTL_KEYS } from '../../src/baseline/sysctl-plan.js';
import { gatherFactGroups } from '../../src/engine/probe.js';
import type { Change, FileState, StepContext } from '../../src/engine/types.js';
import { LocalTarget } from '../../src/target/local.js';

const CONTEXT: StepContext = { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' };
const root = (content: string): FileState => ({ content, mode: 0o644, owner: 'root', group: 'root' });

// Debian 12's login.defs, the lines golive touches and their neighbours.
const LOGIN_DEFS = '#\n# /etc/login.defs\n#\nMAIL_DIR        /var/mail\nPASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t0\nPASS_WARN_AGE\t7\n#\nUMASK\t\t022\n# SHA_CRYPT_MIN_ROUNDS 5000\n# SHA_CRYPT_MAX_ROUNDS 5000\nENCRYPT_METHOD SHA512\n';

// What a stock Debian 12 kernel says (sysctl -n), every key writable: a virtual machine.
const STOCK_VALUES: Record<string, string> = {
  'net.ipv4.conf.all.rp_filter': '2', 'net.ipv4.conf.default.rp_filter': '2', 'net.ipv4.conf.all.accept_redirects': '1', 'net.ipv4.conf.default.accept_redirects': '1',
  'net.ipv4.conf.all.send_redirects': '1', 'net.ipv4.conf.all.log_martians': '0', 'kernel.kptr_restrict': '0', 'kernel.dmesg_restrict': '1',
  'kernel.unprivileged_bpf_disabled': '2', 'kernel.yama.ptrace_scope': '0', 'kernel.perf_event_paranoid': '3', 'fs.protected_fifos': '1', 'fs.protected_regular': '2',
  'fs.suid_dumpable': '0', 'net.ipv4.ip_forward': '0', 'net.ipv6.conf.all.forwarding': '0', 'net.core.bpf_jit_harden': '0',
};
const stockLive = (writable = (_key: string) => true): Record<string, LiveSetting> =>
  Object.fromEntries(SYSCTL_KEYS.map((key) => [key, { present: true, value: STOCK_VALUES[key] ?? '1', writable: writable(key) }]));

const UFW_SYSCTL_TEXT = '#\nnet/ipv4/conf/all/accept_redirects=0\nnet/ipv4/icmp_echo_ignore_all=0\nnet/ipv4/conf/all/log_martians=0\nnet/ipv4/conf/default/log_martians=0\n';

const stock: BaselineFacts = {
  sysctlFile: null,
  ufwSysctl: root(UFW_SYSCTL_TEXT),
  sysctlFiles: [{ file: '/usr/lib/sysctl.d/50-default.conf', key: 'net.ipv4.conf.default.rp_filter', value: '2' }, { file: '/etc/ufw/sysctl.conf', key: 'net.ipv4.conf.all.log_martians', value: '0' }],
  sysctlLive: stockLive(),
  routers: [],
  limitsFile: null,
  coredumpFile: null,
  missingFolders: ['/etc/systemd/coredump.conf.d', '/etc/modprobe.d', '/etc/needrestart/conf.d', '/etc/needrestart'],
  loginDefs: root(LOGIN_DEFS),
  modprobeFile: null,
  issue: root('Debian GNU/Linux 12 \\n \\l\n\n'),
  issueNet: root('Debian GNU/Linux 12\n'),
  auditRules: null,
  needrestartConf: null,
  profile: null,
  missingPackages: [...ALL_PACKAGES],
  compilers: [],
  aide: { installed: false, builtAt: undefined, build: 'none', checksums: undefined },
  daemons: { container: false, states: { accounting: 'inactive', auditd: 'inactive', usbGuard: 'inactive' } },
};
const answers = baselineStep.resolveAnswers({}, stock, CONTEXT);
const shown = (changes: readonly Change[]) => changes.map((c) => (c.kind === 'file' ? c.path : (c.display ?? c.argv.join(' '))));

/** The server as apply leaves it: every file written, every writable key at the file's value. */
function applied(facts: BaselineFacts): BaselineFacts {
  const plan = baselineStep.plan(facts, baselineStep.resolveAnswers({}, facts, CONTEXT), CONTEXT);
  const written = new Map(plan.changes.flatMap((c) => (c.kind === 'file' ? [[c.path, c.after] as const] : [])));
  const file = (path: string, before: FileState | null) => written.get(path) ?? before;
  const wanted = parseSysctlText(file(SYSCTL_FILE, facts.sysctlFile)?.content ?? '');
  const live = Object.fromEntries(Object.entries(facts.sysctlLive).map(([key, s]) => [key, s.present && s.writable && wanted.has(key) ? { ...s, value: wanted.get(key)! } : s]));
  return {
    ...facts,
    sysctlFile: file(SYSCTL_FILE, facts.sysctlFile),
    ufwSysctl: file('/etc/ufw/sysctl.conf', facts.ufwSysctl),
    sysctlLive: live,
    limitsFile: file('/etc/security/limits.d/60-golive-baseline.conf', facts.limitsFile),
    coredumpFile: file('/etc/systemd/coredump.conf.d/60-golive.conf', facts.coredumpFile),
    missingFolders: [],
    loginDefs: file('/etc/login.defs', facts.loginDefs),
    modprobeFile: file('/etc/modprobe.d/60-golive-baseline.conf', facts.modprobeFile),
    issue: file('/etc/issue', facts.issue),
    issueNet: file('/etc/issue.net', facts.issueNet),
    auditRules: file('/etc/audit/rules.d/60-golive.rules', facts.auditRules),
    needrestartConf: file('/etc/needrestart/conf.d/60-golive.conf', facts.needrestartConf),
    profile: file('/etc/profile.d/60-golive-baseline.sh', facts.profile),
    missingPackages: [],
    compilers: facts.compilers.map((c) => ({ ...c, mode: c.mode & 0o7770 })),
    aide: { installed: true, builtAt: 1_790_000_000, build: 'running', checksums: 'sha512' },
    daemons: { ...facts.daemons, states: facts.daemons.container ? { accounting: 'failed', auditd: 'failed', usbGuard: 'failed' } : { accounting: 'active', auditd: 'active', usbGuard: 'active' } },
  };
}

describe('baseline plan', () => {
  it('writes each group, installs the tools in one apt call, and applies the kernel settings with sysctl --system', () => {
    const plan = baselineStep.plan(stock, answers, CONTEXT);
    assert.deepEqual(shown(plan.changes), [
      'install -d -m 0755 /etc/needrestart/conf.d /etc/needrestart', '/etc/needrestart/conf.d/60-golive.conf',
      'apt-get update && apt-get install -y --no-install-recommends auditd acct aide aide-common debsums libpam-pwquality libpam-tmpdir needrestart apt-listchanges  (waits while apt is busy; packages stay on rollback)',
      'install -d -m 0755 /etc/systemd/coredump.conf.d /etc/modprobe.d', SYSCTL_FILE, '/etc/ufw/sysctl.conf', '/etc/security/limits.d/60-golive-baseline.conf', '/etc/systemd/coredump.conf.d/60-golive.conf',
      '/etc/profile.d/60-golive-baseline.sh', '/etc/modprobe.d/60-golive-baseline.conf', '/etc/issue', '/etc/issue.net', '/etc/login.defs', '/etc/audit/rules.d/60-golive.rules',
      'augenrules --load', 'start acct.service and auditd.service, now and at boot', '/etc/aide/aide.conf: Checksums = H → Checksums = sha512', 'systemd-run --unit=golive-aide-init.service aideinit --yes --force  (in the background, lowest priority)',
    ].map((line) => line.replace(/^start (.*), now and at boot$/, (_m, units: string) => `systemctl enable --now ${units.split(' and ').join(' ')}`)));
    assert.ok(plan.changes.slice(0, 3).every((c) => c.groundwork), 'needrestart is told not to restart anything before it is installed');
    assert.equal(plan.reloads.length, 1);
    assert.match(plan.reloads[0]!.join(' '), /sysctl --system/);
    const load = plan.changes.find((c) => c.kind === 'command' && c.display === 'augenrules --load');
    assert.deepEqual(load?.kind === 'command' && load.touches, ['/etc/audit/audit.rules', '/etc/audit/audit.rules.prev'], 'what augenrules writes is journaled');
    const ufw = plan.changes.find((c) => c.kind === 'file' && c.path === '/etc/ufw/sysctl.conf');
    assert.equal(ufw?.kind === 'file' && ufw.after.content, UFW_SYSCTL_TEXT.replace(/log_martians=0/g, 'log_martians=1'), "ufw's file keeps its other lines and gives golive's keys golive's values");
    assert.match(plan.notes.join('\n'), /baseline\.compilers is off: users other than root could no longer run/);
    assert.match(plan.notes.join('\n'), /\/tmp is left as it is/);
  });

  it('records the live values it changes, and rollback sets them back after the files are applied again', () => {
    const plan = baselineStep.plan(stock, answers, CONTEXT);
    assert.match(plan.undo![0]!.join(' '), /sysctl --system/);
    const restore = plan.undo![1]!;
    assert.deepEqual(restore.slice(0, 3), ['sysctl', '-q', '-w']);
    assert.ok(restore.includes('kernel.kptr_restrict=0') && restore.includes('net.ipv4.conf.all.rp_filter=2') && restore.includes('kernel.yama.ptrace_scope=0'));
    assert.ok(!restore.some((a) => a.startsWith('kernel.dmesg_restrict=')), 'a value that does not change is not set back');
    assert.match(plan.undo![2]!.join(' '), /auditctl -R \/etc\/audit\/audit\.rules/);
    assert.deepEqual(plan.undo![3]!.slice(-4), ['/etc/systemd/coredump.conf.d', '/etc/modprobe.d', '/etc/needrestart/conf.d', '/etc/needrestart']);
    assert.match(plan.undo![3]![2]!, /\[ -d "\$d" \] && \[ ! -L "\$d" \] \|\| continue; rmdir --ignore-fail-on-non-empty/, 'a folder a failed run never made (or a link) is not an error');
  });

  it('plans nothing the second time', () => {
    const after = applied(stock);
    assert.deepEqual(baselineStep.plan(after, answers, CONTEXT).changes, []);
    assert.deepEqual(baselineStep.verify(after, answers, CONTEXT).filter((c) => !c.ok), []);
  });

  it('in a container: keys the kernel refuses are advisories, not a change planned again and again', () => {
    const container = { ...stock, sysctlLive: stockLive((key) => key.startsWith('net.')) };
    const after = applied(container);
    assert.deepEqual(baselineStep.plan(after, answers, CONTEXT).changes, []);
    const failed = baselineStep.verify(after, answers, CONTEXT).filter((c) => !c.ok);
    assert.ok(failed.length > 0 && failed.every((c) => c.advisory));
    assert.match(failed[0]!.detail, /set in the file; the kernel here does not allow it \(container\): .*kernel\.kptr_restrict = 0/);
    assert.ok(!baselineStep.plan(container, answers, CONTEXT).undo![1]!.some((a) => a.startsWith('kernel.')), 'what never changed is not set back');
  });

  it('sets drifted live values again when the file is already in place', () => {
    const after = applied(stock);
    const drifted = { ...after, sysctlLive: { ...after.sysctlLive, 'kernel.kptr_restrict': { present: true as const, value: '0', writable: true } } };
    const plan = baselineStep.plan(drifted, answers, CONTEXT);
    assert.deepEqual(shown(plan.changes), ['sysctl --system']);
    assert.deepEqual(plan.undo![1], ['sysctl', '-q', '-w', 'kernel.kptr_restrict=0']);
  });

  it('turns on what can break something only when asked, and says what it breaks', () => {
    const as = { path: '/usr/bin/x86_64-linux-gnu-as', mode: 0o755, overridden: false };
    const facts = { ...stock, compilers: [as, { path: '/usr/bin/x86_64-linux-gnu-gcc-12', mode: 0o755, overridden: true }] };
    assert.match(baselineStep.plan(facts, answers, CONTEXT).notes.join('\n'), /every user can run \/usr\/bin\/x86_64-linux-gnu-as, \/usr\/bin\/x86_64-linux-gnu-gcc-12: baseline\.compilers: true keeps them for root/);
    const on = { ...answers, compilers: true, idleLogout: true, usbGuard: true };
    const plan = baselineStep.plan(facts, on, CONTEXT);
    assert.ok(shown(plan.changes).includes('dpkg-statoverride --update --add root root 0750 /usr/bin/x86_64-linux-gnu-as'));
    assert.ok(!shown(plan.changes).some((c) => c.includes('gcc-12')), "an override of the admin's own is left alone");
    assert.match(plan.notes.join('\n'), /gcc-12 has a dpkg-statoverride of its own/);
    assert.deepEqual(plan.undo!.filter((u) => u[0] === 'dpkg-statoverride' || u[0] === 'chmod'), [['dpkg-statoverride', '--remove', as.path], ['chmod', '0755', as.path]]);
    const profile = plan.changes.find((c) => c.kind === 'file' && c.path === '/etc/profile.d/60-golive-baseline.sh');
    assert.match(profile?.kind === 'file' ? profile.after.content : '', /^ulimit -c 0\n.*\nTMOUT=900\nreadonly TMOUT\nexport TMOUT$/m);
    assert.match(shown(plan.changes).join('\n'), /apt-get install -y --no-install-recommends .*usbguard/);
    assert.match(plan.notes.join('\n'), /baseline\.usbGuard is on: a USB device plugged in later is blocked/);
    const done = applied({ ...facts, compilers: facts.compilers });
    assert.equal(baselineStep.verify({ ...done, compilers: [{ ...as, mode: 0o750 }] }, on, CONTEXT).find((c) => c.name === 'compilers for root only')!.ok, true);
  });

  it('leaves a group alone when its answer is false', () => {
    const plan = baselineStep.plan(stock, { ...answers, sysctl: false, loginDefs: false, banners: false, auditd: false, accounting: false, integrity: false, pam: false, updateTools: false }, CONTEXT);
    assert.deepEqual(shown(plan.changes), ['install -d -m 0755 /etc/systemd/coredump.conf.d /etc/modprobe.d', '/etc/security/limits.d/60-golive-baseline.conf', '/etc/systemd/coredump.conf.d/60-golive.conf', '/etc/profile.d/60-golive-baseline.sh', '/etc/modprobe.d/60-golive-baseline.conf']);
    assert.deepEqual(plan.reloads, []);
    assert.match(plan.notes.join('\n'), /baseline\.sysctl is false: left as it is/);
  });
});

describe('forwarding', () => {
  const content = (needs: string[]) => parseSysctlText(renderSysctl(needs, {}));

  it('is turned off only where nothing routes packets', () => {
    assert.equal(content([]).get('net.ipv4.ip_forward'), '0');
    assert.equal(content([]).get('net.ipv6.conf.all.forwarding'), '0');
    assert.ok(!content(['Docker is installed']).has('net.ipv4.ip_forward'));
    assert.match(renderSysctl(['Docker is installed'], {}), /# Left as it is: Docker is installed\./);
  });

  it('names Docker, a forwarding firewall, another sysctl file and forwarding already on', () => {
    const routers = routersFact.parse({ exitCode: 0, stdout: 'unit docker.service\nunit docker.service\nufw-policy\niptables -A FORWARD -i wg0 -j ACCEPT\n', stderr: '' });
    const files = [{ file: '/etc/ufw/sysctl.conf', key: 'net.ipv4.ip_forward', value: '1' }, { file: SYSCTL_FILE, key: 'net.ipv4.ip_forward', value: '0' }];
    const live = { 'net.ipv4.ip_forward': { present: true, value: '1', writable: true } } as const;
    assert.deepEqual(forwardingNeeds(routers, files, live), [
      'Docker is installed: its containers reach the network through forwarding',
      'ufw forwards packets (DEFAULT_FORWARD_POLICY="ACCEPT" in /etc/default/ufw)',
      'the firewall has FORWARD rules (-A FORWARD -i wg0 -j ACCEPT)',
      '/etc/ufw/sysctl.conf (applied by ufw) sets net.ipv4.ip_forward = 1',
      'forwarding is on now (net.ipv4.ip_forward = 1): something on this server turned it on',
    ]);
    assert.deepEqual(forwardingNeeds([], [], { 'net.ipv4.ip_forward': { present: true, value: '0', writable: false } }), []);
  });

  it('a Docker server keeps forwarding: the plan says why', () => {
    const plan = baselineStep.plan({ ...stock, routers: ['unit docker.service'] }, answers, CONTEXT);
    const file = plan.changes.find((c) => c.kind === 'file' && c.path === SYSCTL_FILE);
    assert.ok(file?.kind === 'file' && !/ip_forward\s*=/.test(file.after.content.replace(/^#.*$/gm, '')));
    assert.match(plan.notes[0]!, /packet forwarding is left as it is: Docker is installed/);
  });
});

describe('sysctl files and live values', () => {
  it('reads settings as sysctl does: slashes, a leading -, spaces', () => {
    const out = '/etc/ufw/sysctl.conf\tnet/ipv4/ip_forward=1\n/usr/lib/sysctl.d/50-default.conf\t-net.ipv4.conf.all.rp_filter = 2\n/etc/sysctl.d/x.conf\tkernel.printk = 3  4 1 3\n';
    assert.deepEqual(sysctlFilesFact.parse({ exitCode: 0, stdout: out, stderr: '' }), [
      { file: '/etc/ufw/sysctl.conf', key: 'net.ipv4.ip_forward', value: '1' },
      { file: '/usr/lib/sysctl.d/50-default.conf', key: 'net.ipv4.conf.all.rp_filter', value: '2' },
      { file: '/etc/sysctl.d/x.conf', key: 'kernel.printk', value: '3 4 1 3' },
    ]);
  });

  it('orders files as sysctl --system applies them: by name, /etc hiding /usr/lib, sysctl.conf last', () => {
    assert.deepEqual(applyOrder(['/etc/sysctl.conf', '/usr/lib/sysctl.d/99-x.conf', '/etc/sysctl.d/99-x.conf', '/lib/sysctl.d/50-default.conf', '/usr/lib/sysctl.d/50-default.conf', SYSCTL_FILE]), ['/usr/lib/sysctl.d/50-default.conf', SYSCTL_FILE, '/etc/sysctl.d/99-x.conf', '/etc/sysctl.conf']);
  });

  it('names a later file that gives a key another value', () => {
    const ours = new Map([['kernel.kptr_restrict', '2'], ['fs.suid_dumpable', '0']]);
    const entries = [
      { file: '/etc/sysctl.d/99-debug.conf', key: 'kernel.kptr_restrict', value: '0' },
      { file: '/usr/lib/sysctl.d/50-coredump.conf', key: 'fs.suid_dumpable', value: '2' },
      { file: '/etc/sysctl.conf', key: 'fs.suid_dumpable', value: '0' },
    ];
    assert.deepEqual(laterOverrides(entries, ours), [entries[0]]);
  });

  it('reads live kernel settings as sysctl -n does: several values, a multi-digit value, a key this kernel lacks', async () => {
    const keys = ['kernel.printk', 'kernel.pid_max', 'kernel.no_such_key'];
    const [facts] = (await gatherFactGroups(new LocalTarget(), [{ live: sysctlLiveFact(keys) }])) as [{ live: Record<string, LiveSetting> }];
    const sysctl = (key: string) => execFileSync('sysctl', ['-n', key], { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
    assert.equal((facts.live['kernel.printk'] as { value: string }).value, sysctl('kernel.printk'));
    assert.equal((facts.live['kernel.pid_max'] as { value: string }).value, sysctl('kernel.pid_max'));
    assert.deepEqual(facts.live['kernel.no_such_key'], { present: false });
    const parsed = sysctlLiveFact(['a.b', 'c.d', 'e.f']).parse({ exitCode: 0, stdout: 'rw /proc/sys/a/b\n/proc/sys/a/b:1\n/proc/sys/c/d:4\t4\t1\t7\n', stderr: '' });
    assert.deepEqual(parsed, { 'a.b': { present: true, value: '1', writable: true }, 'c.d': { present: true, value: '4 4 1 7', writable: false }, 'e.f': { present: false } });
  });

  it('keeps a stricter value already set (ptrace scope 2, bpf 1 cannot go back)', () => {
    const text = parseSysctlText(renderSysctl([], { 'kernel.yama.ptrace_scope': { present: true, value: '2', writable: true }, 'kernel.unprivileged_bpf_disabled': { present: true, value: '0', writable: true } }));
    assert.equal(text.get('kernel.yama.ptrace_scope'), '2');
    assert.equal(text.get('kernel.unprivileged_bpf_disabled'), '2');
    assert.equal(text.get('kernel.kptr_restrict'), '2');
  });
});

describe('login.defs', () => {
  it('replaces each line in place, adds the missing ones, keeps every other byte', () => {
    const edited = setLoginDefs(LOGIN_DEFS, LOGIN_DEFS_SETTINGS);
    assert.equal(edited, LOGIN_DEFS.replace('PASS_MAX_DAYS\t99999', 'PASS_MAX_DAYS\t365').replace('PASS_MIN_DAYS\t0', 'PASS_MIN_DAYS\t1').replace('PASS_WARN_AGE\t7', 'PASS_WARN_AGE\t14').replace('UMASK\t\t022', 'UMASK\t\t027') + '# Added by golive (baseline step)\nSHA_CRYPT_MIN_ROUNDS\t65536\nSHA_CRYPT_MAX_ROUNDS\t65536\n');
    assert.equal(setLoginDefs(edited, LOGIN_DEFS_SETTINGS), edited);
    assert.deepEqual(loginDefsDiffer(edited, LOGIN_DEFS_SETTINGS), []);
    assert.deepEqual(loginDefsDiffer(LOGIN_DEFS, LOGIN_DEFS_SETTINGS), Object.keys(LOGIN_DEFS_SETTINGS));
  });

  it('adds a final newline before appending to a file without one', () => {
    assert.equal(setLoginDefs('UMASK 022', { UMASK: '027', PASS_MIN_DAYS: '1' }), 'UMASK 027\n# Added by golive (baseline step)\nPASS_MIN_DAYS\t1\n');
  });
});

describe('baseline answers', () => {
  it('one boolean per group and a banner', () => {
    assert.deepEqual(baselineStep.parseAnswers({ sysctl: false, banner: 'Private.\nKeep out.' }, 'baseline'), { sysctl: false, banner: 'Private.\nKeep out.' });
    assert.throws(() => baselineStep.parseAnswers({ sysctll: true }, 'baseline'), /unknown key baseline\.sysctll/);
    assert.throws(() => baselineStep.parseAnswers({ modules: 'yes' }, 'baseline'), /baseline\.modules: "yes" is not true or false/);
    assert.equal(answers.banner, DEFAULT_BANNER);
  });

  it('refuses a banner with control characters, a backslash, too long, or empty', () => {
    for (const [bad, message] of [['\u001b[2J', /control character \(U\+001B\)/], ['a\\lb', /backslash/], ['x'.repeat(2001), /2001 characters/], ['  \n', /empty/], [7, /is not text/]] as const) {
      assert.throws(() => validateBanner(bad, 'baseline.banner'), message);
    }
    assert.equal(validateBanner('Private.\r\nKeep out.\n\n', 'b'), 'Private.\nKeep out.');
  });
});
