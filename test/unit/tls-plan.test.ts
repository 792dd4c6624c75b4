import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TlsAnswers, type TlsFacts, tlsStep } from '../../steps/tls.js';
import { parseCertificate } from '../../src/audit/tls-certificate.js';
import { parseHandshake } from '../../src/audit/tls-handshake.js';
import { parseHttpHead } from '../../src/audit/tls-hsts.js';
import type { FileChange, StepContext, StepPlan } from '../../src/engine/types.js';
import { GoliveError } from '../../src/errors.js';
import { parseUfw } from '../../src/firewall/ufw.js';
import type { SiteReading } from '../../src/tls/site-probe.js';

const context: StepContext = { loginUser: 'deploy', targetKind: 'ssh', connectionPort: 22, sessionUser: 'deploy', stepsInRun: ['tls'] };
const answers: TlsAnswers = { domains: ['app.example.com', 'www.example.com'], upstream: '127.0.0.1:8080', certificates: 'internal' };
const STOCK = '# stock\n:80 {\n\troot * /usr/share/caddy\n\tfile_server\n}\n';
const ADMIN = '# mine\nstatus.example.net {\n\trespond "ok"\n}\n\n# end of my sites\n';

const ufwInactive = parseUfw('Status: inactive\n@@added\n@@defaults\n');
const facts: TlsFacts = {
  installed: true,
  caddyfile: { content: ADMIN, owner: 'root', group: 'root', mode: 0o644 },
  service: { active: 'active', enabled: 'enabled' },
  ufw: ufwInactive,
  sites: [],
  now: 1_796_071_000,
};

/** What openssl printed on a test server with golive's block in force (trimmed to the lines that matter). */
function served(domain: string): SiteReading {
  const done = { exitCode: 0, stdout: 'CONNECTED(00000003)\n---\nNew, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256\n    Protocol  : TLSv1.3\n    Verify return code: 20 (unable to get local issuer certificate)\n', stderr: '' };
  return {
    domain,
    handshake: parseHandshake(done),
    tls1_1: parseHandshake({ exitCode: 1, stdout: 'CONNECTED(00000003)\nNew, (NONE), Cipher is (NONE)\n', stderr: '40773911EA7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1601:SSL alert number 70\n' }),
    tls1_2: parseHandshake({ ...done, stdout: done.stdout.replace(/TLSv1\.3/g, 'TLSv1.2').replace('TLS_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256') }),
    head: parseHttpHead(
      "HTTP/1.1 200 OK\nContent-Security-Policy: frame-ancestors 'none'\nReferrer-Policy: strict-origin-when-cross-origin\nStrict-Transport-Security: max-age=31536000; includeSubDomains\nX-Content-Type-Options: nosniff\nX-Frame-Options: DENY\n\n",
    ),
    certificate: parseCertificate(`subject=\nissuer=CN = Caddy Local Authority - ECC Intermediate\nnotBefore=Nov 30 20:40:47 2026 GMT\nnotAfter=Dec  1 08:40:47 2026 GMT\nX509v3 Subject Alternative Name: critical\n    DNS:${domain}\n`),
    http: parseHttpHead(`HTTP/1.1 308 Permanent Redirect\nLocation: https://${domain}/\nServer: Caddy\n\n`),
  };
}

const fileOf = (plan: StepPlan) => plan.changes.find((c): c is FileChange => c.kind === 'file');
/** The server as the apply leaves it: the plan's Caddyfile in place, Caddy running it. */
const applied = (before: TlsFacts, plan: StepPlan): TlsFacts => ({ ...before, installed: true, caddyfile: fileOf(plan)!.after, service: { active: 'active', enabled: 'enabled' }, sites: answers.domains.map(served) });

