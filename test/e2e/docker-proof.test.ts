import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUSYBOX_IMAGE, bootDockerServer, destroyDockerServer, inspectContainer, type DockerInspect } from '../helpers/docker-server.js';
import { writeAnswers } from '../helpers/six-steps.js';
import { e2eUnavailable, GoliveRunner, tcpReachable, type TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** A stand-in database: answers every connection on 5432 with one line. */
const LISTEN = ['nc', '-ll', '-p', '5432', '-e', '/bin/echo', 'db-ready'];

/** The settings golive's containers step writes for a database service, as `docker run` flags. */
const HARDENED = ['--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true', '--read-only', '--tmpfs', '/tmp', '--memory', '256m', '--cpus', '0.5', '--user', '65534:65534'];

const COMPOSE_FILE = `services:
  db:
    image: ${BUSYBOX_IMAGE}
    command: [${LISTEN.map((word) => JSON.stringify(word)).join(', ')}]
    user: "65534:65534"
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    read_only: true
    tmpfs: [/tmp]
    mem_limit: 256m
    cpus: 0.5
    ports: ["127.0.0.1:5432:5432"]
`;

/** An app's compose file as golive finds it: a database published on every address, nothing dropped. */
const APP_COMPOSE = `services:
  # the app's database (a stand-in)
  db:
    image: ${BUSYBOX_IMAGE}
    command: [${LISTEN.map((word) => JSON.stringify(word)).join(', ')}]
    user: "65534:65534"
    ports: ["5432:5432"]
`;

/** What the stand-in answers on the server's 127.0.0.1:5432, retried while the container starts. */
function askInside(server: TestServer): Promise<string> {
  return server.sh('for i in $(seq 1 20); do out=$(echo | busybox nc 127.0.0.1 5432) && [ -n "$out" ] && break; sleep 0.25; done; echo "$out"');
}

/**
 * The server's own PostgreSQL holds 127.0.0.1:5432, the port the stand-in publishes. Masked, not
 * only stopped: once in CI the port was still taken after a plain stop. Then the
 * port is checked free, and what holds it is printed if it is not.
 */
async function freePostgresPort(server: TestServer): Promise<void> {
  await server.sh(`systemctl mask --now postgresql.service postgresql@15-main.service >/dev/null
for i in $(seq 1 40); do bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' 2>/dev/null || exit 0; sleep 0.25; done
echo "127.0.0.1:5432 is still taken" >&2; ps -eo pid,user,args >&2; exit 1`);
}

/** Whether the test host reaches the port within a few attempts: a container takes a moment to listen. */
async function reachableSoon(server: TestServer, port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    if (await tcpReachable(server, port, 1000)) return true;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

function assertHardened(inspect: DockerInspect): void {
  assert.equal(inspect.State.Running, true);
  assert.deepEqual(inspect.HostConfig.CapDrop, ['ALL']);
  assert.deepEqual(inspect.HostConfig.SecurityOpt, ['no-new-privileges:true']);
  assert.equal(inspect.HostConfig.ReadonlyRootfs, true);
  assert.deepEqual(Object.keys(inspect.HostConfig.Tmpfs ?? {}), ['/tmp']);
  assert.equal(inspect.HostConfig.Memory, 256 * 1024 * 1024);
  assert.equal(inspect.HostConfig.NanoCpus, 500_000_000);
  assert.equal(inspect.Config.User, '65534:65534');
  assert.deepEqual(inspect.HostConfig.PortBindings, { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '5432' }] });
}

