import { wordsText, yesNoChoice } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { validateBoolean } from '../src/answers/validators.js';
import { type Change, type Check, earlierEffects, type Fact, type Question, type SshPortMove, type Step, type StepContext, type StepPlan } from '../src/engine/types.js';
import { GoliveError, InputError } from '../src/errors.js';
import { installPackages } from '../src/facts/packages.js';
import { sshPortsFact } from '../src/facts/ssh-ports.js';
import { listenersFact, type Listener } from '../src/checks/listening.js';
import { FIREWALL_AUDIT_ITEMS, firewallFindings } from '../src/firewall/audit.js';
import { INTERNAL_PORTS } from '../src/firewall/exposure.js';
import { dockerFact, isPublic, type PublishedPort } from '../src/firewall/docker.js';
import { formatRule, parsePortRules, type PortRule } from '../src/firewall/port-rule.js';
import { closingCommands, denyingRules, leftOpenNote, openingRules } from '../src/firewall/ssh-port-move.js';
import { ufwCommand, ufwFact, type UfwState } from '../src/firewall/ufw.js';

export interface FirewallAnswers {
  /** Reachable from anywhere. Default: the SSH port(s) in use, 80/tcp and 443/tcp. */
  readonly allow: readonly PortRule[];
  /** Never reachable from outside. Default: PostgreSQL, Redis, MinIO API and console. */
  readonly deny: readonly PortRule[];
  /** `ufw limit` on the SSH port(s): at most 6 new connections in 30 s from one address. */
  readonly limitSsh: boolean;
}

export interface FirewallFacts {
  readonly ufw: UfwState;
  readonly sshPorts: readonly number[];
  readonly docker: { readonly present: boolean; readonly published: readonly PublishedPort[] };
  /** What listens on TCP: for the audit's exposure items. */
  readonly listeners: readonly Listener[];
}

/**
 * Restores a saved `iptables-save`. A server that had no filter table yet saved nothing for it:
 * an empty one with ACCEPT policies (the same thing) is restored instead, which also removes the
 * chains ufw added — iptables-restore flushes every table it names. $0 is iptables or ip6tables.
 */
const RESTORE_TABLES = `f=$(cat)
case "$f" in *'*filter'*) ;; *) f="$f
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT" ;; esac
printf '%s\n' "$f" | "$0-restore"`;

const DEFAULT_DENY: PortRule[] = Object.keys(INTERNAL_PORTS).map((port) => ({ port: Number(port), protocol: 'tcp' }));
const WEB: PortRule[] = [80, 443].map((port) => ({ port, protocol: 'tcp' }));
const ANSWER_KEYS = ['allow', 'deny', 'limitSsh'] as const;

function parseAnswers(raw: unknown, field: string): Partial<FirewallAnswers> {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: { -readonly [K in keyof FirewallAnswers]?: FirewallAnswers[K] } = {};
  if (section.allow !== undefined) answers.allow = parsePortRules(section.allow, `${field}.allow`);
  if (section.deny !== undefined) answers.deny = parsePortRules(section.deny, `${field}.deny`);
  if (section.limitSsh !== undefined) answers.limitSsh = validateBoolean(section.limitSsh, `${field}.limitSsh`);
  const both = (answers.allow ?? []).filter((a) => (answers.deny ?? []).some((d) => formatRule(d) === formatRule(a)));
  if (both.length > 0) throw new InputError(`${field}: ${both.map(formatRule).join(', ')} is both allowed and denied`);
  return answers;
}

function facts(): { readonly [K in keyof FirewallFacts]: Fact<FirewallFacts[K]> } {
  return {
    ufw: ufwFact,
    sshPorts: sshPortsFact,
    docker: dockerFact,
    listeners: listenersFact,
  };
}

/**
 * The SSH ports that must stay open: those sshd listens on and the one golive came in by; when the
 * ssh step of this run moves sshd, its new port instead of the old ones.
 */
function sshPortsInUse(facts: FirewallFacts, context: StepContext): number[] {
  const inUse = [...facts.sshPorts, ...(context.connectionPort ? [context.connectionPort] : [])];
  const move = earlierEffects(context).sshPorts;
  const after = move ? [...inUse.filter((port) => !move.from.includes(port)), move.to] : inUse;
  return [...new Set(after)].sort((a, b) => a - b);
}

function resolveAnswers(answers: Partial<FirewallAnswers>, facts: FirewallFacts, context: StepContext): FirewallAnswers {
  const ssh = sshPortsInUse(facts, context).map((port): PortRule => ({ port, protocol: 'tcp' }));
  return { allow: answers.allow ?? [...ssh, ...WEB], deny: answers.deny ?? DEFAULT_DENY, limitSsh: answers.limitSsh ?? false };
}

