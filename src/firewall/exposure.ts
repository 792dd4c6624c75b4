import { isLoopback, type Listener } from '../checks/listening.js';
import { isPublic, type PublishedPort } from './docker.js';
import { denyingRules } from './ssh-port-move.js';
import type { UfwState } from './ufw.js';

/**
 * What the outside can reach, from what listens, what ufw lets in and what Docker publishes around
 * it: the go-live audit's firewall items. Only TCP is judged (what listens is read for TCP).
 */

/** The ports of what must stay internal: the firewall step denies them by default; the audit fails when one is reachable. */
export const INTERNAL_PORTS: Readonly<Record<number, string>> = { 5432: 'PostgreSQL', 6379: 'Redis', 9000: 'MinIO API', 9001: 'MinIO console' };

export interface OpenPort {
  readonly port: number;
  /** How it is reachable: "listens on 0.0.0.0, ufw is off", "published by Docker (db) on 0.0.0.0". */
  readonly how: string;
}

/** A port ufw lets in: an allow or limit rule for it (tcp or any protocol), or a default policy that is not deny. */
function ufwLetsIn(ufw: UfwState, port: number): boolean {
  if (!ufw.active) return true;
  const rule = new RegExp(`^(allow|limit)( in)? (${port}|${port}/tcp)$`);
  if (ufw.rules.some((r) => rule.test(r))) return true;
  if (denyingRules(ufw.rules, port).length > 0) return false;
  return ufw.defaultIncoming !== 'drop' && ufw.defaultIncoming !== 'reject' && ufw.defaultIncoming !== 'deny';
}

/** Every TCP port reachable from outside, each once, in port order. */
export function reachablePorts(ufw: UfwState, listeners: readonly Listener[], docker: readonly PublishedPort[]): OpenPort[] {
  const open = new Map<number, string>();
  for (const l of listeners) {
    if (isLoopback(l.address) || open.has(l.port) || !ufwLetsIn(ufw, l.port)) continue;
    open.set(l.port, `listens on ${l.address}, ${ufw.active ? 'and ufw lets it in' : 'and ufw is off'}`);
  }
  // Docker's own iptables chains come before ufw's: what it publishes on a public address is open.
  for (const p of docker) {
    if (p.protocol !== 'tcp' || !isPublic(p.address)) continue;
    open.set(p.port, `published by Docker (${p.container}) on ${p.address}, around ufw`);
  }
  return [...open].sort(([a], [b]) => a - b).map(([port, how]) => ({ port, how }));
}
