import { numberText, wordsText, yesNoChoice } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { show, validateBoolean, validatePort } from '../src/answers/validators.js';
import { type Listener, listenersFact } from '../src/checks/listening.js';
import { isRange, PRIVATE_RANGES, validateAddressOrRange } from '../src/crowdsec/addresses.js';
import { configuredApiPort, withLocalSettings } from '../src/crowdsec/config-local.js';
import { ACQUIS_DIR, AGENT_UNIT, BOUNCER_LOCAL, BOUNCER_UNIT, CONFIG_LOCAL, CROWDSEC_DIR, DEFAULT_API_PORT, ENRICH_DIR, GOLIVE_SSHD_ACQUIS, GOLIVE_WHITELIST, LOCAL_CREDENTIALS, ONLINE_CREDENTIALS, STOCK_WHITELIST, STOCK_WHITELIST_TARGET } from '../src/crowdsec/paths.js';
import { setSettingLine } from '../src/crowdsec/setting-line.js';
import { RESTART_BOUNCER, restoreUnits, type Units, unitsFact } from '../src/crowdsec/units.js';
import { CENTRAL_API_DECLINED, type CrowdsecState, crowdsecStateFact, hubBranch, portOf } from '../src/crowdsec/state.js';
import { fileChange, rootFile } from '../src/engine/file-change.js';
import { type Change, type Check, earlierEffects, type Fact, type FileState, type Question, type Step, type StepContext, type StepPlan } from '../src/engine/types.js';
import { GoliveError, InputError } from '../src/errors.js';
import { fileFact } from '../src/facts/file.js';
import { installPackages, missingPackagesFact } from '../src/facts/packages.js';
import { sshPortsFact } from '../src/facts/ssh-ports.js';
import { readTemplate, renderTemplate } from '../src/templates.js';

export interface CrowdsecAnswers {
  /** Addresses and ranges never banned, besides the one golive connects from. */
  readonly whitelist: readonly string[];
  /** Keep CrowdSec's own whitelist of the private ranges (10/8, 172.16/12, 192.168/16). */
  readonly trustPrivateRanges: boolean;
  /** Where the local API listens on 127.0.0.1: 8080 unless another program has it. */
  readonly apiPort: number;
  /** Register to CrowdSec's Central API at install (the community blocklist); default: when the server has a route out. */
  readonly centralApi: boolean;
}

export interface CrowdsecFacts {
  readonly missing: readonly string[];
  readonly configLocal: FileState | null;
  readonly whitelistFile: FileState | null;
  readonly acquisFile: FileState | null;
  readonly state: CrowdsecState;
  readonly units: Units;
  readonly listeners: readonly Listener[];
  readonly sshPorts: readonly number[];
}

const ANSWER_KEYS = ['whitelist', 'trustPrivateRanges', 'apiPort', 'centralApi'] as const;

function parseAnswers(raw: unknown, field: string): Partial<CrowdsecAnswers> {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: { -readonly [K in keyof CrowdsecAnswers]?: CrowdsecAnswers[K] } = {};
  if (section.whitelist !== undefined) {
    if (!Array.isArray(section.whitelist)) throw new InputError(`${field}.whitelist: ${show(section.whitelist)} is not a list of addresses`, 'write it as a list: [203.0.113.7, 198.51.100.0/24]');
    answers.whitelist = section.whitelist.map((entry, i) => validateAddressOrRange(entry, `${field}.whitelist[${i}]`));
  }
  if (section.trustPrivateRanges !== undefined) answers.trustPrivateRanges = validateBoolean(section.trustPrivateRanges, `${field}.trustPrivateRanges`);
  if (section.apiPort !== undefined) answers.apiPort = validatePort(section.apiPort, `${field}.apiPort`);
  if (section.centralApi !== undefined) answers.centralApi = validateBoolean(section.centralApi, `${field}.centralApi`);
  return answers;
}

