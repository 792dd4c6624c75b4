import { numberText, wordsText, yesNoChoice } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { show, validateBoolean, validateOneOf, validatePort, validateUserName } from '../src/answers/validators.js';
import { listenersFact } from '../src/checks/listening.js';
import { fileChange } from '../src/engine/file-change.js';
import { SSH_AUDIT_ITEMS, sshFindings } from '../src/sshd/audit.js';
import type { Change, Check, Fact, Question, SshPortMove, StepContext, StepPlan, Step } from '../src/engine/types.js';
import { GoliveError, InputError } from '../src/errors.js';
import { JAIL_LOCAL } from '../src/fail2ban/jail-local.js';
import { fileFact } from '../src/facts/file.js';
import { sshdTFact } from '../src/facts/ssh-ports.js';
import { type UnitInfo, unitInfosFact, unitStateFact } from '../src/facts/units.js';
import { ufwFact } from '../src/firewall/ufw.js';
import { type Account, ACCOUNTS_READER, parseAccounts } from '../src/sshd/accounts.js';
import { type AlgorithmKind, MODERN_HOST_KEY_FILES, modernSupported } from '../src/sshd/algorithms.js';
import {
  type ConfigFile,
  conflictingLines,
  disableLines,
  DUMP_CONFIG_SCRIPT,
  includesGlobally,
  MAIN_CONFIG,
  parseConfigDump,
  readOrder,
} from '../src/sshd/config-files.js';
import { type EffectiveConfig, effectiveValue, parseSshdT } from '../src/sshd/effective-config.js';
import { type GuardInput, keyLoginProblem, lockoutProblems, loginCheckFor, rootAccessProblem, rootKeepers, rootLoginGoesOff } from '../src/sshd/lockout-guard.js';
import { followSshd, planPortMove, type Surroundings } from '../src/sshd/port-move.js';
import { readTemplate, renderTemplate } from '../src/templates.js';

export const DROP_IN = '/etc/ssh/sshd_config.d/00-golive.conf';
const BLOCK_BEGIN = '# BEGIN golive';
const BLOCK_END = '# END golive';
const PERMIT_ROOT_LOGIN = ['no', 'prohibit-password'] as const;
const ROOT_KEEPER_HINT =
  "allow a user who has a key and sudo for every command (NOPASSWD, or with a password set by passwd), or keep root's key logins with permitRootLogin: prohibit-password";

export interface SshAnswers {
  /** The only users who may log in over SSH. Default: the user golive logs in as (or, as root, the users with keys who can become root with sudo). */
  readonly allowUsers: readonly string[];
  /** "no", or "prohibit-password" to keep root's key logins. */
  readonly permitRootLogin: (typeof PERMIT_ROOT_LOGIN)[number];
  /** The port sshd listens on. Default: the port it really uses now. */
  readonly port: number;
  /** TCP and agent forwarding allowed (`ssh -L` to a database the firewall closes, `ssh -A`). Default: true. */
  readonly forwarding: boolean;
}

interface Services {
  readonly unit: string | undefined;
  readonly serviceActive: boolean;
  readonly socketActive: boolean;
  readonly socketPorts: readonly number[];
}

export interface SshFacts extends Surroundings {
  readonly effective: { readonly ok: true; readonly config: EffectiveConfig } | { readonly ok: false; readonly error: string };
  readonly files: ReadonlyMap<string, ConfigFile>;
  readonly hostKeys: readonly string[];
  readonly supported: Readonly<Record<AlgorithmKind, ReadonlySet<string>>>;
  readonly services: Services;
  readonly accounts: ReadonlyMap<string, Account>;
}

export const ANSWER_KEYS = ['allowUsers', 'permitRootLogin', 'port', 'forwarding'] as const;

