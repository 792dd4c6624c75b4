import { numberText } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { validateWholeNumber } from '../src/answers/validators.js';
import { fileChange, rootFile } from '../src/engine/file-change.js';
import { type Change, type Check, earlierEffects, type Fact, type FileState, type Question, type Step, type StepContext, type StepPlan, type AuditFinding, type AuditItem } from '../src/engine/types.js';
import { fileFact } from '../src/facts/file.js';
import { unitStateFact } from '../src/facts/units.js';
import { installPackages } from '../src/facts/packages.js';
import { sshPortsFact } from '../src/facts/ssh-ports.js';
import { JAIL_LOCAL } from '../src/fail2ban/jail-local.js';
import { ufwFact, type UfwState } from '../src/firewall/ufw.js';
import { readTemplate, renderTemplate } from '../src/templates.js';


export interface Fail2banAnswers {
  /** Seconds an address stays banned. */
  readonly bantime: number;
  /** The window, in seconds, in which maxretry failures ban an address. */
  readonly findtime: number;
  readonly maxretry: number;
}

type LogSource = 'file' | 'journal' | 'none';

export interface Fail2banFacts {
  readonly installed: boolean;
  readonly jailLocal: FileState | null;
  /** Where sshd's log goes: /var/log/auth.log, or the journal (Debian 12 has no auth.log). */
  readonly logSource: LogSource;
  readonly pythonSystemd: boolean;
  readonly ufwActive: boolean;
  readonly service: { readonly active: string; readonly enabled: string };
  /** The running sshd jail's values; undefined when fail2ban is not running. */
  readonly jail: Readonly<Record<'bantime' | 'findtime' | 'maxretry', string>> | undefined;
  readonly sshPorts: readonly number[];
}

const ANSWER_KEYS = ['bantime', 'findtime', 'maxretry'] as const;
const LIMITS: Record<(typeof ANSWER_KEYS)[number], [number, number]> = { bantime: [1, 315_360_000], findtime: [1, 31_536_000], maxretry: [1, 100] };

function parseAnswers(raw: unknown, field: string): Partial<Fail2banAnswers> {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: { -readonly [K in keyof Fail2banAnswers]?: number } = {};
  for (const key of ANSWER_KEYS) {
    const value = section[key];
    if (value === undefined) continue;
    const [min, max] = LIMITS[key];
    answers[key] = validateWholeNumber(value, `${field}.${key}`, min, max, `a whole number from ${min} to ${max}`);
  }
  return answers;
}

const JAIL_KEYS = ['bantime', 'findtime', 'maxretry'] as const;

/**
 * The running sshd jail's values, asked of one fail2ban-client: its interactive mode reads the
 * questions from stdin. The first is a ping, asked again while a just-started server is not yet
 * listening. The server answers before its jails are up: for 30 s after fail2ban (re)started, the
 * questions are asked again until the sshd jail answers them all (a loaded machine takes seconds).
 */
const JAIL_SCRIPT = `case "$(systemctl is-active fail2ban 2>/dev/null)" in
  active|activating|reloading) ;;
  *) exit 3 ;;
esac
since=$(systemctl show fail2ban -p ActiveEnterTimestampMonotonic --value 2>/dev/null)
i=0
while :; do
  out=$({ printf 'ping\\n'; printf 'get sshd %s\\n' ${JAIL_KEYS.join(' ')}; } | fail2ban-client -i 2>/dev/null)
  case "$out" in
    *'Server replied: pong'*)
      [ "$(printf '%s\\n' "$out" | grep -Ec '^fail2ban> [0-9]+$')" -ge ${JAIL_KEYS.length} ] && break
      now=$(awk '{ printf "%d", $1 * 1000000 }' /proc/uptime)
      [ $((now - \${since:-0})) -lt 30000000 ] || break ;;
  esac
  i=$((i + 1)); [ "$i" -lt 50 ] || break
  sleep 0.2
done
printf '%s\\n' "$out"`;

