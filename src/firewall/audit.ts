import type { Listener } from '../checks/listening.js';
import type { AuditFinding, AuditItem } from '../engine/types.js';
import type { PublishedPort } from './docker.js';
import { INTERNAL_PORTS, reachablePorts } from './exposure.js';
import type { UfwState } from './ufw.js';

const FIX = 'golive apply --only firewall';

export const FIREWALL_AUDIT_ITEMS: readonly AuditItem[] = [
  { id: 'firewall.active', title: 'Firewall configured', fix: FIX },
  { id: 'firewall.exposure', title: 'Only 80/443 (and SSH) exposed', fix: `${FIX}; stop or bind to 127.0.0.1 what need not be public` },
  { id: 'firewall.internal', title: 'PostgreSQL, Redis, MinIO blocked', fix: `${FIX}; publish container ports on 127.0.0.1 only ("127.0.0.1:5432:5432"): Docker publishes around ufw` },
];

export function firewallFindings(ufw: UfwState, listeners: readonly Listener[], docker: readonly PublishedPort[], sshPorts: readonly number[]): AuditFinding[] {
  const [active, exposure, internal] = FIREWALL_AUDIT_ITEMS as [AuditItem, AuditItem, AuditItem];
  const reachable = reachablePorts(ufw, listeners, docker);
  const expected = new Set([...sshPorts, 80, 443]);
  const unexpected = reachable.filter((p) => !expected.has(p.port));
  const databases = reachable.filter((p) => INTERNAL_PORTS[p.port]);
  const list = (ports: typeof reachable) => ports.map((p) => `${p.port} (${INTERNAL_PORTS[p.port] ?? p.how})${INTERNAL_PORTS[p.port] ? `: ${p.how}` : ''}`).join('; ');
  return [
    {
      ...active,
      status: ufw.active && ufw.defaultIncoming === 'drop' ? 'pass' : 'fail',
      evidence: !ufw.installed ? 'ufw is not installed' : `ufw status: ${ufw.active ? 'active' : 'inactive'}; default incoming policy: ${ufw.defaultIncoming || 'unknown'} (/etc/default/ufw)`,
    },
    {
      ...exposure,
      status: unexpected.length === 0 ? 'pass' : 'fail',
      evidence: unexpected.length === 0 ? `reachable from outside: ${reachable.map((p) => p.port).join(', ') || 'nothing'} (SSH ${sshPorts.join(', ')}, 80, 443 allowed)` : `reachable beyond SSH, 80 and 443: ${list(unexpected)}`,
    },
    {
      ...internal,
      status: databases.length === 0 ? 'pass' : 'fail',
      evidence: databases.length === 0 ? 'PostgreSQL, Redis and MinIO ports are not reachable from outside (what listens, ufw, Docker-published ports)' : `reachable from outside: ${list(databases)}`,
    },
  ];
}
