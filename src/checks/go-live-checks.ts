import type { Listener } from './listening.js';
import { isLoopback } from './listening.js';

/** Go-live checklist items golive reports on but does not change. */

export interface CheckRow {
  readonly title: string;
  readonly state: 'ok' | 'warn';
  readonly detail: string;
}

const DATABASE_PORTS: Readonly<Record<number, string>> = { 5432: 'PostgreSQL', 6379: 'Redis', 9000: 'MinIO API', 9001: 'MinIO console' };

export function goLiveChecks(listeners: readonly Listener[]): CheckRow[] {
  const https = listeners.some((l) => l.port === 443 && !isLoopback(l.address));
  const exposed = listeners.filter((l) => DATABASE_PORTS[l.port] && !isLoopback(l.address));
  const exposedNames = [...new Set(exposed.map((l) => `${DATABASE_PORTS[l.port]} (${l.port} on ${l.address})`))];
  return [
    {
      title: 'HTTPS enabled',
      state: https ? 'ok' : 'warn',
      detail: https ? 'something listens on port 443' : 'nothing listens on port 443: set up TLS (e.g. Caddy with Let\'s Encrypt)',
    },
    {
      title: 'Databases not listening publicly',
      state: exposedNames.length === 0 ? 'ok' : 'warn',
      detail: exposedNames.length === 0 ? 'PostgreSQL, Redis and MinIO listen on loopback only, or not at all' : `listening on all addresses: ${exposedNames.join(', ')}; bind to 127.0.0.1 or block with the firewall step`,
    },
  ];
}