/** The answers after fail2ban-client's prompts: the pong, then one per key ('?' where the jail did not say). */
function parseJail(stdout: string): Fail2banFacts['jail'] {
  const answers = stdout.split('fail2ban> ').slice(2).map((answer) => answer.trim());
  return Object.fromEntries(JAIL_KEYS.map((key, n) => [key, /^\d+$/.test(answers[n] ?? '') ? answers[n]! : '?'])) as Fail2banFacts['jail'];
}

function facts(): { readonly [K in keyof Fail2banFacts]: Fact<Fail2banFacts[K]> } {
  return {
    installed: { argv: ['sh', '-c', 'command -v fail2ban-client'], parse: (o) => o.exitCode === 0 },
    jailLocal: fileFact(JAIL_LOCAL),
    logSource: {
      argv: ['sh', '-c', 'if [ -f /var/log/auth.log ]; then echo file; elif [ -d /run/systemd/system ]; then echo journal; else echo none; fi'],
      parse: (o) => (o.stdout.trim() as LogSource) || 'none',
    },
    // Where Debian's python3-systemd (and pip, for /usr/local) put the module: no Python started to ask.
    pythonSystemd: { argv: ['sh', '-c', 'for d in /usr/lib/python3/dist-packages /usr/local/lib/python3*/dist-packages; do [ -f "$d/systemd/journal.py" ] && exit 0; done; exit 1'], parse: (o) => o.exitCode === 0 },
    ufwActive: { from: { ufw: ufwFact }, derive: ({ ufw }) => (ufw as UfwState).active },
    service: unitStateFact('fail2ban.service'),
    jail: {
      argv: ['sh', '-c', JAIL_SCRIPT],
      parse: (o) => (o.exitCode === 0 ? parseJail(o.stdout) : undefined),
    },
    sshPorts: sshPortsFact,
  };
}

function resolveAnswers(answers: Partial<Fail2banAnswers>): Fail2banAnswers {
  return { bantime: answers.bantime ?? 3600, findtime: answers.findtime ?? 600, maxretry: answers.maxretry ?? 3 };
}

function renderJail(facts: Fail2banFacts, answers: Fail2banAnswers): string {
  const journal = facts.logSource !== 'file';
  return renderTemplate(readTemplate('fail2ban/jail.local'), {
    bantime: String(answers.bantime),
    findtime: String(answers.findtime),
    maxretry: String(answers.maxretry),
    banaction: facts.ufwActive ? 'ufw' : '',
    banactionAllports: facts.ufwActive ? 'ufw' : '',
    ports: (facts.sshPorts.length > 0 ? facts.sshPorts : [22]).join(','),
    logSource: journal ? 'the systemd journal (there is no /var/log/auth.log)' : '/var/log/auth.log',
    backend: journal ? 'systemd' : 'auto',
    logpath: journal ? '' : '/var/log/auth.log',
  });
}

function compare(facts: Fail2banFacts, answers: Fail2banAnswers): Check[] {
  const running = facts.service.active === 'active';
  return [
    { name: 'fail2ban running', ok: running, detail: facts.service.active },
    { name: 'fail2ban enabled at boot', ok: facts.service.enabled === 'enabled', detail: facts.service.enabled },
    ...ANSWER_KEYS.map((key) => {
      const value = facts.jail?.[key];
      return { name: `sshd jail ${key}`, ok: value === String(answers[key]), detail: value === undefined ? 'the sshd jail is not running' : `${value}${value === String(answers[key]) ? '' : `, wanted ${answers[key]}`}` };
    }),
  ];
}

/**
 * The server as the steps before this one leave it: ufw on when the firewall step of this run turns
 * it on, and the jail on sshd's new port when the ssh step moves it.
 */
function withEarlierSteps(facts: Fail2banFacts, context: StepContext): Fail2banFacts {
  const earlier = earlierEffects(context);
  return {
    ...facts,
    ufwActive: facts.ufwActive || earlier.firewallEnabled === true,
    sshPorts: earlier.sshPorts ? [earlier.sshPorts.to] : facts.sshPorts,
  };
}

