import type { CommandFact } from '../engine/types.js';

/**
 * Docker publishes container ports through its own iptables chains, around UFW: a port published
 * on a public address is reachable whatever UFW says.
 */

export interface PublishedPort {
  readonly container: string;
  readonly address: string;
  readonly port: number;
  readonly protocol: string;
}

export const dockerFact: CommandFact<{ readonly present: boolean; readonly published: readonly PublishedPort[] }> = {
  argv: ['sh', '-c', 'command -v docker >/dev/null 2>&1 || exit 0; echo @@docker; docker ps --format "{{.Names}}\t{{.Ports}}" 2>/dev/null'],
  parse: (output) => ({ present: output.stdout.startsWith('@@docker'), published: parseDockerPorts(output.stdout.replace(/^@@docker\n/, '')) }),
};

/** `docker ps --format "{{.Names}}\t{{.Ports}}"`: "db\t0.0.0.0:5432->5432/tcp, :::5432->5432/tcp". */
export function parseDockerPorts(stdout: string): PublishedPort[] {
  const ports: PublishedPort[] = [];
  for (const line of stdout.split('\n')) {
    const [container, list] = line.split('\t');
    if (!container || !list) continue;
    for (const match of list.matchAll(/(\[?[0-9a-fA-F:.]*\]?):(\d+)->\d+\/(tcp|udp)/g)) {
      ports.push({ container, address: match[1]!.replace(/^\[|\]$/g, '') || '0.0.0.0', port: Number(match[2]), protocol: match[3]! });
    }
  }
  return ports;
}

export function isPublic(address: string): boolean {
  return !(address.startsWith('127.') || address === '::1' || address === 'localhost');
}
