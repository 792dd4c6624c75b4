import { optionalText, yesNoChoice } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { validateBoolean } from '../src/answers/validators.js';
import { AIDE_SHA512, aideBuildNeeded, aideCheck, aideChecksumsToSet, type AideStatus, aideStatusFact, startAideBuild } from '../src/baseline/aide.js';
import { BANNER_MAX, bannerFile, DEFAULT_BANNER, ISSUE, ISSUE_NET, validateBanner } from '../src/baseline/banner.js';
import { compilerCheck, type CompilerFile, compilerNotes, compilersFact, restrictCompilers } from '../src/baseline/compilers.js';
import { routersFact } from '../src/baseline/forwarding.js';
import { ALL_PACKAGES, type Group, GROUP_PACKAGES, GROUP_QUESTIONS, groupDefault, GROUPS, RISKS } from '../src/baseline/groups.js';
import { LOGIN_DEFS, LOGIN_DEFS_SETTINGS, loginDefsDiffer, setLoginDefs } from '../src/baseline/login-defs.js';
import { SYSCTL_FILE, sysctlFilesFact, UFW_SYSCTL } from '../src/baseline/sysctl-files.js';
import { sysctlLiveFact } from '../src/baseline/sysctl-live.js';
import { SYSCTL_KEYS, sysctlChecks, type SysctlFacts, sysctlPlan } from '../src/baseline/sysctl-plan.js';
import { AUDIT_RULES, daemonChecks, type DaemonStates, daemonStatesFact, daemonsToStart, LOAD_AUDIT_RULES, NEEDRESTART_CONF, RELOAD_RESTORED_AUDIT_RULES, NEEDRESTART_DIR, NEEDRESTART_TEXT, PROFILE_FILE, profileText, startDaemons } from '../src/baseline/tool-files.js';
import { fileChange, removeEmptyFolders, rootFile, sameFile } from '../src/engine/file-change.js';
import type { Change, Check, Fact, FileState, Question, Step, StepPlan } from '../src/engine/types.js';
import { fileFact } from '../src/facts/file.js';
import { installPackages, missingPackagesFact } from '../src/facts/packages.js';
import { readTemplate } from '../src/templates.js';

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
  readonly auditRules: FileState | null;
  readonly needrestartConf: FileState | null;
  readonly profile: FileState | null;
  readonly missingPackages: readonly string[];
  readonly compilers: readonly CompilerFile[];
  readonly aide: AideStatus;
  readonly daemons: DaemonStates;
}

const LIMITS_FILE = '/etc/security/limits.d/60-golive-baseline.conf';
const COREDUMP_DIR = '/etc/systemd/coredump.conf.d';
const COREDUMP_FILE = `${COREDUMP_DIR}/60-golive.conf`;
const MODPROBE_FILE = '/etc/modprobe.d/60-golive-baseline.conf';
// Innermost first: rollback removes them in this order.
const FOLDERS = ['/etc/sysctl.d', '/etc/security/limits.d', COREDUMP_DIR, '/etc/modprobe.d', '/etc/profile.d', NEEDRESTART_DIR, '/etc/needrestart'];

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
    ufwSysctl: fileFact(UFW_SYSCTL),
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
    auditRules: fileFact(AUDIT_RULES),
    needrestartConf: fileFact(NEEDRESTART_CONF),
    profile: fileFact(PROFILE_FILE),
    missingPackages: missingPackagesFact(ALL_PACKAGES),
    compilers: compilersFact,
    aide: aideStatusFact,
    daemons: daemonStatesFact,
  };
}

function resolveAnswers(answers: Partial<BaselineAnswers>): BaselineAnswers {
  const defaults = Object.fromEntries(GROUPS.map((g) => [g, groupDefault(g)])) as Record<Group, boolean>;
  return { ...defaults, banner: DEFAULT_BANNER, ...answers };
}

interface WholeFile {
  readonly path: string;
  readonly before: FileState | null;
  readonly after: FileState;
  readonly why: string;
  /** Read by a package's own install: written before it. */
  readonly groundwork?: boolean;
}

const template = (name: string) => rootFile(readTemplate(`baseline/${name}`), 0o644);

