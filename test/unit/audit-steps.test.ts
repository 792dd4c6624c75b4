import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditExitCode } from '../../src/cli/commands/audit.js';
import type { AuditStatus } from '../../src/engine/types.js';
import { parseSshdT } from '../../src/sshd/effective-config.js';
import { secretsFindings } from '../../src/secrets/audit.js';
import { DEFAULT_VARIABLES } from '../../src/secrets/catalog.js';
import { sshFindings } from '../../src/sshd/audit.js';
import { type Fail2banFacts, fail2banStep } from '../../steps/fail2ban.js';
import { type UpdatesFacts, updatesStep } from '../../steps/updates.js';
import { debian12Facts, overSsh } from '../helpers/ssh-facts.js';

const context = overSsh('deploy');

describe('audit items the steps judge', () => {
  it('ssh.hardened: a stock Debian 12 sshd fails with each shortfall named; a hardened one passes', () => {
    const stock = sshFindings(debian12Facts().effective)[0]!;
    assert.equal(stock.status, 'fail');
    assert.match(stock.evidence, /passwordauthentication yes/);
    assert.match(stock.evidence, /no allowusers/);
    assert.match(stock.evidence, /kexalgorithms allows .*ecdh-sha2-nistp256/);
    const hardened = parseSshdT(
      ['passwordauthentication no', 'kbdinteractiveauthentication no', 'permitrootlogin no', 'allowusers deploy', 'kexalgorithms curve25519-sha256', 'ciphers aes256-gcm@openssh.com', 'macs hmac-sha2-512-etm@openssh.com', 'hostkeyalgorithms ssh-ed25519'].join('\n'),
    );
    assert.equal(sshFindings({ ok: true, config: hardened })[0]!.status, 'pass');
    assert.equal(sshFindings({ ok: false, error: 'sshd: not found' })[0]!.status, 'unknown');
  });

  it('fail2ban.running: off fails, a running sshd jail passes, weaker values warn, a running fail2ban without the jail fails', () => {
    const base: Fail2banFacts = { installed: true, jailLocal: null, logSource: 'journal', pythonSystemd: true, ufwActive: false, service: { active: 'inactive', enabled: 'disabled' }, jail: undefined, sshPorts: [22] };
    const audit = (facts: Partial<Fail2banFacts>) => fail2banStep.audit!({ ...base, ...facts }, {}, context)[0]!;
    assert.equal(audit({}).status, 'fail');
    assert.equal(audit({ installed: false }).evidence, 'fail2ban is not installed');
    assert.equal(audit({ service: { active: 'active', enabled: 'enabled' }, jail: { bantime: '3600', findtime: '600', maxretry: '3' } }).status, 'pass');
    assert.equal(audit({ service: { active: 'active', enabled: 'enabled' }, jail: { bantime: '600', findtime: '600', maxretry: '5' } }).status, 'warn');
    assert.equal(audit({ service: { active: 'active', enabled: 'enabled' }, jail: { bantime: '?', findtime: '?', maxretry: '?' } }).status, 'fail');
  });

  it('updates.automatic: the packages, both timers and both periodic settings, or each shortfall', () => {
    const good: UpdatesFacts = {
      missingPackages: [],
      autoUpgrades: null,
      dropIn: null,
      aptConfig: new Map([['APT::Periodic::Update-Package-Lists', '1'], ['APT::Periodic::Unattended-Upgrade', '1'], ['Unattended-Upgrade::Automatic-Reboot', 'true'], ['Unattended-Upgrade::Automatic-Reboot-Time', '04:30']]),
      timers: { 'apt-daily.timer': 'enabled', 'apt-daily-upgrade.timer': 'enabled' },
      securitySource: { distribution: 'debian', codename: 'bookworm', present: true },
      securityList: null,
    };
    const pass = updatesStep.audit!(good, {}, context)[0]!;
    assert.equal(pass.status, 'pass');
    assert.match(pass.evidence, /reboots by itself at 04:30/);
    const fail = updatesStep.audit!({ ...good, missingPackages: ['unattended-upgrades'], aptConfig: new Map(), timers: { 'apt-daily.timer': 'disabled' } }, {}, context)[0]!;
    assert.equal(fail.status, 'fail');
    assert.match(fail.evidence, /missing unattended-upgrades; apt-daily\.timer disabled; apt-daily-upgrade\.timer not found; APT::Periodic::Update-Package-Lists is unset/);
  });

  it('secrets and auth: names and reasons, never a value', () => {
    const content = 'POSTGRES_PASSWORD=changeme\nSECRET_KEY=\nJWT_SECRET_KEY=Tr0ub4dor&3\nAUTH_PROVIDER=none\n';
    const env = { kind: 'file' as const, file: { content, mode: 0o644, owner: 'app', group: 'app' }, folder: { owner: 'app', group: 'app' }, utf8: true };
    const findings = secretsFindings('/srv/app/.env', env, { top: '/srv/app', topOwner: 'app', tracked: true, ignored: false, index: '/srv/app/.git/index' } as never, DEFAULT_VARIABLES);
    assert.deepEqual(findings.map((f) => [f.id, f.status]), [['auth.provider', 'fail'], ['auth.required', 'warn'], ['secrets.strength', 'fail'], ['secrets.mode', 'fail'], ['secrets.git', 'fail']]);
    assert.match(findings[2]!.evidence, /POSTGRES_PASSWORD is a placeholder; JWT_SECRET_KEY too weak; SECRET_KEY is empty/);
    const text = JSON.stringify(findings);
    for (const value of ['changeme', 'Tr0ub4dor']) assert.ok(!text.includes(value), value);
    const absent = secretsFindings('/srv/app/.env', { kind: 'absent', folder: { owner: 'app', group: 'app' } }, null, DEFAULT_VARIABLES);
    assert.ok(absent.every((f) => f.status === 'unknown' && f.evidence === 'there is no /srv/app/.env'));
  });
});

describe('golive audit exit code', () => {
  const finding = (status: AuditStatus) => ({ id: 'x.y', title: 'x', status, evidence: '', fix: '' });
  it('is 2 when an item fails; with --strict also when one warns or is unknown', () => {
    assert.equal(auditExitCode([finding('pass'), finding('warn'), finding('unknown')], false), 0);
    assert.equal(auditExitCode([finding('pass'), finding('fail')], false), 2);
    assert.equal(auditExitCode([finding('pass'), finding('warn')], true), 2);
    assert.equal(auditExitCode([finding('unknown')], true), 2);
    assert.equal(auditExitCode([finding('pass')], true), 0);
  });
});
