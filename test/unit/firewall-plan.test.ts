import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fail2banStep, type Fail2banFacts } from '../../steps/fail2ban.js';
import { firewallStep, type FirewallFacts } from '../../steps/firewall.js';
import { parseDockerPorts } from '../../src/firewall/docker.js';
import { parsePortRule } from '../../src/firewall/port-rule.js';
import { parseUfw, ufwFact } from '../../src/firewall/ufw.js';
import { overSsh } from '../helpers/ssh-facts.js';

// Output of UFW_SCRIPT on a stock Debian 12 test server, then after golive enabled it.
const DEFAULTS = 'IPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\nDEFAULT_OUTPUT_POLICY="ACCEPT"\nDEFAULT_FORWARD_POLICY="DROP"\n';
const STOCK = `Status: inactive\n@@added\nAdded user rules (see 'ufw status' for running firewall):\n(None)\n@@defaults\n${DEFAULTS}`;
const ENABLED = `Status: active\n@@added\nAdded user rules (see 'ufw status' for running firewall):\nufw allow 22/tcp\nufw allow 80/tcp\nufw allow 443/tcp\nufw deny 5432/tcp\nufw deny 6379/tcp\nufw deny 9000/tcp\nufw deny 9001/tcp\n@@defaults\n${DEFAULTS}`;

const facts = (ufw: string, overrides: Partial<FirewallFacts> = {}): FirewallFacts => ({ ufw: parseUfw(ufw), sshPorts: [22], docker: { present: false, published: [] }, listeners: [], ...overrides });
const context = overSsh('deploy');
const defaults = (f: FirewallFacts) => firewallStep.resolveAnswers({}, f, context);

describe('firewall plan', () => {
  it('allows SSH, 80 and 443 before denying the database ports, and enables ufw last', () => {
    const f = facts(STOCK);
    const plan = firewallStep.plan(f, defaults(f), context);
    assert.deepEqual(
      plan.changes.map((c) => (c.kind === 'command' ? c.argv.join(' ') : c.path)),
      ['ufw allow 22/tcp', 'ufw allow 80/tcp', 'ufw allow 443/tcp', 'ufw deny 5432/tcp', 'ufw deny 6379/tcp', 'ufw deny 9000/tcp', 'ufw deny 9001/tcp', 'ufw --force enable'],
    );
    assert.deepEqual(plan.undo, [['/lib/ufw/ufw-init', 'force-stop']]);
    assert.deepEqual(plan.snapshots?.map((s) => s.name), ['iptables', 'ip6tables']);
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 22 });
    assert.match(plan.notes.join('\n'), /rules after apply: default deny incoming, allow outgoing; allow 22\/tcp, allow 80\/tcp/);
  });

  it('remembers its answers as golive.yml writes them, and reads back what golive 0.1 remembered', () => {
    const f = facts(STOCK);
    const saved = JSON.parse(JSON.stringify(firewallStep.savedAnswers!(defaults(f)))) as Record<string, unknown>;
    assert.deepEqual(saved.deny, ['5432/tcp', '6379/tcp', '9000/tcp', '9001/tcp']);
    assert.deepEqual(firewallStep.parseAnswers(saved, 'firewall'), firewallStep.parseAnswers({ ...saved, allow: defaults(f).allow, deny: defaults(f).deny }, 'firewall'));
    assert.throws(() => firewallStep.parseAnswers({ deny: [{ port: 5432, protocol: 'tcp', extra: 1 }] }, 'firewall'), /is not a port rule/);
  });

  it('needs no new login at a console, where no SSH session is at stake', () => {
    const f = facts(STOCK);
    const console = { loginUser: 'root', targetKind: 'local' as const, connectionPort: undefined, sessionUser: undefined };
    assert.equal(firewallStep.plan(f, firewallStep.resolveAnswers({}, f, console), console).loginCheck, undefined);
  });

  it('plans nothing once ufw enforces every rule', () => {
    const f = facts(ENABLED);
    assert.equal(firewallStep.plan(f, defaults(f), context).changes.length, 0);
    assert.ok(firewallStep.verify(f, defaults(f), context).every((c) => c.ok));
  });

  it('keeps the port sshd really listens on, and the one golive came in by', () => {
    const f = facts(STOCK, { sshPorts: [2222] });
    assert.deepEqual(defaults(f).allow.map((r) => `${r.port}/${r.protocol}`), ['22/tcp', '2222/tcp', '80/tcp', '443/tcp']);
  });

  it('refuses to enable a firewall that would block the SSH port in use', () => {
    const f = facts(STOCK, { sshPorts: [2222] });
    assert.throws(() => firewallStep.plan(f, { ...defaults(f), allow: [{ port: 22, protocol: 'tcp' }] }, context), /would block SSH: port 2222\/tcp is in use/);
  });

  it('rate-limits the SSH port when asked', () => {
    const f = facts(STOCK);
    const plan = firewallStep.plan(f, { ...defaults(f), limitSsh: true }, context);
    assert.ok(plan.changes.some((c) => c.kind === 'command' && c.argv.join(' ') === 'ufw limit 22/tcp'));
  });

  it('names Docker ports published around UFW, with the fix', () => {
    const published = parseDockerPorts('db\t0.0.0.0:5432->5432/tcp, :::5432->5432/tcp\ncache\t127.0.0.1:6379->6379/tcp\nweb\t');
    assert.deepEqual(published, [
      { container: 'db', address: '0.0.0.0', port: 5432, protocol: 'tcp' },
      { container: 'db', address: '::', port: 5432, protocol: 'tcp' },
      { container: 'cache', address: '127.0.0.1', port: 6379, protocol: 'tcp' },
    ]);
    const f = facts(ENABLED, { docker: { present: true, published } });
    const notes = firewallStep.plan(f, defaults(f), context).notes.join('\n');
    assert.match(notes, /reachable whatever the firewall says: 5432\/tcp \(db on 0\.0\.0\.0\), 5432\/tcp \(db on ::\)/);
    assert.doesNotMatch(notes, /6379/);
    assert.match(notes, /127\.0\.0\.1:5432:5432.*DOCKER-USER/s);
  });

  it('refuses nonsense port rules and a port both allowed and denied', () => {
    assert.deepEqual(parsePortRule('53/udp', 'x'), { port: 53, protocol: 'udp' });
    assert.deepEqual(parsePortRule(443, 'x'), { port: 443, protocol: 'tcp' });
    for (const bad of ['http', '70000/tcp', '22/icmp', '0', '22;reboot']) assert.throws(() => parsePortRule(bad, 'firewall.allow'), /firewall\.allow: .* is not a port rule/);
    assert.throws(() => firewallStep.parseAnswers({ allow: ['5432'], deny: [5432] }, 'firewall'), /5432\/tcp is both allowed and denied/);
    assert.throws(() => firewallStep.parseAnswers({ limitSsh: 'yes' }, 'firewall'), /firewall\.limitSsh: "yes" is not true or false/);
  });

  it("shows golive.yml's port rules in the wizard's fields as written, and resolved rules formatted", () => {
    const allow = firewallStep.questions.find((q) => q.key === 'allow')!;
    // golive.yml's answers reach the wizard as written; the server's defaults as parsed rules.
    assert.equal(allow.toText(['22/tcp', 80, '443/tcp']), '22/tcp 80 443/tcp');
    assert.equal(allow.toText([{ port: 22, protocol: 'tcp' }, { port: 53, protocol: 'udp' }]), '22/tcp 53/udp');
    assert.deepEqual(firewallStep.parseAnswers({ allow: allow.fromText(allow.toText(['22/tcp', 80])) }, 'firewall').allow, [{ port: 22, protocol: 'tcp' }, { port: 80, protocol: 'tcp' }]);
  });
});

