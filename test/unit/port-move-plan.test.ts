import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPlan } from '../../src/engine/preview.js';
import { followsFrom } from '../../src/engine/session.js';
import { allChanges, type Change, type StepContext, type StepId, type StepPlan } from '../../src/engine/types.js';
import { GoliveError } from '../../src/errors.js';
import { parseUfw, UFW_FILES } from '../../src/firewall/ufw.js';
import { parseSshdT } from '../../src/sshd/effective-config.js';
import { type Fail2banFacts, fail2banStep } from '../../steps/fail2ban.js';
import { type FirewallFacts, firewallStep } from '../../steps/firewall.js';
import { DROP_IN, type SshAnswers, type SshFacts, sshStep } from '../../steps/ssh.js';
import { configFile, debian12Facts, fixture, overSsh } from '../helpers/ssh-facts.js';

/** ssh.port changes: the ssh, firewall and fail2ban plans of one run, on facts captured from a test server. */

const DEFAULTS = 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\nDEFAULT_OUTPUT_POLICY="ACCEPT"\nDEFAULT_FORWARD_POLICY="DROP"\n';
const ufwWith = (active: boolean, rules: string[]) =>
  parseUfw(`Status: ${active ? 'active' : 'inactive'}\n@@added\nAdded user rules (see 'ufw status' for running firewall):\n${rules.length > 0 ? rules.map((r) => `ufw ${r}`).join('\n') : '(None)'}\n@@defaults\n${DEFAULTS}`);
const ENABLED_RULES = ['allow 22/tcp', 'allow 80/tcp', 'allow 443/tcp', 'deny 5432/tcp', 'deny 6379/tcp', 'deny 9000/tcp', 'deny 9001/tcp'];

const answers = (port: number): SshAnswers => ({ allowUsers: ['deploy'], permitRootLogin: 'no', port, forwarding: true });
const inRun = (...steps: StepId[]): StepContext => ({ ...overSsh('deploy'), stepsInRun: steps });
const argvs = (changes: readonly Change[] | undefined) => (changes ?? []).map((c) => (c.kind === 'command' ? c.argv.join(' ') : c.path));
const GOLIVE_JAIL = '# Managed by golive: brute-force protection from the go-live checklist.\n[DEFAULT]\nbantime = 3600\n\n[sshd]\nenabled = true\nport = 22\nbackend = systemd\n';

function sshPlan(facts: Partial<SshFacts>, port: number, context: StepContext): StepPlan {
  return sshStep.plan(debian12Facts(facts), answers(port), context);
}

