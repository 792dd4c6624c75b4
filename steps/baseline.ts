import { optionalText, yesNoChoice } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { validateBoolean } from '../src/answers/validators.js';
import { BANNER_MAX, bannerFile, DEFAULT_BANNER, ISSUE, ISSUE_NET, validateBanner } from '../src/baseline/banner.js';
import { routersFact } from '../src/baseline/forwarding.js';
import { LOGIN_DEFS, LOGIN_DEFS_SETTINGS, loginDefsDiffer, setLoginDefs } from '../src/baseline/login-defs.js';
import { SYSCTL_FILE, sysctlFilesFact } from '../src/baseline/sysctl-files.js';
import { sysctlLiveFact } from '../src/baseline/sysctl-live.js';
import { SYSCTL_KEYS, sysctlChecks, type SysctlFacts, sysctlPlan } from '../src/baseline/sysctl-plan.js';
import { fileChange, rootFile, sameFile } from '../src/engine/file-change.js';
import type { Change, Check, Fact, FileState, Question, Step, StepPlan } from '../src/engine/types.js';
import { fileFact } from '../src/facts/file.js';
import { readTemplate } from '../src/templates.js';

const GROUPS = ['sysctl', 'coreDumps', 'loginDefs', 'modules', 'banners'] as const;
type Group = (typeof GROUPS)[number];

export type BaselineAnswers = Readonly<Record<Group, boolean>> & { readonly banner: string };

export interface BaselineFacts extends SysctlFacts {
  readonly limitsFile: FileState | null;
  readonly coredumpFile: FileState | null;
  /** The folders of golive's files that are not there (a minimal install has no /etc/modprobe.d). */
  readonly missingFolders: readonly string[];
  readonly loginDefs: FileState | null;
  readonly modprobeFile: FileState | null;
  readonly issue: FileState | null;
  readonly issueNet: FileState | null;
}

const LIMITS_FILE = '/etc/security/limits.d/60-golive-baseline.conf';
const COREDUMP_DIR = '/etc/systemd/coredump.conf.d';
const COREDUMP_FILE = `${COREDUMP_DIR}/60-golive.conf`;
const MODPROBE_FILE = '/etc/modprobe.d/60-golive-baseline.conf';
const FOLDERS = ['/etc/sysctl.d', '/etc/security/limits.d', COREDUMP_DIR, '/etc/modprobe.d'];

function parseAnswers(raw: unknown, field: string): Partial<BaselineAnswers> {
  const section = readSection(raw, field, [...GROUPS, 'banner']);
  const answers: { -readonly [K in keyof BaselineAnswers]?: BaselineAnswers[K] } = {};
  for (const group of GROUPS) if (section[group] !== undefined) answers[group] = validateBoolean(section[group], `${field}.${group}`);
  if (section.banner !== undefined) answers.banner = validateBanner(section.banner, `${field}.banner`);
  return answers;
}

function facts(): { readonly [K in keyof BaselineFacts]: Fact<BaselineFacts[K]> } {
  return {
    sysctlFile: fileFact(SYSCTL_FILE),
    sysctlFiles: sysctlFilesFact,
    sysctlLive: sysctlLiveFact(SYSCTL_KEYS),
    routers: routersFact,
    limitsFile: fileFact(LIMITS_FILE),
    coredumpFile: fileFact(COREDUMP_FILE),
    missingFolders: { argv: ['sh', '-c', 'for d in "$@"; do [ -d "$d" ] || echo "$d"; done', 'sh', ...FOLDERS], parse: (o) => o.stdout.split('\n').filter(Boolean) },
    loginDefs: fileFact(LOGIN_DEFS),
    modprobeFile: fileFact(MODPROBE_FILE),
    issue: fileFact(ISSUE),
    issueNet: fileFact(ISSUE_NET),
  };
}

function resolveAnswers(answers: Partial<BaselineAnswers>): BaselineAnswers {
  return { sysctl: true, coreDumps: true, loginDefs: true, modules: true, banners: true, banner: DEFAULT_BANNER, ...answers };
}

/** Each file golive writes whole, as it should be; undefined: the group is off. */
function wholeFiles(facts: BaselineFacts, answers: BaselineAnswers): { path: string; before: FileState | null; after: FileState; why: string }[] {
  const kept = (before: FileState | null, content: string) => rootFile(content, before?.mode ?? 0o644);
  return [
    ...(answers.coreDumps
      ? [
          { path: LIMITS_FILE, before: facts.limitsFile, after: rootFile(readTemplate('baseline/60-golive-baseline.limits.conf'), 0o644), why: 'no core dumps: a hard limit of 0 for every login' },
          { path: COREDUMP_FILE, before: facts.coredumpFile, after: rootFile(readTemplate('baseline/60-golive.coredump.conf'), 0o644), why: 'systemd-coredump stores no dumps' },
        ]
      : []),
    ...(answers.modules ? [{ path: MODPROBE_FILE, before: facts.modprobeFile, after: rootFile(readTemplate('baseline/60-golive-baseline.modprobe.conf'), 0o644), why: 'kernel modules a server does not need, never loaded' }] : []),
    ...(answers.banners
      ? [
          { path: ISSUE, before: facts.issue, after: kept(facts.issue, bannerFile(answers.banner)), why: 'the legal banner at the console login' },
          { path: ISSUE_NET, before: facts.issueNet, after: kept(facts.issueNet, bannerFile(answers.banner)), why: 'the legal banner for network logins' },
        ]
      : []),
    ...(answers.loginDefs && facts.loginDefs
      ? [{ path: LOGIN_DEFS, before: facts.loginDefs, after: { ...facts.loginDefs, content: setLoginDefs(facts.loginDefs.content, LOGIN_DEFS_SETTINGS) }, why: `umask 027, password hashing rounds and ages (${loginDefsDiffer(facts.loginDefs.content, LOGIN_DEFS_SETTINGS).join(', ')})` }]
      : []),
  ];
}