function facts(): { readonly [K in keyof CrowdsecFacts]: Fact<CrowdsecFacts[K]> } {
  return {
    missing: missingPackagesFact(['crowdsec', 'crowdsec-firewall-bouncer', 'ipset']),
    configLocal: fileFact(CONFIG_LOCAL),
    whitelistFile: fileFact(GOLIVE_WHITELIST),
    acquisFile: fileFact(GOLIVE_SSHD_ACQUIS),
    state: crowdsecStateFact,
    units: unitsFact,
    listeners: listenersFact,
    sshPorts: sshPortsFact,
  };
}

/** Whether another program listens on the port: the one CrowdSec's running API has is its own. */
function takenByOthers(facts: CrowdsecFacts, port: number): boolean {
  const own = facts.units.agent.active === 'active' && port === configuredApiPort(facts.configLocal?.content);
  return !own && facts.listeners.some((l) => l.port === port);
}

/** The port the API has now, unless another program has it: then the next free one. */
function freeApiPort(facts: CrowdsecFacts): number {
  const taken = (port: number) => takenByOthers(facts, port);
  const current = configuredApiPort(facts.configLocal?.content);
  if (!taken(current)) return current;
  for (let port = DEFAULT_API_PORT + 1; port < DEFAULT_API_PORT + 100; port += 1) if (!taken(port)) return port;
  throw new InputError(`ports ${DEFAULT_API_PORT}–${DEFAULT_API_PORT + 99} are all taken on the server`, 'set crowdsec.apiPort to a free port');
}

function resolveAnswers(answers: Partial<CrowdsecAnswers>, facts: CrowdsecFacts): CrowdsecAnswers {
  const apiPort = answers.apiPort ?? freeApiPort(facts);
  if (takenByOthers(facts, apiPort)) {
    throw new InputError(`crowdsec.apiPort: ${apiPort} is taken by another program on the server`, 'choose a free port, or leave crowdsec.apiPort out: golive picks one');
  }
  return {
    whitelist: answers.whitelist ?? [],
    trustPrivateRanges: answers.trustPrivateRanges ?? true,
    apiPort,
    centralApi: answers.centralApi ?? facts.state.routeOut,
  };
}

const BOUNCER_DEFAULT_URL = `http://127.0.0.1:${DEFAULT_API_PORT}/`;

/** The files the packages' postinst scripts read: in place before the install, so the agent starts with them. */
function configFiles(facts: CrowdsecFacts, answers: CrowdsecAnswers, context: StepContext, installing: boolean): Change[] {
  if (facts.state.version === '') throw new GoliveError('apt knows no crowdsec package on this server', "Debian 12 has crowdsec in main: check the server's apt sources");
  const whitelist = renderWhitelist(context.adminAddress, answers.whitelist);
  const declineCentralApi = installing && !answers.centralApi && (facts.state.registration === 'absent' || facts.state.registration === 'empty');
  const changes = [
    ...(declineCentralApi ? fileChange(ONLINE_CREDENTIALS, null, rootFile(`${CENTRAL_API_DECLINED}\n`, 0o644), "the package's postinst then skips registering to the Central API (README.Debian)") : []),
    ...fileChange(CONFIG_LOCAL, facts.configLocal, rootFile(withLocalSettings(facts.configLocal?.content, { hubBranch: facts.state.routeOut ? undefined : hubBranch(facts.state.version), apiPort: answers.apiPort }), facts.configLocal?.mode ?? 0o644), `${facts.state.routeOut ? '' : "cscli's hub branch (so it works offline), "}the local API on 127.0.0.1:${answers.apiPort}`),
    ...fileChange(GOLIVE_WHITELIST, facts.whitelistFile, rootFile(whitelist, 0o644), 'addresses CrowdSec never bans, in place before the agent starts'),
  ];
  if (!installing) return changes;
  const folders: Change = { kind: 'command', argv: ['install', '-d', '-m', '0755', CROWDSEC_DIR, ENRICH_DIR], why: 'the folders the configuration goes in, before the package makes them', groundwork: true };
  return [folders, ...changes.map((change) => ({ ...change, groundwork: true }))];
}

