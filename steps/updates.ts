import { yesNoChoice } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { show, validateBoolean } from '../src/answers/validators.js';
import { fileChange, rootFile } from '../src/engine/file-change.js';
import type { Change, Check, Fact, FileState, Question, Step, StepPlan, AuditFinding, AuditItem } from '../src/engine/types.js';
import { InputError } from '../src/errors.js';
import { fileFact } from '../src/facts/file.js';
import { unitStatesFact } from '../src/facts/units.js';
import { installPackages, missingPackagesFact } from '../src/facts/packages.js';
import { readTemplate, renderTemplate } from '../src/templates.js';
import { UNATTENDED_UPGRADE_CHECK } from '../src/updates/dry-run.js';
import { SECURITY_LIST, SECURITY_SOURCE_UPDATE, securityListText, type SecuritySource, securitySourceFact, securitySourceMissing } from '../src/updates/security-source.js';

export const AUTO_UPGRADES = '/etc/apt/apt.conf.d/20auto-upgrades';
export const GOLIVE_DROP_IN = '/etc/apt/apt.conf.d/52golive-unattended-upgrades';
const PACKAGES = ['unattended-upgrades', 'apt-listchanges'];
const TIMERS = ['apt-daily.timer', 'apt-daily-upgrade.timer'];
const timerStates = unitStatesFact(TIMERS);

export interface UpdatesAnswers {
  /** Reboot by itself when an update needs it. */
  readonly automaticReboot: boolean;
  /** When to reboot, HH:MM (24 h, the server's time zone). */
  readonly rebootTime: string;
}

export interface UpdatesFacts {
  readonly missingPackages: readonly string[];
  readonly autoUpgrades: FileState | null;
  readonly dropIn: FileState | null;
  /** `apt-config dump`: the values in force, key -> value. */
  readonly aptConfig: ReadonlyMap<string, string>;
  readonly timers: Readonly<Record<string, string>>;
  readonly securitySource: SecuritySource;
  readonly securityList: FileState | null;
}

const ANSWER_KEYS = ['automaticReboot', 'rebootTime'] as const;

function parseAnswers(raw: unknown, field: string): Partial<UpdatesAnswers> {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: { -readonly [K in keyof UpdatesAnswers]?: UpdatesAnswers[K] } = {};
  if (section.automaticReboot !== undefined) answers.automaticReboot = validateBoolean(section.automaticReboot, `${field}.automaticReboot`);
  if (section.rebootTime !== undefined) {
    const time = section.rebootTime;
    if (typeof time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
      throw new InputError(`${field}.rebootTime: ${show(time)} is not a time`, 'use HH:MM on a 24-hour clock, like "03:00"');
    }
    answers.rebootTime = time;
  }
  return answers;
}

export function parseAptConfig(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^(\S+) "(.*)";$/.exec(line.trim());
    if (match) values.set(match[1]!, match[2]!);
  }
  return values;
}

function facts(): { readonly [K in keyof UpdatesFacts]: Fact<UpdatesFacts[K]> } {
  return {
    missingPackages: missingPackagesFact(PACKAGES),
    autoUpgrades: fileFact(AUTO_UPGRADES),
    dropIn: fileFact(GOLIVE_DROP_IN),
    aptConfig: { argv: ['apt-config', 'dump'], parse: (o) => parseAptConfig(o.stdout) },
    timers: { argv: timerStates.argv, parse: (o) => Object.fromEntries(timerStates.parse(o).map((state, n) => [TIMERS[n]!, state.enabled])) },
    securitySource: securitySourceFact,
    securityList: fileFact(SECURITY_LIST),
  };
}

function resolveAnswers(answers: Partial<UpdatesAnswers>): UpdatesAnswers {
  return { automaticReboot: answers.automaticReboot ?? true, rebootTime: answers.rebootTime ?? '03:00' };
}

function desired(answers: UpdatesAnswers): Record<string, string> {
  return {
    'APT::Periodic::Update-Package-Lists': '1',
    'APT::Periodic::Unattended-Upgrade': '1',
    'Unattended-Upgrade::Automatic-Reboot': String(answers.automaticReboot),
    'Unattended-Upgrade::Automatic-Reboot-Time': answers.rebootTime,
  };
}

function compare(facts: UpdatesFacts, answers: UpdatesAnswers): Check[] {
  return [
    ...Object.entries(desired(answers)).map(([key, value]) => {
      const actual = facts.aptConfig.get(key);
      return { name: `apt-config ${key}`, ok: actual === value, detail: actual === value ? value : `is ${actual === undefined ? 'unset' : `"${actual}"`}, wanted "${value}"` };
    }),
    ...TIMERS.map((timer) => ({ name: `${timer} enabled`, ok: facts.timers[timer] === 'enabled', detail: facts.timers[timer] || 'unknown' })),
    { name: 'packages installed', ok: facts.missingPackages.length === 0, detail: facts.missingPackages.length === 0 ? PACKAGES.join(', ') : `missing ${facts.missingPackages.join(', ')}` },
    securityCheck(facts.securitySource),
  ];
}

function securityCheck(source: SecuritySource): Check {
  const missing = securitySourceMissing(source);
  return { name: 'security updates source', ok: !missing, detail: missing ? `no ${source.codename}-security in apt's sources: security updates never come` : source.present ? `${source.codename}-security` : `${source.distribution}: left to its own sources` };
}

