import { TestServer } from './test-server.js';

/**
 * A test server with a working Docker engine: Debian 12's docker.io (20.10) and docker-compose
 * (1.29), installed through the host's apt proxy, and one local image, since no registry is
 * reachable: a busybox root filesystem made with `docker import`.
 */

/** The local image: busybox-static's applets, enough to listen on a TCP port (`nc -ll`, `httpd`). */
export const BUSYBOX_IMAGE = 'golive-test/busybox:local';

export class DockerUnavailableError extends Error {
  constructor(stage: string, detail: string) {
    super(`Docker cannot run in this test server (${stage}):\n${detail.trim()}`);
    this.name = 'DockerUnavailableError';
  }
}

export interface DockerSetupTimings {
  readonly bootMs: number;
  readonly installMs: number;
  readonly imageMs: number;
}

export interface DockerServer {
  readonly server: TestServer;
  readonly timings: DockerSetupTimings;
}

const APT = 'DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300';
// apt-daily may hold the lists lock right after boot: update is retried rather than failing.
const INSTALL = `for i in $(seq 1 60); do ${APT} update >/dev/null 2>&1 && break; sleep 2; done
${APT} install -y --no-install-recommends docker.io docker-compose busybox-static iptables >/dev/null`;

const APPLETS = ['sh', 'nc', 'httpd', 'cat', 'echo', 'id', 'ls', 'sleep', 'touch'];
const IMPORT_IMAGE = `set -e
d=$(mktemp -d)
mkdir -p "$d/bin" "$d/etc" "$d/tmp"
# As in every Debian image: a tmpfs mounted on /tmp takes this folder's mode, and 0755 would
# keep a non-root user from writing there.
chmod 1777 "$d/tmp"
cp /bin/busybox "$d/bin/busybox"
for applet in ${APPLETS.join(' ')}; do ln -s busybox "$d/bin/$applet"; done
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >"$d/etc/passwd"
tar -C "$d" -c . | docker import - ${BUSYBOX_IMAGE} >/dev/null
rm -rf "$d"`;

/** Each server's containers get their own cgroups (named after it), so destroying it can remove them. */
function daemonConfig(server: TestServer): string {
  return `${JSON.stringify({ 'cgroup-parent': `golive-${server.name}` }, null, 2)}\n`;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = Date.now();
  await work();
  return Date.now() - start;
}

async function mustRun(server: TestServer, stage: string, script: string): Promise<string> {
  const result = await server.exec(['sh', '-c', script]);
  if (result.exitCode !== 0) throw new DockerUnavailableError(stage, `${script}\nexit ${result.exitCode}\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

async function waitForDaemon(server: TestServer): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    if ((await server.exec(['docker', 'info', '--format', '{{.ServerVersion}}'])).exitCode === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const journal = await server.exec(['journalctl', '-u', 'docker', '--no-pager', '-n', '15', '-o', 'cat']);
  throw new DockerUnavailableError('dockerd did not start', journal.stdout);
}

/**
 * Boots a server (boot.sh --docker --apt-proxy), installs Docker and imports BUSYBOX_IMAGE.
 * Throws DockerUnavailableError with the failing command's output or dockerd's journal.
 */
export async function bootDockerServer(name: string, index: number): Promise<DockerServer> {
  let server: TestServer | undefined;
  const bootMs = await timed(async () => {
    server = await TestServer.boot(name, index, { aptProxy: true, docker: true });
  });
  const booted = server!;
  try {
    const installMs = await timed(async () => {
      await booted.exec(['sh', '-c', 'mkdir -p /etc/docker && cat >/etc/docker/daemon.json'], daemonConfig(booted));
      await mustRun(booted, 'installing docker.io through the apt proxy', INSTALL);
      await waitForDaemon(booted);
    });
    const imageMs = await timed(async () => {
      await mustRun(booted, `importing ${BUSYBOX_IMAGE}`, IMPORT_IMAGE);
      await mustRun(booted, `running ${BUSYBOX_IMAGE}`, `docker run --rm ${BUSYBOX_IMAGE} echo ok`);
    });
    return { server: booted, timings: { bootMs, installMs, imageMs } };
  } catch (error) {
    await destroyDockerServer(booted);
    throw error;
  }
}

/**
 * Stops the containers and the engine before the server goes (a shutdown with running
 * containers outlasts destroy.sh's patience), then removes the cgroups Docker made for them.
 */
export async function destroyDockerServer(server: TestServer): Promise<void> {
  await server.exec(['sh', '-c', 'docker ps -aq | xargs -r docker rm -f; systemctl stop docker.socket docker containerd']);
  await server.exec(['sh', '-c', `for c in /sys/fs/cgroup/*/golive-${server.name}; do [ -d "$c" ] && rmdir "$c"; done; true`]);
  await server.destroy();
}

/** `docker inspect` of one container, parsed. */
export async function inspectContainer(server: TestServer, container: string): Promise<DockerInspect> {
  const result = await server.exec(['docker', 'inspect', container]);
  if (result.exitCode !== 0) throw new Error(`docker inspect ${container}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as DockerInspect[])[0]!;
}

/** The fields of `docker inspect` the containers step verifies. */
export interface DockerInspect {
  readonly State: { readonly Running: boolean; readonly Pid: number };
  readonly Config: { readonly User: string };
  readonly HostConfig: {
    readonly CapDrop: readonly string[] | null;
    readonly CapAdd: readonly string[] | null;
    readonly SecurityOpt: readonly string[] | null;
    readonly ReadonlyRootfs: boolean;
    readonly Memory: number;
    readonly NanoCpus: number;
    readonly Tmpfs: Readonly<Record<string, string>> | null;
    readonly PortBindings: Readonly<Record<string, readonly { readonly HostIp: string; readonly HostPort: string }[]>>;
  };
}
