import type { CommandFact } from '../engine/types.js';
import { type ContainerSettings, type PublishedPort, portRange, shown } from './containers-settings.js';

/**
 * The running containers as Docker sees them (`docker inspect`), when Docker is installed: what
 * runs, whatever the compose file says. Docker is root's program, not the app user's.
 */

export type DockerReading =
  | { readonly kind: 'absent' | 'podman' }
  | { readonly kind: 'containers'; readonly containers: readonly ContainerSettings[] }
  | { readonly kind: 'error'; readonly reason: string };

const DOCKER_INSPECT = `if ! command -v docker >/dev/null 2>&1; then
  if command -v podman >/dev/null 2>&1; then echo podman; else echo absent; fi
  exit 0
fi
echo docker
ids=$(timeout 30 docker ps -q --no-trunc) || exit 1
[ -n "$ids" ] || { echo '[]'; exit 0; }
timeout 30 docker inspect --type container $ids`;

export const dockerContainersFact: CommandFact<DockerReading> = {
  argv: ['sh', '-c', DOCKER_INSPECT],
  parse: (output) => {
    const newline = output.stdout.indexOf('\n');
    const first = newline < 0 ? output.stdout : output.stdout.slice(0, newline);
    if (first === 'absent' || first === 'podman') return { kind: first };
    if (output.exitCode !== 0) return { kind: 'error', reason: `docker ps/inspect failed (exit ${output.exitCode}): ${shown(output.stderr.trim(), 300) || 'no error output'}` };
    return parseDockerInspect(output.stdout.slice(newline + 1));
  },
};

/** `docker inspect` of containers: a JSON array, in Docker's documented ContainerInspectResponse format. */
export function parseDockerInspect(json: string): DockerReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { kind: 'error', reason: 'docker inspect did not print JSON' };
  }
  if (!Array.isArray(parsed)) return { kind: 'error', reason: 'docker inspect did not print a JSON array' };
  return { kind: 'containers', containers: parsed.map((container) => inspectSettings(record(container))) };
}

function inspectSettings(container: Record<string, unknown>): ContainerSettings {
  const config = record(container.Config);
  const host = record(container.HostConfig);
  return {
    name: shown(String(container.Name ?? '?').replace(/^\//, '')),
    user: text(config.User) || undefined,
    capDrop: texts(host.CapDrop),
    securityOpt: texts(host.SecurityOpt),
    readOnly: host.ReadonlyRootfs === true,
    privileged: host.Privileged === true,
    memoryLimit: Number(host.Memory ?? 0) > 0,
    cpuLimit: Number(host.NanoCpus ?? 0) > 0 || Number(host.CpuQuota ?? 0) > 0,
    mountSources: (Array.isArray(container.Mounts) ? container.Mounts : []).map((mount) => text(record(mount).Source)).filter(Boolean),
    networkMode: text(host.NetworkMode) || undefined,
    pidMode: text(host.PidMode) || undefined,
    ports: inspectPorts(record(record(container.NetworkSettings).Ports)),
  };
}

/** NetworkSettings.Ports: {"5432/tcp": [{"HostIp": "0.0.0.0", "HostPort": "5432"}]}, null for a port not published. */
function inspectPorts(ports: Record<string, unknown>): PublishedPort[] {
  return Object.entries(ports).flatMap(([containerPort, bindings]) =>
    (Array.isArray(bindings) ? bindings : []).map((binding) => {
      const { HostIp, HostPort } = record(binding);
      const address = text(HostIp);
      return { address, host: portRange(text(HostPort)), container: portRange(containerPort), text: shown(`${address}:${text(HostPort)}->${containerPort}`), variable: false };
    }),
  );
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