/** The settings that live beside a secret, set line by line; the stock whitelist kept or removed (with its undo). */
function settingChanges(facts: CrowdsecFacts, answers: CrowdsecAnswers, installing: boolean): { readonly changes: Change[]; readonly undo: string[][] } {
  const state = facts.state;
  const url = `http://127.0.0.1:${answers.apiPort}/`;
  const mode = state.iptablesLegacy ? 'iptables' : 'nftables';
  const changes: Change[] = [];
  // At install the postinst writes the machine's URL from config.yaml.local, and the bouncer's mode by the same rule as golive.
  if (!installing && portOf(state.lapiUrl) !== answers.apiPort) changes.push(setSettingLine(LOCAL_CREDENTIALS, 'url', url.slice(0, -1), `the agent reaches its local API on ${answers.apiPort}`));
  if (portOf(installing ? BOUNCER_DEFAULT_URL : state.bouncerApiUrl) !== answers.apiPort) changes.push(setSettingLine(BOUNCER_LOCAL, 'api_url', url, `the bouncer follows the local API to ${answers.apiPort}`));
  if (!installing && state.bouncerMode !== mode) changes.push(setSettingLine(BOUNCER_LOCAL, 'mode', mode, state.iptablesLegacy ? 'iptables is iptables-legacy here: the bouncer works through iptables and ipset' : 'iptables is nftables here: the bouncer keeps its own nftables table'));
  const stock = stockWhitelist(installing || state.stockWhitelist, answers.trustPrivateRanges);
  changes.push(...stock.changes);
  // Debian's acquis.yaml reads sshd's journal: at install it comes with the package.
  if (!installing && !state.sshdJournal) {
    changes.push({ kind: 'command', argv: ['install', '-d', '-m', '0755', ACQUIS_DIR], why: 'the acquisition folder' });
    changes.push(...fileChange(GOLIVE_SSHD_ACQUIS, facts.acquisFile, rootFile(readTemplate('crowdsec/golive-sshd.yaml'), 0o644), 'sshd logs to the systemd journal (Debian 12 has no /var/log/auth.log)'));
  }
  return { changes, undo: stock.undo };
}

/** CrowdSec's own whitelist of the private ranges (a link into the hub) removed or put back as the answer says, with its undo. */
function stockWhitelist(present: boolean, trusted: boolean): { readonly changes: Change[]; readonly undo: string[][] } {
  if (present && !trusted) {
    return { changes: [{ kind: 'command', argv: ['rm', '-f', STOCK_WHITELIST], why: "crowdsec.trustPrivateRanges is false: CrowdSec's whitelist of the private ranges goes" }], undo: [['ln', '-sfn', STOCK_WHITELIST_TARGET, STOCK_WHITELIST]] };
  }
  if (!present && trusted) {
    return { changes: [{ kind: 'command', argv: ['ln', '-s', STOCK_WHITELIST_TARGET, STOCK_WHITELIST], why: "CrowdSec's whitelist of the private ranges is back" }], undo: [['rm', '-f', STOCK_WHITELIST]] };
  }
  return { changes: [], undo: [] };
}

function plan(facts: CrowdsecFacts, answers: CrowdsecAnswers, context: StepContext): StepPlan {
  const base = { stepId: 'crowdsec' as const, title: 'CrowdSec: an agent reading the logs, a bouncer blocking in the firewall' };
  const packages = facts.missing.filter((p) => p !== 'ipset' || facts.state.iptablesLegacy);
  const installing = packages.includes('crowdsec') || packages.includes('crowdsec-firewall-bouncer');
  const notes = crowdsecNotes(facts, answers, context, installing);
  const configs = configFiles(facts, answers, context, installing);
  const settings = settingChanges(facts, answers, installing);
  const { agent, bouncer } = facts.units;
  const running = agent.active === 'active' && bouncer.active === 'active';
  const enabled = agent.enabled === 'enabled' && bouncer.enabled === 'enabled';
  if (packages.length === 0 && configs.length === 0 && settings.changes.length === 0 && running && enabled) return { ...base, changes: [], validations: [], reloads: [], notes };
  const install = packages.length > 0 ? [installPackages(packages, installing ? 'CrowdSec is not installed' : 'the bouncer needs ipset with iptables-legacy')] : [];
  const groundwork = configs.filter((c) => c.groundwork);
  const enable: Change[] = installing || enabled ? [] : [{ kind: 'command', argv: ['systemctl', 'enable', '--quiet', AGENT_UNIT, BOUNCER_UNIT], why: 'start both at boot' }];
  const restarts: Change[] = configs.length + settings.changes.length === 0 && !installing ? [{ kind: 'command', argv: ['systemctl', 'restart', AGENT_UNIT], why: 'CrowdSec is configured but not running' }] : [];
  return {
    ...base,
    changes: [...groundwork, ...install, ...configs.filter((c) => !c.groundwork), ...settings.changes, ...enable, ...restarts],
    validations: [{ argv: ['crowdsec', '-c', '/etc/crowdsec/config.yaml', '-t'], what: 'CrowdSec configuration' }],
    reloads: [['systemctl', 'restart', AGENT_UNIT], RESTART_BOUNCER],
    undo: [...settings.undo, ...restoreUnits(facts.units)],
    loginCheck: context.sessionUser ? { user: context.sessionUser, port: sshPort(facts, context) } : undefined,
    notes,
  };
}