describe('ssh plan: a new port', () => {
  it('listens on both ports until the login on the new one works, then on the new one alone', () => {
    const plan = sshPlan({}, 2222, inRun('ssh'));
    const now = plan.changes.find((c) => c.kind === 'file' && c.path === DROP_IN);
    const later = plan.afterLogin?.changes.find((c) => c.kind === 'file' && c.path === DROP_IN);
    assert.ok(now?.kind === 'file' && later?.kind === 'file');
    assert.match(now.after.content, /^Port 22\nPort 2222$/m);
    assert.deepEqual(later.before, now.after, 'the later write starts from what the first one left');
    assert.match(later.after.content, /^Port 2222$/m);
    assert.doesNotMatch(later.after.content, /^Port 22$/m);
    assert.equal(later.after.content.replace('Port 2222', ''), now.after.content.replace('Port 22\nPort 2222', ''), 'only the Port lines differ');
    assert.deepEqual(plan.afterLogin?.validations.map((v) => v.argv), [['sshd', '-t']]);
    assert.deepEqual(plan.afterLogin?.reloads, [['systemctl', 'reload', 'ssh.service']]);
    assert.deepEqual(plan.effects, { sshPorts: { from: [22], to: 2222 } });
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 2222, sudo: 'nopasswd' });
    const notes = plan.notes.join('\n');
    assert.match(notes, /listens on 22 and 2222 until a new login on 2222 works, then on 2222 only/);
    assert.match(notes, /--host USER@HOST:2222/);
    assert.match(notes, /cloud provider's security group\) must allow 2222\/tcp too/);
    assert.match(renderPlan(plan), /once the login works: file: \/etc\/ssh\/sshd_config\.d\/00-golive\.conf: sshd listens on port 2222 only/);
  });

  it('needs nothing of ufw when it is off', () => {
    assert.deepEqual(argvs(sshPlan({}, 2222, inRun('ssh')).changes), [DROP_IN]);
  });

  it('opens the new port in an active ufw before sshd moves, and deletes the old rule after the login', () => {
    const plan = sshPlan({ ufw: ufwWith(true, ENABLED_RULES) }, 2222, inRun('ssh'));
    assert.deepEqual(argvs(plan.changes), [DROP_IN, 'ufw allow 2222/tcp']);
    assert.deepEqual(argvs(plan.afterLogin?.changes), [DROP_IN, 'ufw delete allow 22/tcp']);
    const ufw = plan.changes.find((c) => c.kind === 'command');
    assert.deepEqual(ufw?.kind === 'command' && ufw.touches, UFW_FILES);
    assert.deepEqual(plan.reloads, [['systemctl', 'reload', 'ssh.service'], ['ufw', 'reload']], 'rollback reloads ufw from its restored files');
  });

  it('keeps a rate limit on the new port, and names rules it leaves that may keep the old port open', () => {
    const plan = sshPlan({ ufw: ufwWith(true, ['limit 22/tcp', 'allow OpenSSH']) }, 2222, inRun('ssh'));
    assert.deepEqual(argvs(plan.changes), [DROP_IN, 'ufw limit 2222/tcp']);
    assert.deepEqual(argvs(plan.afterLogin?.changes), [DROP_IN, 'ufw delete limit 22/tcp']);
    assert.match(plan.notes.join('\n'), /may keep port 22 open: allow OpenSSH/);
  });

  it('leaves ufw and fail2ban to their steps when they are in the run', () => {
    const plan = sshPlan({ ufw: ufwWith(true, ENABLED_RULES), jailLocal: configFile('/etc/fail2ban/jail.local', GOLIVE_JAIL) }, 2222, inRun('ssh', 'firewall', 'fail2ban'));
    assert.deepEqual(argvs(plan.changes), [DROP_IN]);
    assert.deepEqual(argvs(plan.afterLogin?.changes), [DROP_IN]);
  });

  it("points golive's fail2ban jail at the new port when the fail2ban step is not in the run", () => {
    const plan = sshPlan({ jailLocal: configFile('/etc/fail2ban/jail.local', GOLIVE_JAIL), fail2banActive: true }, 2222, inRun('ssh'));
    const jail = plan.changes.find((c) => c.kind === 'file' && c.path === '/etc/fail2ban/jail.local');
    assert.ok(jail?.kind === 'file');
    assert.equal(jail.after.content, GOLIVE_JAIL.replace('port = 22\n', 'port = 2222\n'));
    assert.deepEqual(plan.validations.map((v) => v.argv), [['sshd', '-t'], ['fail2ban-client', '-t']]);
    assert.deepEqual(plan.reloads, [['systemctl', 'reload', 'ssh.service'], ['systemctl', 'restart', 'fail2ban']]);
  });

  it("says so when fail2ban's jail is someone else's", () => {
    const plan = sshPlan({ jailLocal: configFile('/etc/fail2ban/jail.local', '[sshd]\nport = ssh\n') }, 2222, inRun('ssh'));
    assert.ok(!argvs(plan.changes).includes('/etc/fail2ban/jail.local'));
    assert.match(plan.notes.join('\n'), /fail2ban's sshd jail is not golive's: set port = 2222/);
  });

  it('refuses a port another service listens on (PostgreSQL on 127.0.0.1:5432 in the captured /proc/net/tcp)', () => {
    assert.throws(() => sshPlan({}, 5432, inRun('ssh')), (error: GoliveError) => {
      assert.match(error.message, /port 5432 \(ssh\.port\) is already in use: something else listens on 127\.0\.0\.1:5432, so sshd could not; nothing was changed/);
      assert.match(error.hint ?? '', /choose another ssh\.port, or stop what listens on 5432 first/);
      return true;
    });
  });

  it('refuses a port an active ufw denies', () => {
    assert.throws(() => sshPlan({ ufw: ufwWith(true, [...ENABLED_RULES, 'deny 2222/tcp']) }, 2222, inRun('ssh')), (error: GoliveError) => {
      assert.match(error.message, /ufw is on and has a rule that refuses port 2222 \(deny 2222\/tcp\)/);
      assert.match(error.hint ?? '', /ufw delete deny 2222\/tcp/);
      return true;
    });
  });

  it("keeps golive's Port line once sshd has moved, when something else changes later", () => {
    const dropIn = configFile(DROP_IN, 'PasswordAuthentication no\nPort 2222\n');
    const effective = parseSshdT(fixture('sshd-T.txt').replace(/^port 22$/m, 'port 2222'));
    const plan = sshStep.plan(debian12Facts({ files: new Map([...debian12Facts().files, [DROP_IN, dropIn]]), effective: { ok: true, config: effective } }), answers(2222), inRun('ssh'));
    const write = plan.changes.find((c) => c.kind === 'file' && c.path === DROP_IN);
    assert.ok(write?.kind === 'file');
    assert.match(write.after.content, /^Port 2222$/m, 'without it sshd would go back to 22');
    assert.equal(plan.afterLogin, undefined);
    assert.equal(plan.effects, undefined);
  });
});