function parseAnswers(raw: unknown, field: string): Partial<SshAnswers> {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: { -readonly [K in keyof SshAnswers]?: SshAnswers[K] } = {};
  if (section.allowUsers !== undefined) {
    const list = typeof section.allowUsers === 'string' ? section.allowUsers.split(/[\s,]+/).filter(Boolean) : section.allowUsers;
    if (!Array.isArray(list) || list.length === 0) throw new InputError(`${field}.allowUsers: expected a list of user names, got ${show(section.allowUsers)}`);
    answers.allowUsers = [...new Set(list.map((user) => validateUserName(user, `${field}.allowUsers`)))];
  }
  if (section.permitRootLogin !== undefined) {
    // YAML 1.1 readers turn an unquoted `no` into false: accept both spellings, write sshd's.
    const value = section.permitRootLogin === false ? 'no' : section.permitRootLogin === 'without-password' ? 'prohibit-password' : section.permitRootLogin;
    if (value === true || value === 'yes') {
      throw new InputError(`${field}.permitRootLogin: root password logins are what this step turns off`, 'use "no" or "prohibit-password"');
    }
    answers.permitRootLogin = validateOneOf(value, PERMIT_ROOT_LOGIN, `${field}.permitRootLogin`);
  }
  if (section.port !== undefined) answers.port = validatePort(section.port, `${field}.port`);
  if (section.forwarding !== undefined) answers.forwarding = validateBoolean(section.forwarding, `${field}.forwarding`);
  return answers;
}

const SUPPORTED_SCRIPT = 'for q in kex cipher mac key-sig; do echo "== $q"; ssh -Q "$q" 2>/dev/null; done';
const HOST_KEYS_SCRIPT = 'for k in /etc/ssh/ssh_host_*_key; do [ -f "$k" ] && echo "$k"; done; true';

function parseSupported(stdout: string): SshFacts['supported'] {
  const sections: Record<string, Set<string>> = {};
  let current = new Set<string>();
  for (const line of stdout.split('\n')) {
    const header = /^== (\S+)$/.exec(line);
    if (header) sections[header[1]!] = current = new Set();
    else if (line.trim()) current.add(line.trim());
  }
  const empty = new Set<string>();
  return { kexalgorithms: sections.kex ?? empty, ciphers: sections.cipher ?? empty, macs: sections.mac ?? empty, hostkeyalgorithms: sections['key-sig'] ?? empty };
}

/** ssh.socket, then ssh.service and sshd.service (Debian's alias of it): who runs sshd, and on which ports a socket listens. */
function services([socket, ...services]: readonly UnitInfo[]): Services {
  const service = services.find((u) => u.id === 'ssh.service' || u.id === 'sshd.service');
  return {
    unit: service?.id,
    serviceActive: service?.active === 'active',
    socketActive: socket?.active === 'active',
    socketPorts: (socket?.listen ?? []).flatMap((line) => {
      const port = /:(\d+) \(Stream\)/.exec(line)?.[1];
      return port ? [Number(port)] : [];
    }),
  };
}

function facts(answers: Partial<SshAnswers>, context: StepContext): { readonly [K in keyof SshFacts]: Fact<SshFacts[K]> } {
  const users = [...new Set([...(answers.allowUsers ?? []), context.sessionUser ?? context.loginUser])];
  return {
    effective: {
      argv: sshdTFact.argv,
      parse: (o) => (o.exitCode === 0 ? { ok: true, config: parseSshdT(o.stdout) } : { ok: false, error: o.stderr.trim() || `exit ${o.exitCode}` }),
    },
    files: { argv: ['sh', '-c', DUMP_CONFIG_SCRIPT], parse: (o) => parseConfigDump(o.stdout) },
    hostKeys: { argv: ['sh', '-c', HOST_KEYS_SCRIPT], parse: (o) => o.stdout.split('\n').filter(Boolean) },
    supported: { argv: ['sh', '-c', SUPPORTED_SCRIPT], parse: (o) => parseSupported(o.stdout) },
    services: { argv: sshUnits.argv, parse: (o) => services(sshUnits.parse(o)) },
    accounts: {
      argv: [...ACCOUNTS_READER, ...users],
      parse: (o) => parseAccounts(o.stdout, users),
    },
    // What a port move touches besides sshd: who listens where, ufw, and golive's fail2ban jail.
    listeners: listenersFact,
    ufw: ufwFact,
    jailLocal: { ...jailFile, parse: (o) => (o.exitCode === 0 ? readableOrNull(() => jailFile.parse(o)) : null) },
    fail2banActive: { argv: fail2banUnit.argv, parse: (o) => fail2banUnit.parse(o).active === 'active' },
  };
}

const jailFile = fileFact(JAIL_LOCAL);
const sshUnits = unitInfosFact(['ssh.socket', 'ssh.service', 'sshd.service']);
const fail2banUnit = unitStateFact('fail2ban.service');