/** The ufw rules the answers ask for, as `ufw show added` prints them. */
function desiredRules(answers: FirewallAnswers, sshPorts: readonly number[]): string[] {
  const allow = answers.allow.map((rule) => `${answers.limitSsh && rule.protocol === 'tcp' && sshPorts.includes(rule.port) ? 'limit' : 'allow'} ${formatRule(rule)}`);
  return [...allow, ...answers.deny.map((rule) => `deny ${formatRule(rule)}`)];
}

function compare(facts: FirewallFacts, answers: FirewallAnswers, context: StepContext): Check[] {
  const rules = desiredRules(answers, sshPortsInUse(facts, context));
  return [
    { name: 'ufw active', ok: facts.ufw.active, detail: facts.ufw.active ? 'active' : 'inactive' },
    { name: 'ufw default incoming', ok: facts.ufw.defaultIncoming === 'drop', detail: facts.ufw.defaultIncoming || 'unknown' },
    { name: 'ufw default outgoing', ok: facts.ufw.defaultOutgoing === 'accept', detail: facts.ufw.defaultOutgoing || 'unknown' },
    ...rules.map((rule) => ({ name: `ufw ${rule}`, ok: facts.ufw.rules.includes(rule), detail: facts.ufw.rules.includes(rule) ? 'present' : 'missing' })),
  ];
}

function dockerNotes(facts: FirewallFacts): string[] {
  if (!facts.docker.present) return [];
  const exposed = facts.docker.published.filter((p) => isPublic(p.address));
  if (exposed.length === 0) return ['Docker is installed; no container publishes a port on a public address'];
  return [
    `Docker publishes these ports around UFW, so they are reachable whatever the firewall says: ${exposed.map((p) => `${p.port}/${p.protocol} (${p.container} on ${p.address})`).join(', ')}`,
    'fix: publish them on 127.0.0.1 in docker-compose ("127.0.0.1:5432:5432"), or add DROP rules to the DOCKER-USER chain',
  ];
}

/** Refuses answers or rules that would leave an SSH port closed: the one in use, or the one sshd moves to. */
function refuseBlockedSsh(facts: FirewallFacts, answers: FirewallAnswers, sshPorts: readonly number[], move: SshPortMove | undefined): void {
  if (move && answers.deny.some((rule) => rule.port === move.to && rule.protocol === 'tcp')) {
    throw new GoliveError(`sshd is to move to port ${move.to} (ssh.port), which firewall.deny names; nothing was changed`, `remove ${move.to}/tcp from firewall.deny, or choose another ssh.port`);
  }
  const denying = move ? denyingRules(facts.ufw.rules, move.to) : [];
  if (denying.length > 0) {
    throw new GoliveError(
      `sshd is to move to port ${move!.to} (ssh.port), but ufw has a rule that refuses it (${denying.join(', ')}), and ufw's first matching rule wins; nothing was changed`,
      `delete it (${denying.map((rule) => `ufw delete ${rule}`).join('; ')}), or choose another ssh.port`,
    );
  }
  const closed = sshPorts.filter((port) => !answers.allow.some((rule) => rule.port === port && rule.protocol === 'tcp'));
  if (closed.length > 0) {
    const where = move && closed.includes(move.to) ? `where sshd is to listen (ssh.port) or in use by this connection` : 'in use by sshd or by this connection';
    throw new GoliveError(
      `the firewall would block SSH: port ${closed.join(', ')}/tcp ${closed.length === 1 ? 'is' : 'are'} ${where} but not in firewall.allow; nothing was changed`,
      `add ${closed.map((p) => `${p}/tcp`).join(', ')} to firewall.allow`,
    );
  }
}

/**
 * While sshd moves, its old ports stay open until a login on the new one works: a rule is added for
 * an old port sshd listens on that has none, and every such rule goes once the login worked. An old
 * port firewall.allow names stays open.
 */
function oldPortRules(facts: FirewallFacts, answers: FirewallAnswers, move: SshPortMove | undefined): { readonly meanwhile: string[]; readonly closing: string[] } {
  if (!move) return { meanwhile: [], closing: [] };
  const leaving = move.from.filter((port) => port !== move.to && !answers.allow.some((rule) => rule.port === port && rule.protocol === 'tcp'));
  const meanwhile = leaving.filter((port) => facts.sshPorts.includes(port) && openingRules(facts.ufw.rules, port).length === 0).map((port) => `allow ${port}/tcp`);
  return { meanwhile, closing: [...leaving.flatMap((port) => openingRules(facts.ufw.rules, port)), ...meanwhile] };
}

