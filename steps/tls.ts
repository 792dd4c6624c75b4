import { optionalText, wordsText } from '../src/answers/question-text.js';
import { fileChange, rootFile } from '../src/engine/file-change.js';
import { type Change, type Check, earlierEffects, type Fact, type FileState, type Question, type Step, type StepContext, type StepPlan } from '../src/engine/types.js';
import { InputError, NotConfiguredError } from '../src/errors.js';
import { fileFact } from '../src/facts/file.js';
import { missingPackagesFact } from '../src/facts/packages.js';
import { ufwFact, type UfwState } from '../src/firewall/ufw.js';
import { nowFact } from '../src/audit/tls-certificate.js';
import { CERTIFICATE_SOURCES, parseTlsAnswers, type TlsAnswers } from '../src/tls/answers.js';
import { CADDYFILE } from '../src/tls/caddyfile.js';
import { siteChecks } from '../src/tls/checks.js';
import { caddyfileAfter, certificateNotes, firewallNote } from '../src/tls/plan-notes.js';
import { type CaddyService, caddyServiceFact, installCaddy, reloadCommand, validateCaddyfile } from '../src/tls/service.js';
import { type SiteReading, sitesFact } from '../src/tls/site-probe.js';

export type { TlsAnswers } from '../src/tls/answers.js';

export interface TlsFacts {
  readonly installed: boolean;
  readonly caddyfile: FileState | null;
  readonly service: CaddyService;
  readonly ufw: UfwState;
  /** Each domain's HTTPS answer, asked on the server itself. */
  readonly sites: readonly SiteReading[];
  readonly now: number;
}

const CADDY_MISSING = missingPackagesFact(['caddy']);

function facts(answers: Partial<TlsAnswers>): { readonly [K in keyof TlsFacts]: Fact<TlsFacts[K]> } {
  return {
    installed: { ...CADDY_MISSING, parse: (o) => CADDY_MISSING.parse(o).length === 0 },
    caddyfile: fileFact(CADDYFILE),
    service: caddyServiceFact,
    ufw: ufwFact,
    sites: answers.domains ? sitesFact(answers.domains) : { argv: ['true'], parse: () => [] },
    now: nowFact,
  };
}

function resolveAnswers(answers: Partial<TlsAnswers>): TlsAnswers {
  const { domains, upstream, email, certificates = 'acme' } = answers;
  if (!domains) throw new NotConfiguredError('tls.domains is not set: golive needs the names the site answers to', 'set tls.domains in golive.yml, like [app.example.com], and tls.upstream, like 127.0.0.1:8080');
  if (!upstream) throw new InputError('tls.upstream is not set: golive needs where the app listens, to put Caddy in front of it', 'like 127.0.0.1:8080');
  if (certificates === 'acme' && !email) {
    throw new InputError("tls.email is not set: certificates from Let's Encrypt (tls.certificates: acme) need an account e-mail", 'set tls.email, like admin@example.com; or tls.certificates: internal for a staging server');
  }
  return { domains, upstream, certificates, ...(email && { email }) };
}

/** The service as the plan leaves it: the package starts and enables it when it installs it. */
function serviceChanges(facts: TlsFacts, fileChanges: number): { changes: Change[]; reloads: string[][] } {
  const command = (argv: string[], why: string): Change => ({ kind: 'command', argv, why });
  // The package starts Caddy on the stock file (unless a policy-rc.d forbids it): reload, or start it.
  if (!facts.installed) return { changes: [], reloads: [['systemctl', 'reload-or-restart', 'caddy']] };
  const changes = facts.service.enabled === 'enabled' ? [] : [command(['systemctl', 'enable', 'caddy'], 'start Caddy at boot')];
  const running = facts.service.active === 'active';
  if (fileChanges === 0) return { changes: running ? changes : [...changes, command(['systemctl', 'restart', 'caddy'], 'the Caddyfile is in place but Caddy is not running')], reloads: [] };
  return { changes, reloads: [running ? reloadCommand(facts.caddyfile?.content ?? '') : ['systemctl', 'restart', 'caddy']] };
}