function plan(probed: Fail2banFacts, answers: Fail2banAnswers, context: StepContext): StepPlan {
  const base = { stepId: 'fail2ban' as const, title: 'fail2ban: ban addresses that keep failing to log in' };
  const facts = withEarlierSteps(probed, context);
  const content = renderJail(facts, answers);
  const checks = compare(facts, answers);
  const jailChange = fileChange(JAIL_LOCAL, facts.jailLocal, rootFile(content, 0o644), 'the sshd jail and its ban rules (jail.conf stays untouched)');
  const fileCurrent = jailChange.length === 0;
  if (fileCurrent && checks.every((c) => c.ok)) return { ...base, changes: [], validations: [], reloads: [], notes: ['fail2ban runs the sshd jail with these values'] };

  const notes = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  const changes: Change[] = [];
  const packages = [...(facts.installed ? [] : ['fail2ban']), ...(facts.logSource !== 'file' && !facts.pythonSystemd ? ['python3-systemd'] : [])];
  if (packages.length > 0) {
    changes.push(installPackages(packages, facts.installed ? "the sshd jail needs python3-systemd to read sshd's log from the journal" : 'fail2ban is not installed'));
  }
  if (facts.logSource !== 'file') notes.push('there is no /var/log/auth.log: the sshd jail reads the systemd journal (backend = systemd)');
  changes.push(...jailChange);
  if (facts.service.enabled !== 'enabled') changes.push({ kind: 'command', argv: ['systemctl', 'enable', 'fail2ban'], why: 'start fail2ban at boot' });
  if (fileCurrent) changes.push({ kind: 'command', argv: ['systemctl', 'restart', 'fail2ban'], why: 'the jail is configured but fail2ban is not running it' });
  const wasRunning = facts.service.active === 'active';
  return {
    ...base,
    changes,
    validations: [{ argv: ['fail2ban-client', '-t'], what: 'fail2ban configuration' }],
    reloads: fileCurrent ? [] : [['systemctl', 'restart', 'fail2ban']],
    // Rollback puts the service back as it was: running or not, enabled or not.
    undo: [
      ...(facts.service.enabled === 'enabled' ? [] : [['systemctl', 'disable', 'fail2ban']]),
      wasRunning ? ['systemctl', 'restart', 'fail2ban'] : ['systemctl', 'stop', 'fail2ban'],
    ],
    notes,
  };
}

const questions: Question[] = ANSWER_KEYS.map((key) => ({
  key,
  label: { bantime: 'Ban time (seconds)', findtime: 'Find time (seconds)', maxretry: 'Failures before a ban' }[key],
  help: { bantime: 'how long an address stays banned', findtime: 'the window in which the failures count', maxretry: 'failed logins within the find time' }[key],
  ...numberText,
}));

const AUDIT_ITEMS: readonly AuditItem[] = [{ id: 'fail2ban.running', title: 'Brute-force logins banned (fail2ban sshd jail)', fix: 'golive apply --only fail2ban' }];

/** fail2ban runs the sshd jail; its values against the checklist's (bantime 3600, findtime 600, maxretry 3). */
function audit(facts: Fail2banFacts): AuditFinding[] {
  const item = AUDIT_ITEMS[0]!;
  if (!facts.installed) return [{ ...item, status: 'fail', evidence: 'fail2ban is not installed' }];
  if (facts.service.active !== 'active' || !facts.jail || Object.values(facts.jail).some((v) => !/^\d+$/.test(v))) return [{ ...item, status: 'fail', evidence: `fail2ban is ${facts.service.active}${facts.service.active === 'active' ? ' but runs no sshd jail' : ''}` }];
  const { bantime, findtime, maxretry } = facts.jail;
  const values = `sshd jail: bantime ${bantime}, findtime ${findtime}, maxretry ${maxretry} (fail2ban-client get sshd)`;
  const weaker = Number(bantime) < 3600 || Number(findtime) < 600 || Number(maxretry) > 3;
  return [{ ...item, status: weaker ? 'warn' : 'pass', evidence: weaker ? `${values}: weaker than bantime 3600, findtime 600, maxretry 3` : values }];
}

export const fail2banStep: Step<Fail2banAnswers, Fail2banFacts> = {
  id: 'fail2ban',
  title: 'fail2ban',
  checklist: ['Brute-force logins banned (fail2ban sshd jail)'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify: compare,
  auditItems: AUDIT_ITEMS,
  audit,
};