function plan(facts: BaselineFacts, answers: BaselineAnswers): StepPlan {
  const base = { stepId: 'baseline' as const, title: 'OS baseline: kernel settings, core dumps, login defaults, modules, banners' };
  const sysctl = answers.sysctl ? sysctlPlan(facts) : { changes: [], reloads: [], undo: [], notes: [] };
  const files = wholeFiles(facts, answers);
  const writes = [...sysctl.changes.filter((c) => c.kind === 'file'), ...files.flatMap((f) => fileChange(f.path, f.before, f.after, f.why))];
  const folders = facts.missingFolders.filter((d) => writes.some((c) => c.path.startsWith(`${d}/`)));
  const makeFolders: Change[] = folders.length > 0 ? [{ kind: 'command', argv: ['install', '-d', '-m', '0755', ...folders], why: "the folders of golive's files" }] : [];
  const changes: Change[] = [...makeFolders, ...sysctl.changes, ...files.flatMap((f) => fileChange(f.path, f.before, f.after, f.why))];
  // The folders golive makes go too, once rollback has removed golive's files from them.
  const undo = [...sysctl.undo, ...(folders.length > 0 ? [['rmdir', '--ignore-fail-on-non-empty', ...folders]] : [])];
  return { ...base, changes, validations: [], reloads: sysctl.reloads, undo, notes: [...sysctl.notes, ...groupNotes(facts, answers)] };
}

function groupNotes(facts: BaselineFacts, answers: BaselineAnswers): string[] {
  return [
    ...GROUPS.filter((g) => !answers[g]).map((g) => `baseline.${g} is false: left as it is`),
    ...(answers.loginDefs && !facts.loginDefs ? [`${LOGIN_DEFS} is missing: the login defaults are left alone`] : []),
    ...(answers.loginDefs ? ['the password ages in login.defs apply to accounts created from now on; existing accounts keep theirs (chage -l USER)'] : []),
    ...(answers.modules ? ['the module blacklist is checked in the file: it takes effect the next time something asks for one of those modules'] : []),
    ...(answers.banners ? ["the SSH login banner (sshd's Banner) is for the ssh step's drop-in: this step leaves sshd's configuration alone"] : []),
  ];
}

function verify(facts: BaselineFacts, answers: BaselineAnswers): Check[] {
  const fileChecks = wholeFiles(facts, answers).map((f): Check => {
    const ok = f.before !== null && sameFile(f.before, f.after);
    return { name: f.path, ok, detail: ok ? 'as golive wrote it' : f.before === null ? 'missing' : 'differs from what golive wrote' };
  });
  return [...(answers.sysctl ? sysctlChecks(facts) : []), ...fileChecks];
}

const GROUP_QUESTIONS: Readonly<Record<Group, [string, string]>> = {
  sysctl: ['Harden kernel and network settings', 'sysctl: no redirects or source routes, rp_filter, kernel pointers hidden; forwarding left on where Docker needs it'],
  coreDumps: ['Turn core dumps off', 'a core dump is a copy of a process’s memory, secrets included'],
  loginDefs: ['Set login defaults', 'login.defs: umask 027, password hashing rounds, password ages for new accounts'],
  modules: ['Block unneeded kernel modules', 'usb-storage, firewire, rare filesystems and protocols (dccp, sctp, rds, tipc)'],
  banners: ['Show a legal banner', '/etc/issue and /etc/issue.net'],
};

const questions: Question[] = [
  ...GROUPS.map((key): Question => ({ key, label: GROUP_QUESTIONS[key][0], help: GROUP_QUESTIONS[key][1], ...yesNoChoice(true) })),
  { key: 'banner', label: 'Banner text', help: `empty: a standard warning; at most ${BANNER_MAX} characters`, ...optionalText },
];

export const baselineStep: Step<BaselineAnswers, BaselineFacts> = {
  id: 'baseline',
  title: 'OS baseline',
  checklist: ['Kernel and network hardened (sysctl)', 'Core dumps off', 'Login defaults: umask 027, hashing rounds, password ages', 'Unneeded kernel modules blocked', 'Legal banner'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify,
};