/** Rollback puts the service back as it was: not there (stopped, off at boot), or running or not, enabled or not. */
function undoCommands(facts: TlsFacts): string[][] {
  if (!facts.installed) return [['systemctl', 'stop', 'caddy'], ['systemctl', 'disable', 'caddy']];
  return [...(facts.service.enabled === 'enabled' ? [] : [['systemctl', 'disable', 'caddy']]), facts.service.active === 'active' ? ['systemctl', 'restart', 'caddy'] : ['systemctl', 'stop', 'caddy']];
}

function plan(facts: TlsFacts, answers: TlsAnswers, context: StepContext): StepPlan {
  const base = { stepId: 'tls' as const, title: `HTTPS for ${answers.domains.join(', ')} (Caddy)` };
  const { content, notes: fileNotes } = caddyfileAfter(facts.caddyfile, answers);
  // An existing Caddyfile keeps its owner and mode; a new one is root's, readable by the caddy user.
  const after = facts.caddyfile ? { ...facts.caddyfile, content } : rootFile(content, 0o644);
  const fileChanges = fileChange(CADDYFILE, facts.caddyfile, after, `golive's site block for ${answers.domains.join(', ')}: TLS 1.2+, HSTS and security headers, proxy to ${answers.upstream}`);
  const service = serviceChanges(facts, fileChanges.length);
  const changes = [...(facts.installed ? [] : [installCaddy()]), ...fileChanges, ...service.changes];
  const notes = [...certificateNotes(answers), ...fileNotes, ...firewallNote(facts.ufw, earlierEffects(context).firewallEnabled === true, context.stepsInRun?.includes('firewall') === true)];
  if (changes.length === 0) {
    const failing = verify(facts, answers).filter((c) => !c.ok && !c.advisory);
    return { ...base, changes: [], validations: [], reloads: [], notes: [`Caddy serves ${answers.domains.join(', ')} with golive's site block`, ...failing.map((c) => `${c.name}: ${c.detail}`), ...notes] };
  }
  return { ...base, changes, validations: [validateCaddyfile], reloads: service.reloads, undo: undoCommands(facts), notes };
}

function verify(facts: TlsFacts, answers: TlsAnswers): Check[] {
  const running = facts.service.active === 'active';
  const byDomain = new Map(facts.sites.map((site) => [site.domain, site]));
  return [
    { name: 'caddy running', ok: running, detail: facts.service.active },
    { name: 'caddy enabled at boot', ok: facts.service.enabled === 'enabled', detail: facts.service.enabled },
    ...answers.domains.flatMap((domain) => {
      const site = byDomain.get(domain);
      return site ? siteChecks(site, facts.now) : [{ name: `${domain}: HTTPS answers`, ok: false, detail: 'not read' }];
    }),
    { name: 'certificates renewed by Caddy', ok: running, detail: running ? 'caddy.service is active: Caddy renews each certificate when a third of its life is left' : 'Caddy is not running, so nothing renews', advisory: true },
  ];
}

const questions: Question[] = [
  { key: 'domains', label: 'Domain names', help: 'the names the site answers to, separated by spaces, like app.example.com www.example.com', ...wordsText() },
  { key: 'upstream', label: 'The app (host:port)', help: 'where the app listens, like 127.0.0.1:8080; Caddy proxies HTTPS to it', ...optionalText },
  { key: 'email', label: 'E-mail for the ACME account', help: "Let's Encrypt writes there about certificates; needed with acme", ...optionalText },
  {
    key: 'certificates',
    label: 'Certificates',
    help: "acme: Let's Encrypt (ports 80 and 443 reachable, DNS pointing here); internal: Caddy's own CA, for staging",
    choices: CERTIFICATE_SOURCES,
    toText: (value) => String(value ?? 'acme'),
    fromText: (text) => text,
  },
];

export const tlsStep: Step<TlsAnswers, TlsFacts> = {
  id: 'tls',
  title: 'HTTPS (Caddy)',
  checklist: ['HTTPS enabled: TLS 1.2+, HSTS, security headers, automatic renewal'],
  questions,
  parseAnswers: parseTlsAnswers,
  facts,
  resolveAnswers,
  plan,
  verify,
};