/** Debian's security suite, when apt's sources lack it (a minimal or hand-made image). */
function securitySourceChanges(facts: UpdatesFacts): Change[] {
  if (!securitySourceMissing(facts.securitySource)) return [];
  return fileChange(SECURITY_LIST, facts.securityList, rootFile(securityListText(facts.securitySource.codename), 0o644), `apt's sources have no ${facts.securitySource.codename}-security: unattended-upgrades would have no security updates to install`);
}

function plan(facts: UpdatesFacts, answers: UpdatesAnswers): StepPlan {
  const base = { stepId: 'updates' as const, title: 'Automatic security updates (unattended-upgrades)' };
  const checks = compare(facts, answers);
  const dropIn = renderTemplate(readTemplate('updates/52golive-unattended-upgrades'), { automaticReboot: String(answers.automaticReboot), rebootTime: answers.rebootTime });
  const autoUpgrades = readTemplate('updates/20auto-upgrades');
  const dropInChange = fileChange(GOLIVE_DROP_IN, facts.dropIn, rootFile(dropIn, 0o644), answers.automaticReboot ? `reboot by itself at ${answers.rebootTime} when an update needs it` : 'never reboot by itself');
  if (checks.every((c) => c.ok) && dropInChange.length === 0) {
    return { ...base, changes: [], validations: [], reloads: [], notes: ['unattended-upgrades runs daily with these values (apt-config dump)'] };
  }
  const security = securitySourceChanges(facts);
  const configChanges = [...fileChange(AUTO_UPGRADES, facts.autoUpgrades, rootFile(autoUpgrades, 0o644), 'refresh package lists and install updates every day'), ...dropInChange];
  const changes: Change[] = [
    ...security.map((c) => ({ ...c, groundwork: true })),
    ...(facts.missingPackages.length > 0 ? [installPackages(facts.missingPackages, 'security updates need them')] : []),
    ...configChanges,
  ];
  const disabled = TIMERS.filter((t) => facts.timers[t] !== 'enabled');
  if (disabled.length > 0) changes.push({ kind: 'command', argv: ['systemctl', 'enable', '--now', ...disabled], why: 'the timers that run the daily updates' });
  return {
    ...base,
    changes,
    // One after another (see checks.ts).
    validations: [
      { argv: ['apt-config', 'dump'], what: 'apt configuration' },
      // The slow check only when its configuration changes (not for timers turned back on).
      ...(configChanges.length > 0 || facts.missingPackages.length > 0 ? [UNATTENDED_UPGRADE_CHECK] : []),
      ...(security.length > 0 ? [{ argv: SECURITY_SOURCE_UPDATE, what: `the ${facts.securitySource.codename}-security source answers` }] : []),
    ],
    reloads: [],
    undo: disabled.length > 0 ? [['systemctl', 'disable', '--now', ...disabled]] : [],
    notes: checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`),
  };
}

const questions: Question[] = [
  {
    key: 'automaticReboot',
    label: 'Reboot by itself when an update needs it',
    help: 'a kernel or libc update only takes effect after a reboot',
    ...yesNoChoice(true),
  },
  { key: 'rebootTime', label: 'Reboot time (HH:MM)', help: '24-hour clock, the server\'s time zone', toText: (value) => String(value ?? ''), fromText: (text) => text.trim() },
];

const AUDIT_ITEMS: readonly AuditItem[] = [{ id: 'updates.automatic', title: 'System updates automated', fix: 'golive apply --only updates' }];

/** Security updates install by themselves: the packages, the daily timers and the two periodic settings in force. */
function audit(facts: UpdatesFacts): AuditFinding[] {
  const periodic = ['APT::Periodic::Update-Package-Lists', 'APT::Periodic::Unattended-Upgrade'];
  const shortfalls = [
    ...(facts.missingPackages.length > 0 ? [`missing ${facts.missingPackages.join(', ')}`] : []),
    ...TIMERS.filter((t) => facts.timers[t] !== 'enabled').map((t) => `${t} ${facts.timers[t] || 'not found'}`),
    ...periodic.filter((key) => facts.aptConfig.get(key) !== '1').map((key) => `${key} is ${facts.aptConfig.get(key) ?? 'unset'}`),
    ...(securitySourceMissing(facts.securitySource) ? [securityCheck(facts.securitySource).detail] : []),
  ];
  const reboot = facts.aptConfig.get('Unattended-Upgrade::Automatic-Reboot') === 'true' ? `reboots by itself at ${facts.aptConfig.get('Unattended-Upgrade::Automatic-Reboot-Time') ?? 'the default time'}` : 'never reboots by itself';
  return [
    {
      ...AUDIT_ITEMS[0]!,
      status: shortfalls.length === 0 ? 'pass' : 'fail',
      evidence: shortfalls.length === 0 ? `unattended-upgrades installed, ${TIMERS.join(' and ')} enabled, apt-config dump: ${periodic.map((k) => `${k} "1"`).join(', ')}; ${reboot}` : shortfalls.join('; '),
    },
  ];
}

export const updatesStep: Step<UpdatesAnswers, UpdatesFacts> = {
  id: 'updates',
  title: 'Automatic updates',
  checklist: ['System updates automated'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify: compare,
  auditItems: AUDIT_ITEMS,
  audit,
};