function plan(facts: FirewallFacts, answers: FirewallAnswers, context: StepContext): StepPlan {
  const base = { stepId: 'firewall' as const, title: 'Firewall: only SSH, HTTP and HTTPS reachable', effects: { firewallEnabled: true } };
  const move = earlierEffects(context).sshPorts;
  const sshPorts = sshPortsInUse(facts, context);
  const notes = dockerNotes(facts);
  // Never enable a firewall that would cut the SSH session off (or anyone's next one).
  refuseBlockedSsh(facts, answers, sshPorts, move);
  const desired = desiredRules(answers, sshPorts);
  const { meanwhile, closing } = oldPortRules(facts, answers, move);
  const extra = facts.ufw.rules.filter((rule) => !desired.includes(rule) && !closing.includes(rule));
  if (extra.length > 0) notes.push(`ufw also has rules golive leaves as they are: ${extra.join(', ')}`);
  if (move) notes.push(...leftOpenNote(facts.ufw.rules, closing, move));

  const checks = compare(facts, answers, context);
  if (checks.every((c) => c.ok) && closing.length === 0) return { ...base, changes: [], validations: [], reloads: [], notes: ['ufw already enforces every rule asked for', ...notes] };

  const changes: Change[] = [];
  if (!facts.ufw.installed) {
    changes.push(installPackages(['ufw'], 'ufw is not installed'));
  }
  // Allow rules before any deny, and the default policy last: a live firewall never blocks SSH, even for a moment.
  for (const rule of meanwhile) changes.push(ufwCommand(rule.split(' '), `sshd listens here until a login on ${move!.to} works`));
  for (const rule of desired) {
    if (!facts.ufw.rules.includes(rule)) changes.push(ufwCommand(rule.split(' '), rule.startsWith('deny') ? 'never reachable from outside' : 'reachable from anywhere'));
  }
  if (facts.ufw.defaultIncoming !== 'drop') changes.push(ufwCommand(['default', 'deny', 'incoming'], 'refuse everything not allowed'));
  if (facts.ufw.defaultOutgoing !== 'accept') changes.push(ufwCommand(['default', 'allow', 'outgoing'], 'the server may reach out'));
  if (!facts.ufw.active) changes.push(ufwCommand(['--force', 'enable'], 'turn the firewall on, now and at boot'));
  const after = [...new Set([...facts.ufw.rules, ...desired])].filter((rule) => !closing.includes(rule));
  return {
    ...base,
    changes,
    validations: [],
    reloads: [],
    // Rollback: ufw's files come back first; a firewall that was off is torn down again (force:
    // the restored ufw.conf already says it is off), then the kernel's tables are put back exactly
    // as they were (policies and every non-ufw rule).
    undo: [facts.ufw.active ? ['ufw', 'reload'] : ['/lib/ufw/ufw-init', 'force-stop']],
    snapshots: ['iptables', 'ip6tables'].map((tool) => ({ name: tool, save: [`${tool}-save`], restore: ['sh', '-c', RESTORE_TABLES, tool] })),
    // Someone's SSH session is at stake (golive's own, or the admin's who ran it through sudo): a
    // new login must get through the enabled firewall, or the run is undone. At a console, none is.
    loginCheck: context.sessionUser ? { user: context.sessionUser, port: move?.to ?? context.connectionPort ?? sshPorts[0] ?? 22 } : undefined,
    afterLogin: closing.length > 0 ? { changes: closingCommands(closing, move!), validations: [], reloads: [] } : undefined,
    notes: [
      ...checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`),
      ...(closing.length > 0 ? [`${closing.join(', ')}: open until a new login on port ${move!.to} works, then deleted`] : []),
      `rules after apply: default deny incoming, allow outgoing; ${after.join(', ')}`,
      ...notes,
    ],
  };
}

/** Resolved answers hold rules; answers from golive.yml hold what was written there (`22/tcp`, `80`). */
const portRulesText = wordsText((rule) => (typeof rule === 'object' && rule !== null ? formatRule(rule as PortRule) : String(rule)));

const questions: Question[] = [
  {
    key: 'allow',
    label: 'Reachable ports',
    help: 'PORT or PORT/tcp|udp, separated by spaces; the SSH port in use must stay',
    ...portRulesText,
  },
  {
    key: 'deny',
    label: 'Ports never reachable from outside',
    help: 'PostgreSQL 5432, Redis 6379, MinIO 9000 and 9001 by default',
    ...portRulesText,
  },
  {
    key: 'limitSsh',
    label: 'Rate-limit SSH (ufw limit)',
    help: 'refuses an address that opens more than 6 SSH connections in 30 s',
    ...yesNoChoice(false),
  },
];

export const firewallStep: Step<FirewallAnswers, FirewallFacts> = {
  id: 'firewall',
  title: 'Firewall (UFW)',
  checklist: ['Firewall configured', 'Only 80/443 (and SSH) exposed', 'PostgreSQL, Redis, MinIO blocked'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  // As golive.yml writes them (22/tcp), so the wizard can read the remembered answers back.
  savedAnswers: (answers) => ({ ...answers, allow: answers.allow.map(formatRule), deny: answers.deny.map(formatRule) }),
  plan,
  verify: (facts, answers, context) => compare(facts, answers, context),
  auditItems: FIREWALL_AUDIT_ITEMS,
  audit: (facts) => firewallFindings(facts.ufw, facts.listeners, facts.docker.published, facts.sshPorts),
};