/** Each file golive writes whole (or edits in place), as it should be, for the groups that are on. */
function wholeFiles(facts: BaselineFacts, answers: BaselineAnswers): WholeFile[] {
  const kept = (before: FileState | null, content: string) => rootFile(content, before?.mode ?? 0o644);
  const profile = profileText(answers.coreDumps, answers.idleLogout);
  const on = (group: Group, files: WholeFile[]) => (answers[group] ? files : []);
  return [
    ...on('coreDumps', [
      { path: LIMITS_FILE, before: facts.limitsFile, after: template('60-golive-baseline.limits.conf'), why: 'no core dumps: a hard limit of 0 for every login' },
      { path: COREDUMP_FILE, before: facts.coredumpFile, after: template('60-golive.coredump.conf'), why: 'systemd-coredump stores no dumps' },
    ]),
    ...(profile ? [{ path: PROFILE_FILE, before: facts.profile, after: rootFile(profile, 0o644), why: answers.idleLogout ? 'login shells: no core dumps; idle shells close after 15 minutes' : 'login shells: no core dumps' }] : []),
    ...on('modules', [{ path: MODPROBE_FILE, before: facts.modprobeFile, after: template('60-golive-baseline.modprobe.conf'), why: 'kernel modules a server does not need, never loaded' }]),
    ...on('banners', [
      { path: ISSUE, before: facts.issue, after: kept(facts.issue, bannerFile(answers.banner)), why: 'the legal banner at the console login' },
      { path: ISSUE_NET, before: facts.issueNet, after: kept(facts.issueNet, bannerFile(answers.banner)), why: 'the legal banner for network logins (sshd shows it before login)' },
    ]),
    ...(answers.loginDefs && facts.loginDefs
      ? [{ path: LOGIN_DEFS, before: facts.loginDefs, after: { ...facts.loginDefs, content: setLoginDefs(facts.loginDefs.content, LOGIN_DEFS_SETTINGS) }, why: `umask 027, password hashing rounds and ages (${loginDefsDiffer(facts.loginDefs.content, LOGIN_DEFS_SETTINGS).join(', ')})` }]
      : []),
    ...on('auditd', [{ path: AUDIT_RULES, before: facts.auditRules, after: rootFile(readTemplate('baseline/60-golive.rules'), 0o640), why: 'audit rules: identities, sudo rights, sshd, the clock, kernel modules' }]),
    ...on('updateTools', [{ path: NEEDRESTART_CONF, before: facts.needrestartConf, after: rootFile(NEEDRESTART_TEXT, 0o644), why: 'needrestart lists, and restarts nothing by itself', groundwork: true }]),
  ];
}

/** The packages of the groups that are on and not yet installed. */
function missingGroupPackages(facts: BaselineFacts, answers: BaselineAnswers): string[] {
  return GROUPS.filter((g) => answers[g]).flatMap((g) => GROUP_PACKAGES[g] ?? []).filter((p) => facts.missingPackages.includes(p));
}

/** What is missing, in one apt call. */
function packageInstall(facts: BaselineFacts, answers: BaselineAnswers): Change[] {
  const missing = missingGroupPackages(facts, answers);
  return missing.length > 0 ? [installPackages(missing, 'the tools of the baseline groups that are on', { recommends: false })] : [];
}

/** What runs once the files are in place: audit rules loaded, daemons started, compilers closed, AIDE's first database. */
function toolChanges(facts: BaselineFacts, answers: BaselineAnswers, filesChanged: readonly string[]) {
  const daemons = daemonsToStart(facts.daemons, (g) => answers[g]);
  const start: Change[] = daemons.length > 0 ? [{ kind: 'command', argv: startDaemons(daemons), why: `start ${daemons.join(' and ')}, now and at boot` }] : [];
  const aide: Change[] = answers.integrity ? [...(aideChecksumsToSet(facts.aide) ? [AIDE_SHA512] : []), ...(aideBuildNeeded(facts.aide) ? [startAideBuild] : [])] : [];
  const compilers = answers.compilers ? restrictCompilers(facts.compilers) : { changes: [], undo: [], notes: [] };
  const rules = filesChanged.includes(AUDIT_RULES);
  return { changes: [...(rules ? [LOAD_AUDIT_RULES] : []), ...start, ...compilers.changes, ...aide], undo: [...compilers.undo, ...(rules ? [RELOAD_RESTORED_AUDIT_RULES] : [])], notes: compilers.notes };
}

