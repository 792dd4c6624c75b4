/**
 * What the official images need to start with `cap_drop: [ALL]`, read from their entrypoints
 * (docker-library's docker-entrypoint.sh, as of 2024). Written from memory of those scripts, with
 * no registry to check against here: where unsure, the entry says so and errs towards what lets the
 * container start — a capability too many is a note, a container that does not start is an outage.
 */

export interface KnownImage {
  /** What the image is, for the plan. */
  readonly label: string;
  /** Needed whatever user runs it (binding a port below 1024). */
  readonly always: readonly string[];
  /** Needed only when it starts as root: the entrypoint chowns its data, then drops to its user (gosu/su-exec). */
  readonly asRoot: readonly string[];
  /** Paths a read-only root filesystem needs as tmpfs; absent: read-only is not on by default (the image writes elsewhere). */
  readonly readOnlyTmpfs?: readonly string[];
  /** The memory limit it gets when none is set. */
  readonly memory: string;
  /** The user it can run as instead of root, for the plan's note. */
  readonly user?: string;
}

/** chown of the data folder, then gosu/su-exec to the image's user. */
const CHOWN_THEN_DROP = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

export const KNOWN_IMAGES: Readonly<Record<string, KnownImage>> = {
  // find "$PGDATA" \! -user postgres -exec chown; chmod 700/775 of folders it may not own (FOWNER,
  // DAC_OVERRIDE); exec gosu postgres. Writes its socket in /var/run/postgresql.
  postgres: { label: 'PostgreSQL', always: [], asRoot: CHOWN_THEN_DROP, readOnlyTmpfs: ['/tmp', '/var/run/postgresql'], memory: '1g', user: 'postgres' },
  // find . \! -user redis -exec chown redis; exec gosu (su-exec on alpine). Writes only /data.
  redis: { label: 'Redis', always: [], asRoot: ['CHOWN', 'SETGID', 'SETUID'], readOnlyTmpfs: ['/tmp'], memory: '512m', user: 'redis' },
  valkey: { label: 'Valkey', always: [], asRoot: ['CHOWN', 'SETGID', 'SETUID'], readOnlyTmpfs: ['/tmp'], memory: '512m', user: 'valkey' },
  // mysql_create_db_directories: mkdir + chown of datadir and the socket folder; exec gosu mysql.
  // Unsure: the socket folder (/var/run/mysqld or /run/mysqld) differs by version, so no default read-only.
  mariadb: { label: 'MariaDB', always: [], asRoot: CHOWN_THEN_DROP, memory: '1g', user: 'mysql' },
  mysql: { label: 'MySQL', always: [], asRoot: CHOWN_THEN_DROP, memory: '1g', user: 'mysql' },
  // find /data/configdb /data/db \! -user mongodb -exec chown; exec gosu mongodb. Unsure whether
  // DAC_OVERRIDE is needed: kept, as for the other databases.
  mongo: { label: 'MongoDB', always: [], asRoot: CHOWN_THEN_DROP, memory: '1g', user: 'mongodb' },
  // Runs as root, no user switch, ports 9000/9001: nothing to add.
  'minio/minio': { label: 'MinIO', always: [], asRoot: [], memory: '1g' },
  // Root binds 80/443 (caddy's own setcap is lost under no-new-privileges only for non-root).
  caddy: { label: 'Caddy', always: ['NET_BIND_SERVICE'], asRoot: [], memory: '256m' },
  traefik: { label: 'Traefik', always: ['NET_BIND_SERVICE'], asRoot: [], memory: '256m' },
  // Master as root binds 80, chowns /var/cache/nginx, workers setuid to nginx. Unsure: the
  // entrypoint's envsubst writes /etc/nginx/conf.d, so read-only is not on by default.
  nginx: { label: 'nginx', always: ['NET_BIND_SERVICE'], asRoot: ['CHOWN', 'SETGID', 'SETUID'], memory: '256m' },
  httpd: { label: 'Apache httpd', always: ['NET_BIND_SERVICE'], asRoot: ['SETGID', 'SETUID'], memory: '256m' },
  // Listens on 8080 as its own user.
  'nginxinc/nginx-unprivileged': { label: 'nginx (unprivileged)', always: [], asRoot: [], readOnlyTmpfs: ['/tmp'], memory: '256m' },
  // Runs as root on 7700, writes /meili_data only (a volume); unsure about its temp files, so no read-only.
  'getmeili/meilisearch': { label: 'Meilisearch', always: [], asRoot: [], memory: '1g' },
  // Runs as user memcache, writes nothing.
  memcached: { label: 'Memcached', always: [], asRoot: [], readOnlyTmpfs: [], memory: '256m' },
};

/** The default limits of a service no table entry knows. */
export const DEFAULT_MEMORY = '512m';
export const DEFAULT_CPUS = 1;

/**
 * The table's entry for `image:` — an official image as Docker Hub names it ("postgres:16-alpine",
 * "docker.io/library/redis@sha256:…"); another registry's or publisher's image of the same name
 * (bitnami/postgresql) is not the same image.
 */
export function knownImage(image: string | undefined): KnownImage | undefined {
  if (!image) return undefined;
  const name = image.trim().replace(/^(docker\.io\/|index\.docker\.io\/)/, '').replace(/^library\//, '').replace(/[@:].*$/, '');
  return Object.hasOwn(KNOWN_IMAGES, name) ? KNOWN_IMAGES[name] : undefined;
}