const firewallFacts = (overrides: Partial<FirewallFacts> = {}): FirewallFacts => ({ ufw: ufwWith(false, []), sshPorts: [22], docker: { present: false, published: [] }, listeners: [], ...overrides });

function firewallAfterSsh(facts: FirewallFacts, raw: Record<string, unknown> = {}): StepPlan {
  const context = { ...inRun('ssh', 'firewall'), earlierPlans: [sshPlan({}, 2222, inRun('ssh', 'firewall'))] };
  return firewallStep.plan(facts, firewallStep.resolveAnswers(firewallStep.parseAnswers(raw, 'firewall'), facts, context), context);
}

describe('firewall plan when the ssh step moves sshd', () => {
  it('allows the new port, keeps the old one open until the login on the new one works, then deletes it', () => {
    const plan = firewallAfterSsh(firewallFacts());
    assert.deepEqual(argvs(plan.changes), ['ufw allow 22/tcp', 'ufw allow 2222/tcp', 'ufw allow 80/tcp', 'ufw allow 443/tcp', 'ufw deny 5432/tcp', 'ufw deny 6379/tcp', 'ufw deny 9000/tcp', 'ufw deny 9001/tcp', 'ufw --force enable']);
    assert.deepEqual(argvs(plan.afterLogin?.changes), ['ufw delete allow 22/tcp']);
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 2222 });
    assert.match(plan.notes.join('\n'), /rules after apply: default deny incoming, allow outgoing; allow 2222\/tcp, allow 80\/tcp, allow 443\/tcp, deny/);
  });

  it('on an active ufw, adds the new port and deletes the old one after the login', () => {
    const plan = firewallAfterSsh(firewallFacts({ ufw: ufwWith(true, ENABLED_RULES) }));
    assert.deepEqual(argvs(plan.changes), ['ufw allow 2222/tcp']);
    assert.deepEqual(argvs(plan.afterLogin?.changes), ['ufw delete allow 22/tcp']);
  });

  it('plans nothing once sshd listens on the new port alone and ufw follows it (verification)', () => {
    const rules = ENABLED_RULES.map((r) => r.replace('allow 22/tcp', 'allow 2222/tcp'));
    const plan = firewallAfterSsh(firewallFacts({ sshPorts: [2222], ufw: ufwWith(true, rules) }));
    assert.deepEqual(argvs(plan.changes), []);
    assert.equal(plan.afterLogin, undefined);
  });

  it('keeps the old port open when firewall.allow names it', () => {
    const plan = firewallAfterSsh(firewallFacts({ ufw: ufwWith(true, ENABLED_RULES) }), { allow: [22, 2222, 80, 443] });
    assert.deepEqual(argvs(plan.changes), ['ufw allow 2222/tcp']);
    assert.equal(plan.afterLogin, undefined);
  });

  it('refuses a firewall.deny that names the new port, and firewall.allow without it', () => {
    assert.throws(() => firewallAfterSsh(firewallFacts(), { deny: ['2222/tcp'] }), (error: GoliveError) => {
      assert.match(error.message, /sshd is to move to port 2222 \(ssh\.port\), which firewall\.deny names; nothing was changed/);
      assert.match(error.hint ?? '', /remove 2222\/tcp from firewall\.deny, or choose another ssh\.port/);
      return true;
    });
    assert.throws(() => firewallAfterSsh(firewallFacts(), { allow: [22, 80, 443] }), (error: GoliveError) => {
      assert.match(error.message, /the firewall would block SSH: port 2222\/tcp is where sshd is to listen \(ssh\.port\)/);
      assert.equal(error.hint, 'add 2222/tcp to firewall.allow');
      return true;
    });
  });

  it('refuses when ufw already denies the new port', () => {
    assert.throws(() => firewallAfterSsh(firewallFacts({ ufw: ufwWith(true, [...ENABLED_RULES, 'deny 2222/tcp']) })), /ufw has a rule that refuses it \(deny 2222\/tcp\)/);
  });
});