/** A jail.local golive will not read (a link) is one it does not own. */
function readableOrNull<T>(read: () => T | null): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function socketActivated(facts: SshFacts): boolean {
  return facts.services.socketActive && !facts.services.serviceActive;
}

function currentPorts(facts: SshFacts): number[] {
  if (socketActivated(facts) && facts.services.socketPorts.length > 0) return [...facts.services.socketPorts];
  if (facts.effective.ok) return (facts.effective.config.get('port') ?? []).map(Number);
  return [22];
}

function guardInput(facts: SshFacts, answers: Pick<SshAnswers, 'allowUsers' | 'permitRootLogin'>, context: StepContext): GuardInput {
  const effective = facts.effective.ok ? facts.effective.config : new Map<string, string[]>();
  const accepted = (effectiveValue(effective, 'pubkeyacceptedalgorithms') ?? 'ssh-ed25519,rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521').split(',');
  return {
    allowUsers: answers.allowUsers,
    permitRootLogin: answers.permitRootLogin,
    loginUser: context.sessionUser,
    accounts: facts.accounts,
    acceptedKeyAlgorithms: accepted,
    strictModes: effectiveValue(effective, 'strictmodes') !== 'no',
    usePam: effectiveValue(effective, 'usepam') !== 'no',
  };
}

function resolveAnswers(answers: Partial<SshAnswers>, facts: SshFacts, context: StepContext): SshAnswers {
  const permitRootLogin = answers.permitRootLogin ?? 'no';
  return {
    allowUsers: answers.allowUsers ?? defaultAllowUsers(facts, permitRootLogin, context),
    permitRootLogin,
    port: answers.port ?? context.connectionPort ?? currentPorts(facts)[0] ?? 22,
    forwarding: answers.forwarding ?? true,
  };
}

/** The admin who runs golive; as root, the users who could log in with a key and become root with sudo instead. */
function defaultAllowUsers(facts: SshFacts, permitRootLogin: SshAnswers['permitRootLogin'], context: StepContext): string[] {
  const admin = context.sessionUser ?? context.loginUser;
  if (admin !== 'root') return [admin];
  const probe = guardInput(facts, { allowUsers: [], permitRootLogin }, context);
  const candidates = [...facts.accounts.values()].filter((a) => a.name !== 'root');
  const keepers = candidates.filter((a) => !keyLoginProblem(a, probe) && !rootAccessProblem(a)).map((a) => a.name);
  if (permitRootLogin === 'prohibit-password') return [...keepers, 'root'];
  if (keepers.length === 0) {
    const reasons = candidates.map((a) => `user ${a.name}: ${keyLoginProblem(a, probe) ?? rootAccessProblem(a)}`);
    throw new GoliveError(
      `root login is to be turned off, and no user on the server could log in with a key and then become root with sudo for every command${reasons.length > 0 ? `:\n  - ${reasons.join('\n  - ')}` : ' (no member of sudo, wheel or admin)'}`,
      ROOT_KEEPER_HINT,
    );
  }
  return keepers;
}

/**
 * The values sshd -T must show, keyword -> sshd's own spelling. An algorithm list this sshd could
 * not name (an old `ssh -Q`) is left to sshd; a socket-activated sshd's port is the socket's.
 */
function desiredEffective(facts: SshFacts, answers: SshAnswers): Map<string, string> {
  const algorithms = (kind: AlgorithmKind) => modernSupported(kind, facts.supported[kind]).join(',');
  const desired = new Map([
    ['passwordauthentication', 'no'],
    ['kbdinteractiveauthentication', 'no'],
    ['permitrootlogin', answers.permitRootLogin === 'prohibit-password' ? 'without-password' : 'no'],
    ['pubkeyauthentication', 'yes'],
    ['allowusers', [...answers.allowUsers].sort().join(' ')],
    ['maxauthtries', '3'],
    ['x11forwarding', 'no'],
    ['loglevel', 'VERBOSE'],
    ['compression', 'no'],
    ['tcpkeepalive', 'no'],
    ['clientaliveinterval', '300'],
    ['clientalivecountmax', '2'],
    ['banner', '/etc/issue.net'],
    ...(answers.forwarding ? [] : FORWARDING_OFF),
    ['kexalgorithms', algorithms('kexalgorithms')],
    ['ciphers', algorithms('ciphers')],
    ['macs', algorithms('macs')],
    ['hostkeyalgorithms', algorithms('hostkeyalgorithms')],
    ['hostkey', modernHostKeys(facts).join(' ')],
    ['port', String(answers.port)],
  ]);
  for (const [keyword, value] of desired) if (value === '') desired.delete(keyword);
  if (socketActivated(facts)) desired.delete('port');
  return desired;
}