/** What the admin should know: which Central API case applies, who is never banned, what fail2ban does beside it. */
function crowdsecNotes(facts: CrowdsecFacts, answers: CrowdsecAnswers, context: StepContext, installing: boolean): string[] {
  if (installing && answers.centralApi && !facts.state.routeOut) {
    throw new InputError('crowdsec.centralApi is true, but the server has no route out: the package would fail registering to the Central API, and its install with it', 'leave crowdsec.centralApi out (or false) on a server without internet');
  }
  const spared = [...(context.adminAddress ? [`${context.adminAddress} (where golive connects from)`] : []), ...answers.whitelist];
  return [
    centralApiNote(facts.state, answers, installing),
    spared.length > 0 ? `never banned: ${spared.join(', ')}` : 'golive cannot see an address you connect from (a console): only crowdsec.whitelist is never banned, and it is empty',
    ...(context.adminAddress ? [] : ['golive connects from nowhere it can whitelist: list your own address in crowdsec.whitelist']),
    answers.trustPrivateRanges
      ? `CrowdSec's own whitelist stays: ${PRIVATE_RANGES.join(', ')} are never banned (Docker networks, load balancers and VPNs use them, and so could an attacker inside them)`
      : `crowdsec.trustPrivateRanges is false: ${PRIVATE_RANGES.join(', ')} can be banned. Docker networks and a load balancer in front of the server are private addresses: list them in crowdsec.whitelist, or their traffic can be banned as one address`,
    ...(answers.apiPort === DEFAULT_API_PORT ? [] : [`the local API listens on 127.0.0.1:${answers.apiPort} (${DEFAULT_API_PORT} is taken), and the bouncer follows it`]),
    ...(facts.state.fail2banActive || context.stepsInRun?.includes('fail2ban')
      ? ["fail2ban keeps running beside CrowdSec: fail2ban's sshd jail bans after its own failures, through ufw; CrowdSec bans on its scenarios (ssh brute force, http probing), in its own nftables table. An address either bans stays out; unbanning takes both"]
      : []),
    ...(installing
      ? ["rollback leaves the packages installed, stopped and disabled, without golive's files: the agent's unit then needs online_api_credentials.yaml again before it starts (golive apply --only crowdsec, or `cscli capi register`)"]
      : []),
    `the bouncer works through ${facts.state.iptablesLegacy ? 'iptables and ipset (iptables is iptables-legacy here)' : "nftables, in its own table (iptables and ufw use nftables here)"}`,
  ];
}

function centralApiNote(state: CrowdsecState, answers: CrowdsecAnswers, installing: boolean): string {
  if (!installing) {
    return state.registration === 'registered'
      ? "registered to CrowdSec's Central API: the community blocklist comes in, the addresses that attack this server go out"
      : "not registered to CrowdSec's Central API: decisions are this server's own (`cscli capi register` joins it)";
  }
  return answers.centralApi
    ? "the server has a route out: at install it registers to CrowdSec's Central API, for the community blocklist (it sends the addresses that attack it); crowdsec.centralApi: false keeps it local"
    : `no Central API${state.routeOut ? ' (crowdsec.centralApi is false)' : ' (the server has no route out)'}: golive writes "${CENTRAL_API_DECLINED}" first, so the install skips registering; CrowdSec works on its own logs, offline hub included`;
}