function plan(facts: BaselineFacts, answers: BaselineAnswers): StepPlan {
  const base = { stepId: 'baseline' as const, title: 'OS baseline: kernel, core dumps, logins, modules, banners, audit and integrity tools' };
  const sysctl = answers.sysctl ? sysctlPlan(facts) : { changes: [], reloads: [], undo: [], notes: [] };
  const files = wholeFiles(facts, answers).flatMap((f) => fileChange(f.path, f.before, f.after, f.why).map((c) => (f.groundwork ? { ...c, groundwork: true } : c)));
  const writes = [...sysctl.changes, ...files].filter((c) => c.kind === 'file');
  const folders = facts.missingFolders.filter((d) => writes.some((c) => c.path.startsWith(`${d}/`)));
  const early = folders.filter((d) => files.some((c) => c.groundwork && c.path.startsWith(`${d}/`)));
  const makeFolders = (list: string[], groundwork: boolean): Change[] => (list.length > 0 ? [{ kind: 'command', argv: ['install', '-d', '-m', '0755', ...list], why: "the folders of golive's files", groundwork }] : []);
  const tools = toolChanges(facts, answers, writes.map((c) => c.path));
  const changes: Change[] = [
    ...makeFolders(early, true), ...files.filter((c) => c.groundwork), ...packageInstall(facts, answers),
    ...makeFolders(folders.filter((d) => !early.includes(d)), false), ...sysctl.changes, ...files.filter((c) => !c.groundwork), ...tools.changes,
  ];
  const undo = [...sysctl.undo, ...tools.undo, ...(folders.length > 0 ? [removeEmptyFolders(folders)] : [])];
  return { ...base, changes, validations: [], reloads: sysctl.reloads, undo, notes: [...sysctl.notes, ...tools.notes, ...groupNotes(facts, answers)] };
}

function groupNotes(facts: BaselineFacts, answers: BaselineAnswers): string[] {
  const off = GROUPS.filter((g) => !answers[g]);
  return [
    ...off.map((g) => (RISKS[g] ? `baseline.${g} is off: ${RISKS[g]}; baseline.${g}: true turns it on` : `baseline.${g} is false: left as it is`)),
    ...GROUPS.filter((g) => answers[g] && RISKS[g]).map((g) => `baseline.${g} is on: ${RISKS[g]}`),
    ...(answers.loginDefs && !facts.loginDefs ? [`${LOGIN_DEFS} is missing: the login defaults are left alone`] : []),
    ...(answers.loginDefs ? [
      'the password ages in login.defs apply to accounts created from now on; existing accounts keep theirs (chage -l USER)',
      'umask 027: files made in a login from now on are not readable by other users (a web server serving files a user copies in by hand needs to share their group)',
    ] : []),
    ...(answers.modules ? ['the module blacklist is checked in the file: it takes effect the next time something asks for one of those modules'] : []),
    ...(facts.daemons.container && (answers.auditd || answers.accounting || answers.usbGuard) ? ['this server is a container: auditd, process accounting and USBGuard are installed and configured but cannot run here (the audit log and accounting are the host kernel’s, and there is no USB bus)'] : []),
    ...(answers.usbGuard ? ['rollback leaves USBGuard installed and running with the policy its install wrote (apt purge usbguard removes it)'] : []),
    ...compilerNotes(facts.compilers, answers.compilers),
    '/tmp is left as it is: a separate /tmp (tmpfs, noexec) takes a reboot, and installers that run scripts from /tmp then fail',
  ];
}

function verify(facts: BaselineFacts, answers: BaselineAnswers): Check[] {
  const fileChecks = wholeFiles(facts, answers).map((f): Check => {
    const ok = f.before !== null && sameFile(f.before, f.after);
    return { name: f.path, ok, detail: ok ? 'as golive wrote it' : f.before === null ? 'missing' : 'differs from what golive wrote' };
  });
  const missing = missingGroupPackages(facts, answers);
  return [
    ...(answers.sysctl ? sysctlChecks(facts) : []),
    ...fileChecks,
    { name: 'baseline packages', ok: missing.length === 0, detail: missing.length === 0 ? 'installed' : `missing ${missing.join(', ')}` },
    ...daemonChecks(facts.daemons, (g) => answers[g]),
    ...(answers.integrity ? [aideCheck(facts.aide)] : []),
    ...(answers.compilers ? [compilerCheck(facts.compilers)] : []),
  ];
}

const questions: Question[] = [
  ...GROUPS.map((key): Question => ({ key, label: GROUP_QUESTIONS[key][0], help: GROUP_QUESTIONS[key][1], ...yesNoChoice(groupDefault(key)) })),
  { key: 'banner', label: 'Banner text', help: `empty: a standard warning; at most ${BANNER_MAX} characters`, ...optionalText },
];

export const baselineStep: Step<BaselineAnswers, BaselineFacts> = {
  id: 'baseline',
  title: 'OS baseline',
  checklist: ['Kernel and network hardened (sysctl)', 'Core dumps off', 'Login defaults: umask 027, hashing rounds, password ages', 'Unneeded kernel modules blocked', 'Legal banner', 'auditd, process accounting, AIDE and debsums', 'Password quality, private temp folders, needrestart'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify,
};
