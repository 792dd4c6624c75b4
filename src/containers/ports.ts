import { isMap, isScalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { composePort } from '../audit/containers-compose.js';
import { databasePort, isReachable } from '../audit/containers-rules.js';
import { quoted } from './yaml-nodes.js';

/**
 * Database, cache and object-store ports published on every address move to 127.0.0.1, by the audit's
 * own rule (containers-rules.ts): the app reaches them over the compose network, an admin through an
 * SSH tunnel. Other ports, and ports from variables, are left as they are.
 */

/** "5432:5432", "0.0.0.0:5432:5432", "[::]:5432:5432/tcp", "5432" → the same on 127.0.0.1 ("127.0.0.1::5432": any host port). */
export function onLoopback(text: string): string {
  const bracketed = /^\[[^\]]*\]:(.*)$/.exec(text);
  if (bracketed) return `127.0.0.1:${bracketed[1]}`;
  const parts = text.split(':');
  if (parts.length >= 3) return `127.0.0.1:${parts.slice(-2).join(':')}`;
  return parts.length === 2 ? `127.0.0.1:${text}` : `127.0.0.1::${text}`;
}

/** Rebinds the list's exposed database ports in place; returns them as they were written. */
export function bindDatabasePortsToLoopback(ports: YAMLSeq): string[] {
  const moved: string[] = [];
  ports.items.forEach((item, index) => {
    const value = isScalar(item) ? item.value : isMap(item) ? (item.toJSON() as unknown) : undefined;
    const port = composePort(value);
    if (port.variable || !isReachable(port.address) || !databasePort(port)) return;
    moved.push(port.text);
    if (isMap(item)) (item as YAMLMap).set('host_ip', '127.0.0.1');
    else if (isScalar(item) && typeof item.value === 'string' && item.type !== 'PLAIN') item.value = onLoopback(item.value);
    else {
      const rebound = quoted(onLoopback(String(value)));
      if (isScalar(item)) Object.assign(rebound, { comment: item.comment, commentBefore: item.commentBefore });
      ports.items[index] = rebound;
    }
  });
  return moved;
}

/** The ports the list would move, without moving them. */
export function exposedDatabasePorts(ports: readonly unknown[]): string[] {
  return ports.map(composePort).filter((port) => !port.variable && isReachable(port.address) && databasePort(port)).map((port) => port.text);
}