describe('a hardened container inside a test server (Docker 20.10 from Debian, a local image)', { skip }, () => {
  let server: TestServer;

  before(async () => {
    const docker = await bootDockerServer('e2e-docker', 104);
    server = docker.server;
    console.log(`docker setup: boot ${docker.timings.bootMs} ms, install ${docker.timings.installMs} ms, image ${docker.timings.imageMs} ms`);
    await freePostgresPort(server);
  });
  after(() => server && destroyDockerServer(server));

  it('starts with every capability dropped, no new privileges, a read-only root, limits and a localhost port', async () => {
    await server.sh(`docker run -d --name db ${HARDENED.join(' ')} -p 127.0.0.1:5432:5432 ${BUSYBOX_IMAGE} ${LISTEN.join(' ')}`);
    const inspect = await inspectContainer(server, 'db');
    assertHardened(inspect);
    const status = await server.sh(`grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/${inspect.State.Pid}/status`);
    assert.match(status, /CapEff:\s+0{16}\nCapBnd:\s+0{16}\nNoNewPrivs:\s+1/);
    assert.equal((await server.sh(`cat /sys/fs/cgroup/memory/golive-${server.name}/*/memory.limit_in_bytes`)).trim(), String(256 * 1024 * 1024));
    assert.notEqual((await server.exec(['docker', 'exec', 'db', 'touch', '/written'])).exitCode, 0, 'the root filesystem is read-only');
    assert.equal((await server.exec(['docker', 'exec', 'db', 'touch', '/tmp/written'])).exitCode, 0, '/tmp is a writable tmpfs');
  });

  it('answers on 127.0.0.1 inside the server, and not from the test host', async () => {
    assert.match(await askInside(server), /db-ready/);
    assert.equal(await tcpReachable(server, 5432), false);
  });

  it('publishes a port on all addresses around an active UFW (why the database port must stay on 127.0.0.1)', async () => {
    await server.sh('ufw default deny incoming && ufw allow 22/tcp && ufw --force enable');
    await server.sh(`docker run -d --name open --user 65534:65534 -p 15432:5432 ${BUSYBOX_IMAGE} ${LISTEN.join(' ')}`);
    await server.exec(['systemd-run', '--unit=golive-test-plain-listener', 'busybox', 'nc', '-ll', '-p', '7000', '-e', '/bin/echo', 'plain']);
    assert.equal(await reachableSoon(server, 15432), true, 'Docker published 15432 through its own iptables chains');
    assert.equal(await tcpReachable(server, 7000), false, 'UFW blocks a listener Docker did not publish');
    await server.sh('docker rm -f open && ufw --force disable');
  });

  it('docker-compose 1.29 validates and starts the same service from a compose file', async () => {
    await server.sh('docker rm -f db');
    await server.exec(['sh', '-c', 'mkdir -p /srv/app && cat >/srv/app/docker-compose.yml'], COMPOSE_FILE);
    await server.sh('cd /srv/app && docker-compose config -q && docker-compose up -d');
    assertHardened(await inspectContainer(server, 'app_db_1'));
    assert.match(await askInside(server), /db-ready/);
    assert.equal(await tcpReachable(server, 5432), false);
    await server.sh('cd /srv/app && docker-compose down');
  });

  it("golive's containers step hardens a running compose app, restarts it, and a rollback brings the old one back", async () => {
    const golive = new GoliveRunner(server);
    await server.sh('useradd -m app && chown app:app /srv/app');
    await server.exec(['sh', '-c', 'cat >/srv/app/docker-compose.yml && chown app:app /srv/app/docker-compose.yml'], APP_COMPOSE);
    await server.sh('cd /srv/app && docker-compose up -d');
    assert.equal(await reachableSoon(server, 5432), true, 'before: the database port is published on every address');
    writeAnswers(golive, 'containers:\n  composeFile: /srv/app/docker-compose.yml\n  restart: true\n');
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'containers', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    const inspect = await inspectContainer(server, 'app_db_1');
    assert.equal(inspect.State.Running, true, 'the hardened container starts');
    assert.deepEqual(inspect.HostConfig.CapDrop, ['ALL']);
    assert.deepEqual(inspect.HostConfig.SecurityOpt, ['no-new-privileges:true']);
    assert.ok(inspect.HostConfig.Memory > 0 && inspect.HostConfig.NanoCpus > 0, 'limits');
    assert.deepEqual(inspect.HostConfig.PortBindings, { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '5432' }] });
    assert.match(await askInside(server), /db-ready/);
    assert.equal(await tcpReachable(server, 5432), false, 'after: not reachable from the test host');
    const rollback = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(rollback.exitCode, 0, rollback.stderr + rollback.stdout);
    assert.equal(await server.sh('cat /srv/app/docker-compose.yml'), APP_COMPOSE.replace(/\n$/, ''));
    assert.equal(await reachableSoon(server, 5432), true, 'rolled back: the old container runs again');
  });
});
