import type { CommandFact } from '../engine/types.js';

/**
 * TCP sockets listening on the server, read from /proc/net/tcp and tcp6 (present on every Linux,
 * unlike ss or netstat on a minimal install).
 */

export interface Listener {
  readonly address: string;
  readonly port: number;
}

const LISTEN = '0A';

function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return decodeAddress(hex.slice(24));
  return hex;
}

export function parseProcNetTcp(text: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [local, , state] = fields.slice(1, 4);
    if (!local || state !== LISTEN) continue;
    const [addressHex = '', portHex = ''] = local.split(':');
    listeners.push({ address: decodeAddress(addressHex), port: parseInt(portHex, 16) });
  }
  return listeners;
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

export const listenersFact: CommandFact<Listener[]> = {
  argv: ['cat', '/proc/net/tcp', '/proc/net/tcp6'],
  parse: (output) => parseProcNetTcp(output.stdout),
};