const stockFail2ban: Fail2banFacts = {
  installed: true,
  jailLocal: null,
  logSource: 'journal',
  pythonSystemd: true,
  ufwActive: false,
  service: { active: 'failed', enabled: 'enabled' },
  jail: undefined,
  sshPorts: [22],
};

describe('fail2ban plan', () => {
  const answers = fail2banStep.resolveAnswers({}, stockFail2ban, context);

  it('writes jail.local with backend = systemd in the sshd section when there is no auth.log', () => {
    const plan = fail2banStep.plan(stockFail2ban, answers, context);
    const file = plan.changes.find((c) => c.kind === 'file');
    assert.ok(file && file.kind === 'file');
    assert.equal(file.path, '/etc/fail2ban/jail.local');
    assert.match(file.after.content, /\[DEFAULT\]\nbantime = 3600\nfindtime = 600\nmaxretry = 3\n/);
    assert.match(file.after.content, /\[sshd\]\nenabled = true\nport = 22\n(#.*\n)?backend = systemd\n/);
    assert.doesNotMatch(file.after.content, /logpath|banaction/);
    assert.deepEqual(plan.validations.map((v) => v.argv), [['fail2ban-client', '-t']]);
    assert.deepEqual(plan.undo, [['systemctl', 'stop', 'fail2ban']]);
  });

  it('reads /var/log/auth.log where it exists, and bans through ufw when ufw is on', () => {
    const plan = fail2banStep.plan({ ...stockFail2ban, logSource: 'file', ufwActive: true }, answers, context);
    const file = plan.changes.find((c) => c.kind === 'file');
    assert.ok(file && file.kind === 'file');
    assert.match(file.after.content, /banaction = ufw\n/);
    assert.match(file.after.content, /backend = auto\nlogpath = \/var\/log\/auth\.log/);
  });

  it('bans through ufw when the firewall step of the same run enables it', () => {
    const firewall = firewallStep.plan(facts(STOCK), defaults(facts(STOCK)), context);
    const plan = fail2banStep.plan(stockFail2ban, answers, { ...context, earlierPlans: [firewall] });
    const file = plan.changes.find((c) => c.kind === 'file');
    assert.ok(file && file.kind === 'file' && file.after.content.includes('banaction = ufw'));
  });

  it('plans nothing when the jail runs with these values', () => {
    const content = (fail2banStep.plan(stockFail2ban, answers, context).changes.find((c) => c.kind === 'file') as { after: { content: string } }).after.content;
    const running: Fail2banFacts = { ...stockFail2ban, jailLocal: { content, owner: 'root', group: 'root', mode: 0o644 }, service: { active: 'active', enabled: 'enabled' }, jail: { bantime: '3600', findtime: '600', maxretry: '3' } };
    assert.equal(fail2banStep.plan(running, answers, context).changes.length, 0);
  });

  it('refuses values out of range', () => {
    assert.throws(() => fail2banStep.parseAnswers({ maxretry: 0 }, 'fail2ban'), /fail2ban\.maxretry: 0 is not a whole number from 1 to 100/);
    assert.throws(() => fail2banStep.parseAnswers({ bantime: '1h' }, 'fail2ban'), /fail2ban\.bantime: "1h" is not a whole number/);
  });
});

describe('firewall audit', () => {
  const listening = [22, 80, 443, 5432].map((port) => ({ address: '0.0.0.0', port }));
  const status = (f: FirewallFacts) => Object.fromEntries((firewallStep.audit!(f, {}, context)).map((finding) => [finding.id, finding.status]));

  it('fails all three on a stock server where PostgreSQL listens on every address', () => {
    const findings = firewallStep.audit!(facts(STOCK, { listeners: listening }), {}, context);
    assert.deepEqual(findings.map((f) => [f.id, f.status]), [['firewall.active', 'fail'], ['firewall.exposure', 'fail'], ['firewall.internal', 'fail']]);
    assert.match(findings[2]!.evidence, /5432 \(PostgreSQL\): listens on 0\.0\.0\.0, and ufw is off/);
  });

  it('passes once ufw denies by default and only SSH, 80 and 443 are let in', () => {
    assert.deepEqual(status(facts(ENABLED, { listeners: [...listening, { address: '127.0.0.1', port: 6379 }] })), { 'firewall.active': 'pass', 'firewall.exposure': 'pass', 'firewall.internal': 'pass' });
  });

  it('counts what Docker publishes on a public address, whatever ufw says', () => {
    const published = { present: true, published: [{ container: 'app-redis-1', address: '0.0.0.0', port: 6379, protocol: 'tcp' }] };
    const findings = firewallStep.audit!(facts(ENABLED, { listeners: listening, docker: published }), {}, context);
    assert.equal(findings.find((f) => f.id === 'firewall.internal')?.status, 'fail');
    assert.match(findings.find((f) => f.id === 'firewall.internal')!.evidence, /6379 \(Redis\): published by Docker \(app-redis-1\) on 0\.0\.0\.0, around ufw/);
  });
});

describe('ufw state read without its Python', () => {
  it('words plain rules from the rule files as ufw show added does, each once for IPv4 and IPv6', () => {
    const tuples = ['allow tcp 22', 'allow udp 60000:60010', 'allow any 8080', 'limit tcp 2222', 'reject tcp 7000'];
    const files = [...tuples.map((t) => `### tuple ### ${t} 0.0.0.0/0 any 0.0.0.0/0 in`), ...tuples.map((t) => `### tuple ### ${t} ::/0 any ::/0 in`)].join('\n');
    const state = parseUfw(`Status: active\n@@added\n${files}\n@@defaults\nDEFAULT_INPUT_POLICY="DROP"\n`);
    assert.deepEqual(state.rules, ['allow 22/tcp', 'allow 60000:60010/udp', 'allow 8080', 'limit 2222/tcp', 'reject 7000/tcp']);
    assert.equal(state.active, true);
  });

  it('leaves any other rule to ufw show added', () => {
    assert.match(ufwFact.argv[2]!, /SIMPLE='\^\(### tuple ### \(allow\|deny\|reject\|limit\)[^']* in\)\?\$' awk [^\n]*\$0 !~ ENVIRON\["SIMPLE"\][^\n]*\n?[^\n]*\nelse ufw show added; fi/);
    const state = parseUfw('Status: inactive\n@@added\nAdded user rules (see \'ufw status\' for running firewall):\nufw allow from 10.0.0.0/8 to any port 5432 proto tcp\n@@defaults\n');
    assert.deepEqual(state.rules, ['allow from 10.0.0.0/8 to any port 5432 proto tcp']);
  });
});