function modernHostKeys(facts: SshFacts): string[] {
  const present = facts.hostKeys.length > 0 ? facts.hostKeys : ['/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_rsa_key'];
  return MODERN_HOST_KEY_FILES.filter((k) => present.includes(k));
}

function compare(facts: SshFacts, answers: SshAnswers): Check[] {
  if (!facts.effective.ok) return [{ name: 'sshd -T', ok: false, detail: facts.effective.error }];
  const effective = facts.effective.config;
  return [...desiredEffective(facts, answers)].map(([keyword, wanted]) => {
    const values = effective.get(keyword) ?? [];
    const actual = keyword === 'allowusers' || keyword === 'hostkey' || keyword === 'port' ? [...values].sort().join(' ') : values.join(' ');
    const expected = keyword === 'hostkey' || keyword === 'port' ? wanted.split(' ').sort().join(' ') : wanted;
    return { name: `sshd -T ${keyword}`, ok: actual === expected, detail: actual === expected ? actual : describeDifference(actual, expected) };
  });
}

/** "is yes, wanted no"; for algorithm lists, what goes and what comes, which is what an admin reads. */
function describeDifference(actual: string, expected: string): string {
  if (!actual.includes(',') && !expected.includes(',')) return `is "${actual}", wanted "${expected}"`;
  const have = actual.split(',');
  const want = expected.split(',');
  const dropped = have.filter((a) => !want.includes(a));
  const added = want.filter((a) => !have.includes(a));
  const parts = [dropped.length > 0 ? `drops ${dropped.join(', ')}` : '', added.length > 0 ? `adds ${added.join(', ')}` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'the same algorithms, reordered strongest first';
}

function renderDropIn(facts: SshFacts, answers: SshAnswers, ports: readonly number[]): string {
  const algorithms = (kind: AlgorithmKind) => modernSupported(kind, facts.supported[kind]).join(',');
  return renderTemplate(readTemplate('ssh/00-golive.conf'), {
    permitRootLogin: answers.permitRootLogin,
    allowUsers: answers.allowUsers.join(' '),
    kexAlgorithms: algorithms('kexalgorithms'),
    ciphers: algorithms('ciphers'),
    macs: algorithms('macs'),
    hostKeyAlgorithms: algorithms('hostkeyalgorithms'),
    hostKeys: modernHostKeys(facts).map((k) => `HostKey ${k}`).join('\n'),
    port: ports.map((port) => `Port ${port}`).join('\n'),
    forwarding: answers.forwarding ? '' : '# No tunnels through this server, and no use of a forwarded agent here.\nAllowTcpForwarding no\nAllowAgentForwarding no',
  });
}

/** The main file with golive's block at its very top (first value wins), any older block replaced. */
function withBlock(content: string, block: string): string {
  const begin = content.indexOf(BLOCK_BEGIN);
  const end = content.indexOf(`${BLOCK_END}\n`);
  const rest = begin >= 0 && end > begin ? content.slice(0, begin) + content.slice(end + BLOCK_END.length + 1) : content;
  return `${BLOCK_BEGIN}\n${block}${block.endsWith('\n') ? '' : '\n'}${BLOCK_END}\n${rest}`;
}

/**
 * sshd's configuration fails before golive touches it: golive's change would fail `sshd -t` the same
 * way and be undone, so nothing is planned. No host keys is the one failure golive's plan mends.
 */
function refuseBrokenConfig(facts: SshFacts, error: string): void {
  if (facts.hostKeys.length === 0) return;
  throw new GoliveError(
    `sshd -T fails with the server's configuration as it is now, before any change: ${error}`,
    "fix sshd's configuration first (sshd -t names the file and line); golive checks its change with sshd -t, which would fail the same way",
  );
}

/** Throws, naming every user and what is missing, when the change could shut someone out (or shut root away). */
function refuseLockout(guard: GuardInput): void {
  const problems = lockoutProblems(guard);
  if (problems.length === 0) return;
  const nobodyKeepsRoot = rootLoginGoesOff(guard) && rootKeepers(guard).length === 0;
  throw new GoliveError(
    `the SSH change could lock you out, so nothing was changed:\n  - ${problems.join('\n  - ')}`,
    nobodyKeepsRoot ? ROOT_KEEPER_HINT : 'add a public key for the user, fix the user list, or keep the current settings',
  );
}

/** golive's own settings as the server has them: the drop-in, or the block at the top of the main file. */
function ownSettings(facts: SshFacts): string {
  const dropIn = facts.files.get(DROP_IN)?.content;
  if (dropIn !== undefined) return dropIn;
  const main = facts.files.get(MAIN_CONFIG)?.content ?? '';
  const begin = main.indexOf(BLOCK_BEGIN);
  return begin >= 0 ? main.slice(begin, main.indexOf(BLOCK_END, begin)) : '';
}

/**
 * The Port lines golive writes: the old and the new port while sshd moves; the port in force when
 * golive's own file already sets it (sshd would fall back to 22 without it); else none.
 */
function portLines(facts: SshFacts, answers: SshAnswers, move: SshPortMove | undefined): number[] {
  if (move) return [...new Set([...move.from, move.to])];
  return /^Port /m.test(ownSettings(facts)) ? [answers.port] : [];
}

/** What `forwarding: false` sets; when forwarding stays allowed, golive leaves these keywords to the admin. */
const FORWARDING_OFF: [string, string][] = [['allowtcpforwarding', 'no'], ['allowagentforwarding', 'no']];

const MANAGED = ['passwordauthentication', 'kbdinteractiveauthentication', 'permitrootlogin', 'pubkeyauthentication', 'allowusers', 'maxauthtries', 'x11forwarding', 'loglevel', 'compression', 'tcpkeepalive', 'clientaliveinterval', 'clientalivecountmax', 'banner', 'kexalgorithms', 'ciphers', 'macs', 'hostkeyalgorithms', 'hostkey'];

/** The config files as they are to be, and the lines turned off in each. */
interface ConfigState {
  readonly files: ReadonlyMap<string, ConfigFile>;
  readonly disabled: ReadonlyMap<string, ReadonlySet<number>>;
}

/** The config files as they are to be: golive's settings in place, every line that would override them turned off. */
function configFiles(facts: SshFacts, answers: SshAnswers, ports: readonly number[]): ConfigState {
  const main = facts.files.get(MAIN_CONFIG)!;
  const dropIn = renderDropIn(facts, answers, ports);
  const files = new Map(facts.files);
  const ownPath = includesGlobally(main, DROP_IN) ? DROP_IN : MAIN_CONFIG;
  if (ownPath === DROP_IN) files.set(DROP_IN, { path: DROP_IN, content: dropIn, owner: 'root', group: 'root', mode: 0o644 });
  else files.set(MAIN_CONFIG, { ...main, content: withBlock(main.content, dropIn) });
  const managed = new Set([...MANAGED, ...(ports.length > 0 ? ['port'] : []), ...(answers.forwarding ? [] : FORWARDING_OFF.map(([k]) => k))]);
  const disabled = new Map<string, Set<number>>();
  for (const line of conflictingLines(readOrder(files), ownPath, managed)) disabled.set(line.path, (disabled.get(line.path) ?? new Set()).add(line.index));
  for (const [path, lines] of disabled) files.set(path, { ...files.get(path)!, content: disableLines(files.get(path)!.content, lines) });
  return { files, disabled };
}

/** A file change for each file whose content differs between two states of the config. */
function fileChanges(before: ReadonlyMap<string, ConfigFile>, after: ConfigState, why?: string): Change[] {
  const changes: Change[] = [];
  for (const [path, file] of after.files) {
    const old = before.get(path);
    const disabled = after.disabled.get(path);
    const reason =
      why ??
      (path === DROP_IN
        ? "golive's settings, read before every other drop-in"
        : disabled
          ? `turn off lines that would override golive's values (${[...disabled].map((i) => `line ${i + 1}`).join(', ')})`
          : "golive's settings at the top");
    const { content, owner, group, mode } = file;
    changes.push(...fileChange(path, old ? { content: old.content, owner: old.owner, group: old.group, mode: old.mode } : null, { content, owner, group, mode }, reason));
  }
  return changes;
}

function plan(facts: SshFacts, answers: SshAnswers, context: StepContext): StepPlan {
  const base = { stepId: 'ssh' as const, title: 'SSH: keys only, no root login, AllowUsers, modern algorithms' };
  const notes: string[] = [];
  for (const line of readOrder(facts.files)) {
    if (line.conditional && ['passwordauthentication', 'permitrootlogin', 'kbdinteractiveauthentication'].includes(line.keyword)) {
      notes.push(`${line.path} line ${line.index + 1} sets ${line.keyword} ${line.value} inside a Match block: it still applies to the connections that block matches`);
    }
  }
  const checks = compare(facts, answers);
  if (checks.every((c) => c.ok)) {
    return { ...base, changes: [], validations: [], reloads: [], notes: ['sshd already enforces every value asked for (sshd -T)', ...notes] };
  }
  if (!facts.effective.ok) refuseBrokenConfig(facts, facts.effective.error);

  const guard = guardInput(facts, answers, context);
  refuseLockout(guard);
  const move = planPortMove(currentPorts(facts), answers.port, socketActivated(facts), facts.listeners);
  const main = facts.files.get(MAIN_CONFIG);
  if (!main) throw new GoliveError(`${MAIN_CONFIG} is missing or unreadable on the server`);
  if (!includesGlobally(main, DROP_IN)) notes.push(`${MAIN_CONFIG} does not include sshd_config.d/*.conf: golive's block goes at the top of it`);
  const during = configFiles(facts, answers, portLines(facts, answers, move));
  const changes = fileChanges(facts.files, during);
  if (facts.hostKeys.length === 0) {
    changes.unshift({ kind: 'command', argv: ['ssh-keygen', '-A'], why: 'the server has no host keys, without which sshd -t fails', creates: ['rsa', 'ecdsa', 'ed25519'].flatMap((t) => [`/etc/ssh/ssh_host_${t}_key`, `/etc/ssh/ssh_host_${t}_key.pub`]) });
  }
  const validations = [{ argv: ['sshd', '-t'], what: 'sshd configuration' }];
  const reloads = facts.services.serviceActive && facts.services.unit ? [['systemctl', 'reload', facts.services.unit]] : [];
  if (reloads.length === 0) notes.push('sshd runs per connection (socket activation): new logins read the new settings, no reload needed');
  // With no session at stake (a console), still prove a user who keeps root would get in.
  const loginCheck = loginCheckFor(guard);
  const followers = move ? followSshd(facts, move, context) : undefined;
  return {
    ...base,
    changes: [...changes, ...(followers?.now ?? [])],
    validations: [...validations, ...(followers?.validations ?? [])],
    reloads: [...reloads, ...(followers?.reloads ?? [])],
    loginCheck: loginCheck ? { ...loginCheck, port: answers.port } : undefined,
    afterLogin: move && {
      changes: [...fileChanges(during.files, configFiles(facts, answers, [move.to]), `sshd listens on port ${move.to} only, now that a login on it worked`), ...followers!.afterLogin],
      validations,
      reloads,
    },
    effects: move && { sshPorts: move },
    notes: [...checks.filter((c) => !c.ok).map((c) => `${c.name.replace('sshd -T ', '')} ${c.detail}`), ...(followers?.notes ?? []), ...notes],
  };
}

const questions: Question[] = [
  {
    key: 'allowUsers',
    label: 'Users allowed to log in over SSH',
    help: 'user names, separated by spaces or commas; each needs a public key on the server',
    ...wordsText(),
  },
  {
    key: 'permitRootLogin',
    label: 'Root login',
    help: '"no" turns root logins off; "prohibit-password" keeps root\'s key logins',
    choices: PERMIT_ROOT_LOGIN,
    toText: (value) => String(value ?? 'no'),
    fromText: (text) => text,
  },
  {
    key: 'port',
    label: 'SSH port',
    help: 'the port sshd listens on; the default is the port it really uses now',
    ...numberText,
  },
  {
    key: 'forwarding',
    label: 'Allow SSH tunnels and agent forwarding',
    help: 'no: stricter, but `ssh -L` to the database (which the firewall closes) and `ssh -A` stop working',
    ...yesNoChoice(true),
  },
];

export const sshStep: Step<SshAnswers, SshFacts> = {
  id: 'ssh',
  title: 'SSH hardening',
  checklist: ['SSH hardened (keys only, no root)', 'Access control: AllowUsers', 'Modern SSH algorithms only'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify: compare,
  auditItems: SSH_AUDIT_ITEMS,
  audit: (facts) => sshFindings(facts.effective),
};