/** The port a fresh login uses: sshd's new one when this run moves it. */
function sshPort(facts: CrowdsecFacts, context: StepContext): number {
  return earlierEffects(context).sshPorts?.to ?? context.connectionPort ?? facts.sshPorts[0] ?? 22;
}

function renderWhitelist(adminAddress: string | undefined, whitelist: readonly string[]): string {
  const entries = [...new Set([...(adminAddress ? [adminAddress] : []), ...whitelist])];
  return renderTemplate(readTemplate('crowdsec/golive-whitelist.yaml'), {
    ips: JSON.stringify(entries.filter((e) => !isRange(e))),
    cidrs: JSON.stringify(entries.filter(isRange)),
  });
}

/** Each checklist value on the server as it is after apply. */
function verify(facts: CrowdsecFacts, answers: CrowdsecAnswers): Check[] {
  const { agent, bouncer } = facts.units;
  const lines = facts.state.sshdLinesRead;
  return [
    { name: 'CrowdSec agent running', ok: agent.active === 'active', detail: `${AGENT_UNIT}: ${agent.active}, ${agent.enabled} at boot` },
    { name: 'firewall bouncer running', ok: bouncer.active === 'active', detail: `${BOUNCER_UNIT}: ${bouncer.active}, ${bouncer.enabled} at boot (mode ${facts.state.bouncerMode ?? '?'})` },
    { name: 'both start at boot', ok: agent.enabled === 'enabled' && bouncer.enabled === 'enabled', detail: `${agent.enabled}, ${bouncer.enabled}` },
    { name: 'sshd collection enabled', ok: facts.state.sshdCollection === true, detail: facts.state.sshdCollection === undefined ? 'cscli could not say' : `crowdsecurity/sshd ${facts.state.sshdCollection ? 'enabled' : 'not enabled'}` },
    { name: "acquisition reads sshd's journal", ok: facts.state.sshdJournal, detail: `journalctl _SYSTEMD_UNIT=ssh.service${lines === undefined ? ', no line read yet' : `, ${lines} lines read`}` },
    { name: 'local API and bouncer on one port', ok: portOf(facts.state.bouncerApiUrl) === answers.apiPort && portOf(facts.state.lapiUrl) === answers.apiPort, detail: `127.0.0.1:${answers.apiPort}; bouncer ${facts.state.bouncerApiUrl ?? '?'}` },
  ];
}

const questions: Question[] = [
  { key: 'whitelist', label: 'Never ban these addresses', help: `besides the one golive connects from; addresses or CIDR ranges`, ...wordsText() },
  { key: 'trustPrivateRanges', label: 'Never ban private addresses', help: `${PRIVATE_RANGES.join(', ')}: Docker networks, load balancers, VPNs`, ...yesNoChoice(true) },
  { key: 'apiPort', label: 'Local API port (127.0.0.1)', help: 'empty: 8080, or the next free port when 8080 is taken', ...numberText },
  {
    key: 'centralApi',
    label: "Join CrowdSec's Central API",
    help: 'receive the community blocklist, send the addresses that attack this server; auto: when the server has a route out',
    choices: ['auto', 'yes', 'no'],
    toText: (value) => (value === true ? 'yes' : value === false ? 'no' : 'auto'),
    fromText: (text) => (text === 'yes' ? true : text === 'no' ? false : undefined),
  },
];

export const crowdsecStep: Step<CrowdsecAnswers, CrowdsecFacts> = {
  id: 'crowdsec',
  title: 'CrowdSec',
  checklist: ['CrowdSec deployed: an agent reading the logs, a bouncer blocking in the firewall'],
  optIn: "it installs CrowdSec's agent and firewall bouncer, which (with internet) register the server with CrowdSec's Central API",
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify,
};
