import type { AuditCheck, AuditFinding, CommandFact } from '../engine/types.js';
import { printable } from './printable.js';

/**
 * What should be running beside the app once it is live: CrowdSec (an agent that reads the logs and
 * a bouncer that blocks what it decides), monitoring, an image scanner. Each read, never started:
 * systemd's active services, Docker's running containers, cscli's list of bouncers, the PATH.
 */

export interface ServicesFacts {
  /** Active systemd services (names without `.service`); null when systemctl could not list them. */
  readonly services: readonly string[] | null;
  /** Running containers as "NAME IMAGE"; null when there is no docker. */
  readonly containers: readonly Container[] | null;
  /** Bouncers cscli knows; null when cscli is not installed or could not say. */
  readonly bouncers: readonly string[] | null;
  /** Paths of the image scanners found on root's PATH. */
  readonly scanners: readonly string[];
}

export interface Container {
  readonly name: string;
  readonly image: string;
}

const CROWDSEC_FIX = 'golive apply --only crowdsec';
const MONITORING_FIX = 'run Prometheus with the node exporter (apt install prometheus prometheus-node-exporter) and Grafana, or another monitoring agent that alerts you';
const SCAN_FIX = 'install trivy (or grype) and scan the images you run: trivy image IMAGE';

export const servicesCheck: AuditCheck<ServicesFacts> = {
  items: [
    { id: 'crowdsec.running', title: 'CrowdSec agent and bouncer running', fix: CROWDSEC_FIX },
    { id: 'monitoring', title: 'Monitoring running (Prometheus, node exporter, Grafana)', fix: MONITORING_FIX },
    { id: 'scan.images', title: 'Container image scanner present', fix: SCAN_FIX },
  ],
  facts: () => ({ services: activeServicesFact, containers: runningContainersFact, bouncers: cscliBouncersFact, scanners: scannersFact }),
  judge: (facts) => [judgeCrowdsec(facts), judgeMonitoring(facts), judgeScanner(facts)],
};

export const activeServicesFact: CommandFact<readonly string[] | null> = {
  argv: ['systemctl', 'list-units', '--type=service', '--state=active', '--no-legend', '--plain', '--no-pager'],
  parse: (output) => (output.exitCode === 0 ? parseUnitList(output.stdout) : null),
};

/** `systemctl list-units --plain --no-legend`: "cron.service loaded active running Regular background …". */
export function parseUnitList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((unit) => unit.endsWith('.service'))
    .map((unit) => unit.slice(0, -'.service'.length));
}

export const runningContainersFact: CommandFact<readonly Container[] | null> = {
  argv: ['sh', '-c', 'command -v docker >/dev/null 2>&1 || exit 0; echo @@docker; docker ps --format "{{.Names}}\t{{.Image}}" 2>/dev/null'],
  parse: (output) => {
    if (!output.stdout.startsWith('@@docker\n')) return null;
    return output.stdout.split('\n').slice(1).flatMap((line) => {
      const [name, image] = line.split('\t');
      return name && image ? [{ name, image }] : [];
    });
  },
};

/** `cscli bouncers list -o json`: an array of `{name, …}`, or null when none was ever added. */
export const cscliBouncersFact: CommandFact<readonly string[] | null> = {
  argv: ['sh', '-c', 'command -v cscli >/dev/null 2>&1 || exit 0; echo @@cscli; timeout 20 cscli bouncers list -o json 2>/dev/null'],
  parse: (output) => (output.stdout.startsWith('@@cscli\n') ? parseBouncerList(output.stdout.slice('@@cscli\n'.length)) : null),
};

export function parseBouncerList(json: string): string[] | null {
  try {
    const list: unknown = JSON.parse(json);
    if (list === null) return [];
    if (!Array.isArray(list)) return null;
    return list.map((entry: unknown) => printable(String((entry as { name?: unknown } | null)?.name ?? '?')));
  } catch {
    return null;
  }
}

export const scannersFact: CommandFact<readonly string[]> = {
  argv: ['sh', '-c', 'for p in trivy grype; do command -v "$p"; done; true'],
  parse: (output) => output.stdout.split('\n').filter((line) => line.startsWith('/')).map(printable),
};

function finding(id: string, status: AuditFinding['status'], evidence: string): AuditFinding {
  const item = servicesCheck.items.find((i) => i.id === id)!;
  return { ...item, status, evidence };
}

export function judgeCrowdsec({ services, containers, bouncers }: ServicesFacts): AuditFinding {
  if (services === null) return finding('crowdsec.running', 'unknown', 'systemctl could not list the active services');
  const agents = [...services.filter((s) => s === 'crowdsec').map(() => 'crowdsec.service active'), ...containersLike(containers, /(^|\/)crowdsec(:|$)/).map((c) => `container ${c}`)];
  const units = services.filter((s) => s.startsWith('crowdsec-firewall-bouncer')).map((s) => `${s}.service active`);
  const bouncerSeen = [...units, ...(bouncers && bouncers.length > 0 ? [`cscli bouncers list: ${bouncers.join(', ')}`] : [])];
  const cscliSays = bouncers === null ? '' : bouncers.length === 0 ? '; cscli bouncers list: none' : '';
  if (agents.length > 0 && bouncerSeen.length > 0) return finding('crowdsec.running', 'pass', [...agents, ...bouncerSeen].join('; '));
  if (agents.length > 0) return finding('crowdsec.running', 'warn', `${agents.join('; ')}, but no bouncer: CrowdSec decides, nothing blocks (no crowdsec-firewall-bouncer service active${cscliSays})`);
  if (bouncerSeen.length > 0) return finding('crowdsec.running', 'warn', `${bouncerSeen.join('; ')}, but no crowdsec agent here: it blocks only if it points at a CrowdSec API elsewhere`);
  return finding('crowdsec.running', 'fail', `systemctl: crowdsec and crowdsec-firewall-bouncer not active${containers ? ', no crowdsec container' : ''}${cscliSays}`);
}

const MONITORING_SERVICES = ['prometheus', 'prometheus-node-exporter', 'node_exporter', 'node-exporter', 'grafana-server'];
const MONITORING_IMAGE = /(prometheus|node[-_]exporter|grafana)/i;

export function judgeMonitoring({ services, containers }: ServicesFacts): AuditFinding {
  if (services === null) return finding('monitoring', 'unknown', 'systemctl could not list the active services');
  const running = [...services.filter((s) => MONITORING_SERVICES.includes(s)).map((s) => `${s}.service active`), ...containersLike(containers, MONITORING_IMAGE).map((c) => `container ${c}`)];
  if (running.length > 0) return finding('monitoring', 'pass', running.join('; '));
  return finding('monitoring', 'warn', `none of ${MONITORING_SERVICES.map((s) => `${s}.service`).join(', ')} active${containers ? ', no prometheus, node-exporter or grafana container running' : ''}`);
}

export function judgeScanner({ scanners }: ServicesFacts): AuditFinding {
  if (scanners.length > 0) return finding('scan.images', 'pass', `found: ${scanners.join(', ')}`);
  return finding('scan.images', 'warn', 'neither trivy nor grype is on root\'s PATH: nothing checks the images you run for known vulnerabilities');
}

/** Containers whose name or image matches, as "NAME (IMAGE)". */
function containersLike(containers: readonly Container[] | null, pattern: RegExp): string[] {
  return (containers ?? []).filter((c) => pattern.test(c.name) || pattern.test(c.image)).map((c) => printable(`${c.name} (${c.image})`));
}