describe('fail2ban plan when the ssh step moves sshd', () => {
  it('watches the new port, and bans through the ufw the firewall step turns on', () => {
    const facts: Fail2banFacts = { installed: true, jailLocal: null, logSource: 'journal', pythonSystemd: true, ufwActive: false, service: { active: 'failed', enabled: 'enabled' }, jail: undefined, sshPorts: [22] };
    const ssh = sshPlan({}, 2222, inRun('ssh', 'firewall', 'fail2ban'));
    const firewall = firewallAfterSsh(firewallFacts());
    const plan = fail2banStep.plan(facts, fail2banStep.resolveAnswers({}, facts, overSsh('deploy')), { ...inRun('ssh', 'firewall', 'fail2ban'), earlierPlans: [ssh, firewall] });
    const jail = plan.changes.find((c) => c.kind === 'file');
    assert.ok(jail?.kind === 'file');
    assert.match(jail.after.content, /\[sshd\]\nenabled = true\nport = 2222\n/);
    assert.match(jail.after.content, /^banaction = ufw$/m);
  });

  it('says a change that exists only because the ssh step moves sshd follows from it', () => {
    const stock: Fail2banFacts = { installed: true, jailLocal: null, logSource: 'journal', pythonSystemd: true, ufwActive: false, service: { active: 'active', enabled: 'enabled' }, jail: { bantime: '3600', findtime: '600', maxretry: '3' }, sshPorts: [22] };
    const answers = fail2banStep.resolveAnswers({}, stock, overSsh('deploy'));
    const alone = inRun('ssh', 'fail2ban');
    const jail = fail2banStep.plan(stock, answers, alone).changes.find((c) => c.kind === 'file');
    assert.ok(jail?.kind === 'file');
    const inPlace: Fail2banFacts = { ...stock, jailLocal: jail.after };
    assert.equal(allChanges(fail2banStep.plan(inPlace, answers, alone)).length, 0, 'in order on its own');

    const context = { ...alone, earlierPlans: [sshPlan({}, 2222, alone)] };
    const plan = fail2banStep.plan(inPlace, answers, context);
    assert.ok(allChanges(plan).length > 0, 'the jail follows sshd to 2222');
    assert.deepEqual(followsFrom(fail2banStep, plan, inPlace, answers, context), ['ssh']);
    assert.equal(followsFrom(fail2banStep, fail2banStep.plan(stock, answers, context), stock, answers, context), undefined, 'a jail golive never wrote changes anyway');
  });
});