describe('tls plan', () => {
  it("adds golive's block after the admin's sites, validates as the caddy user, reloads; a second plan is empty", () => {
    const plan = tlsStep.plan(facts, answers, context);
    const file = fileOf(plan)!;
    assert.ok(file.after.content.startsWith(`${ADMIN}\n# BEGIN golive tls\n`));
    assert.match(file.after.content, /app\.example\.com, www\.example\.com \{\n\t# [^\n]*\n\ttls internal \{\n\t\tprotocols tls1\.2 tls1\.3\n\t\}/);
    assert.match(file.after.content, /Strict-Transport-Security "max-age=31536000; includeSubDomains"[\s\S]*-Server\n\t\}\n\treverse_proxy 127\.0\.0\.1:8080\n\}\n# END golive tls\n$/);
    assert.deepEqual(plan.validations.map((v) => v.argv), [['runuser', '-u', 'caddy', '--', 'caddy', 'validate', '--adapter', 'caddyfile', '--config', '/etc/caddy/Caddyfile']]);
    assert.deepEqual(plan.reloads, [['systemctl', 'reload', 'caddy']]);
    assert.deepEqual(plan.undo, [['systemctl', 'restart', 'caddy']]);
    const again = tlsStep.plan(applied(facts, plan), answers, context);
    assert.deepEqual(again.changes, []);
    assert.deepEqual(tlsStep.verify(applied(facts, plan), answers, context).filter((c) => !c.ok), []);
  });

  it('writes an ACME account e-mail when certificates come from ACME, and says what ACME needs', () => {
    const plan = tlsStep.plan(facts, { ...answers, certificates: 'acme', email: 'ops@example.com' }, context);
    assert.match(fileOf(plan)!.after.content, /\ttls ops@example\.com \{\n/);
    assert.match(plan.notes.join('\n'), /ports 80 and 443 must be reachable from the internet and DNS for app\.example\.com, www\.example\.com must point at this server/);
    assert.match(plan.notes.join('\n'), /renews certificates by itself/);
  });

  it("installs Caddy when missing: the whole file is golive's, the package's own kept as .dpkg-dist; undo stops and disables it", () => {
    const plan = tlsStep.plan({ ...facts, installed: false, caddyfile: null, service: { active: 'inactive', enabled: 'not-found' } }, answers, context);
    const [install, file] = plan.changes;
    assert.ok(install?.kind === 'command' && install.groundwork && /apt-get install -y caddy.*Caddyfile\.dpkg-dist/.test(install.display ?? ''));
    assert.ok(file?.kind === 'file' && file.before === null && file.after.content.startsWith('# BEGIN golive tls\n'));
    assert.deepEqual(plan.undo, [['systemctl', 'stop', 'caddy'], ['systemctl', 'disable', 'caddy']]);
  });

  it("keeps Debian's stock :80 site and says it still answers other names", () => {
    const plan = tlsStep.plan({ ...facts, caddyfile: { ...facts.caddyfile!, content: STOCK } }, answers, context);
    assert.ok(fileOf(plan)!.after.content.startsWith(STOCK));
    assert.match(plan.notes.join('\n'), /line 2 \(:80\) answers plain HTTP for other names/);
  });

  it("refuses a site for one of the domains that golive did not write, saying where it is", () => {
    const theirs = `${ADMIN}www.example.com {\n\trespond "old"\n}\n`;
    assert.throws(() => tlsStep.plan({ ...facts, caddyfile: { ...facts.caddyfile!, content: theirs } }, answers, context), (error: unknown) => error instanceof GoliveError && /\/etc\/caddy\/Caddyfile line 7 already has a site for www\.example\.com that golive did not write/.test(error.message));
  });

  it('starts a Caddy that is stopped, and puts it back as it was', () => {
    const plan = tlsStep.plan({ ...facts, service: { active: 'inactive', enabled: 'disabled' } }, answers, context);
    assert.deepEqual(plan.changes.filter((c) => c.kind === 'command').map((c) => c.kind === 'command' && c.argv.join(' ')), ['systemctl enable caddy']);
    assert.deepEqual(plan.reloads, [['systemctl', 'restart', 'caddy']]);
    assert.deepEqual(plan.undo, [['systemctl', 'disable', 'caddy'], ['systemctl', 'stop', 'caddy']]);
  });

  it('restarts rather than reloads when the admin turned the admin endpoint off', () => {
    const plan = tlsStep.plan({ ...facts, caddyfile: { ...facts.caddyfile!, content: `{\n\tadmin off\n}\n${ADMIN}` } }, answers, context);
    assert.deepEqual(plan.reloads, [['systemctl', 'restart', 'caddy']]);
  });

  it('warns when ufw is on without 80 and 443, unless the firewall step of the run sets the rules', () => {
    const ufw = parseUfw('Status: active\n@@added\nAdded user rules (see \'ufw status\' for running firewall):\nufw allow 22/tcp\nufw allow 443/tcp\n@@defaults\n');
    assert.match(tlsStep.plan({ ...facts, ufw }, answers, context).notes.join('\n'), /warning: ufw is active and has no rule allowing 80\/tcp/);
    const open = parseUfw('Status: active\n@@added\nufw allow 80,443/tcp\n@@defaults\n');
    assert.doesNotMatch(tlsStep.plan({ ...facts, ufw: open }, answers, context).notes.join('\n'), /warning/);
    const withFirewall = { ...context, stepsInRun: ['firewall', 'tls'] as const, earlierPlans: [{ stepId: 'firewall', title: '', changes: [], validations: [], reloads: [], notes: [], effects: { firewallEnabled: true } } satisfies StepPlan] };
    assert.match(tlsStep.plan({ ...facts, ufw }, answers, { ...withFirewall, stepsInRun: [...withFirewall.stepsInRun] }).notes.join('\n'), /the firewall step of this run decides/);
  });

  it('verify fails a site that sends a Server header, keeps TLS 1.1, or does not redirect', () => {
    const weak: SiteReading = { ...served('app.example.com'), tls1_1: served('x').tls1_2, head: parseHttpHead('HTTP/1.1 200 OK\nServer: nginx\nStrict-Transport-Security: max-age=600\n\n'), http: parseHttpHead('HTTP/1.1 200 OK\n\n') };
    const failed = tlsStep.verify({ ...facts, sites: [weak, served('www.example.com')] }, answers, context).filter((c) => !c.ok).map((c) => c.name);
    assert.deepEqual(failed, ['app.example.com: TLS 1.1 refused', 'app.example.com: HSTS', 'app.example.com: X-Content-Type-Options nosniff', 'app.example.com: Referrer-Policy', 'app.example.com: framing refused', 'app.example.com: no Server header', 'app.example.com: http:// redirects to https://']);
  });
});
