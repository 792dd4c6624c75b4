import { posix } from 'node:path';
import type { AuditItem } from '../engine/types.js';
import type { ContainerSettings, PortRange, PublishedPort } from './containers-settings.js';

/**
 * The containers items, each a rule over one service or container: what is wrong with it (or what
 * golive cannot tell, such as a setting from a variable), or nothing.
 */

export interface Problem {
  readonly text: string;
  /** Not wrong for sure: set from a variable golive does not resolve. */
  readonly unclear?: boolean;
}

export interface ContainerRule extends AuditItem {
  /** What a failing service makes the item: `warn` where many images cannot comply. */
  readonly failing: 'fail' | 'warn';
  /** The evidence when every service complies. */
  readonly passing: string;
  problem(settings: ContainerSettings): Problem | undefined;
}

/** Ports of databases and stores that must not face the network (many answer without a password). */
export const DATABASE_PORTS: Readonly<Record<number, string>> = {
  5432: 'PostgreSQL', 3306: 'MySQL/MariaDB', 6379: 'Redis', 27017: 'MongoDB', 27018: 'MongoDB', 9000: 'MinIO/ClickHouse', 9001: 'MinIO console',
  9200: 'Elasticsearch', 9300: 'Elasticsearch', 5984: 'CouchDB', 11211: 'Memcached', 8086: 'InfluxDB', 9042: 'Cassandra', 7687: 'Neo4j',
  1433: 'SQL Server', 1521: 'Oracle', 2379: 'etcd', 8123: 'ClickHouse', 7700: 'Meilisearch', 5672: 'RabbitMQ', 26257: 'CockroachDB',
};

/** Host paths that hand the container the Docker socket: the socket, or a folder holding it. */
const DOCKER_SOCKET_PATHS = ['/var/run/docker.sock', '/run/docker.sock', '/var/run', '/run', '/var', '/'];

export const CONTAINER_RULES: readonly ContainerRule[] = [
  {
    id: 'containers.nonRoot', title: 'Containers run as a non-root user', failing: 'fail', passing: 'user: set to a non-root user',
    fix: 'set user: "1000:1000" (a non-root uid) on each service in the compose file, then docker compose up -d',
    problem: ({ user }) => {
      if (user === undefined || user.trim() === '') return { text: 'sets no user: (runs as the image\'s user, root unless the image says otherwise)' };
      if (user.includes('$')) return { text: `user: ${user} comes from a variable`, unclear: true };
      return ['root', '0'].includes(user.split(':')[0]!.trim()) ? { text: `runs as root (user: ${user})` } : undefined;
    },
  },
  {
    id: 'containers.capDrop', title: 'Containers drop all capabilities', failing: 'fail', passing: 'cap_drop: [ALL]',
    fix: 'golive apply --only containers; by hand: add cap_drop: [ALL] to each service (and cap_add: only what it needs, such as NET_BIND_SERVICE)',
    problem: ({ capDrop }) => (capDrop.some((cap) => /^(cap_)?all$/i.test(cap.trim())) ? undefined : { text: capDrop.length ? `drops only ${capDrop.join(', ')}` : 'drops no capabilities' }),
  },
  {
    id: 'containers.noNewPrivileges', title: 'Containers cannot gain privileges (no-new-privileges)', failing: 'fail', passing: 'security_opt: no-new-privileges:true',
    fix: 'golive apply --only containers; by hand: add security_opt: ["no-new-privileges:true"] to each service',
    problem: ({ securityOpt }) => (securityOpt.some((opt) => /^no-new-privileges([:=]true)?$/i.test(opt.trim())) ? undefined : { text: 'has no no-new-privileges' }),
  },
  {
    id: 'containers.readOnly', title: 'Container root filesystems are read-only', failing: 'warn', passing: 'read_only: true',
    fix: 'golive apply --only containers; by hand: add read_only: true to each service whose image allows it (with tmpfs: [/tmp] for scratch space)',
    problem: ({ readOnly }) => (readOnly === true ? undefined : readOnly === 'variable' ? { text: 'read_only: comes from a variable', unclear: true } : { text: 'has a writable root filesystem' }),
  },
  {
    id: 'containers.limits', title: 'Containers have memory and CPU limits', failing: 'warn', passing: 'memory and CPU limits',
    fix: 'golive apply --only containers; by hand: set mem_limit and cpus (or deploy.resources.limits: memory, cpus) on each service',
    problem: ({ memoryLimit, cpuLimit }) => (memoryLimit && cpuLimit ? undefined : { text: `has no ${[memoryLimit ? '' : 'memory', cpuLimit ? '' : 'CPU'].filter(Boolean).join(' or ')} limit` }),
  },
  {
    id: 'containers.privileged', title: 'No container holds the host (privileged, docker.sock, host network or PID)', failing: 'fail', passing: 'not privileged, no docker.sock, no host network or PID namespace',
    fix: 'remove privileged: true, the docker.sock mount, network_mode: host and pid: host (a container with any of them can take over the server)',
    problem: privilegeProblem,
  },
  {
    id: 'containers.ports', title: 'No database port is published on a public address', failing: 'fail', passing: 'no database port published beyond 127.0.0.1',
    fix: 'golive apply --only containers; by hand: publish database ports on 127.0.0.1 only ("127.0.0.1:5432:5432"), or not at all: the app reaches the database over the compose network',
    problem: ({ ports }) => {
      const exposed = ports.filter((port) => !port.variable && isReachable(port.address) && databasePort(port));
      if (exposed.length) return { text: `publishes ${exposed.map(describePort).join(', ')}` };
      const variable = ports.filter((port) => port.variable);
      return variable.length ? { text: `publishes ${variable.map((port) => `"${port.text}"`).join(', ')} from variables`, unclear: true } : undefined;
    },
  },
];

function privilegeProblem(settings: ContainerSettings): Problem | undefined {
  const sockets = settings.mountSources.filter((source) => DOCKER_SOCKET_PATHS.includes(posix.normalize(source).replace(/(.)\/+$/, '$1')));
  const found = [
    settings.privileged === true ? 'privileged: true' : '',
    ...sockets.map((source) => `mounts ${source}`),
    settings.networkMode === 'host' ? 'network_mode: host' : '',
    settings.pidMode === 'host' ? 'pid: host' : '',
  ].filter(Boolean);
  if (found.length) return { text: found.join(', ') };
  return settings.privileged === 'variable' ? { text: 'privileged: comes from a variable', unclear: true } : undefined;
}

/** Published on every address ('', 0.0.0.0, ::) or on any address but loopback. */
export function isReachable(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').trim();
  return !(bare.startsWith('127.') || bare === '::1' || bare === 'localhost');
}

export function databasePort(port: PublishedPort): string | undefined {
  return [port.container, port.host].map((range) => range && known(range)).find(Boolean);
}

function known(range: PortRange): string | undefined {
  const port = Object.keys(DATABASE_PORTS).map(Number).find((candidate) => candidate >= range.from && candidate <= range.to);
  return port === undefined ? undefined : `${port} (${DATABASE_PORTS[port]})`;
}

function describePort(port: PublishedPort): string {
  const address = port.address.replace(/^\[|\]$/g, '');
  const where = ['', '0.0.0.0', '::'].includes(address) ? 'on every address' : `on ${address}`;
  return `${databasePort(port)} ${where} ("${port.text}")`;
}
