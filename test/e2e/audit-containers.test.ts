import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HARDENED_COMPOSE, INSECURE_COMPOSE } from '../helpers/compose-files.js';
import { e2eUnavailable, type GoliveRun, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

interface AuditJson {
  readonly items: readonly { readonly id: string; readonly status: string; readonly evidence: string }[];
}

const ITEMS = ['nonRoot', 'capDrop', 'noNewPrivileges', 'readOnly', 'limits', 'privileged', 'ports'];
/** The app user's password: its hash in /etc/shadow is a string no one else could print. */
const APP_PASSWORD = 'correct-horse-battery-staple-83';

describe('audit: containers items on a real server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  /** Runs `golive audit --json` with this golive.yml; the containers items' findings by short id. */
  const audit = async (yaml: string): Promise<{ run: GoliveRun; found: Record<string, { status: string; evidence: string }> }> => {
    const config = join(golive.home, 'golive.yml');
    writeFileSync(config, yaml);
    const run = await golive.run(golive.args('deploy', ['--config', config, 'audit', '--json']));
    assert.ok(run.exitCode === 0 || run.exitCode === 2, run.stdout + run.stderr);
    const items = (JSON.parse(run.stdout) as AuditJson).items.filter((item) => item.id.startsWith('containers.'));
    assert.deepEqual(items.map((item) => item.id), ITEMS.map((id) => `containers.${id}`));
    return { run, found: Object.fromEntries(items.map(({ id, status, evidence }) => [id.replace('containers.', ''), { status, evidence }])) };
  };
  const statuses = (found: Record<string, { status: string }>) => Object.fromEntries(Object.entries(found).map(([id, f]) => [id, f.status]));
  /** Writes a file as the app user would, in its own folder. */
  const asApp = (script: string, stdin?: string) => server.exec(['runuser', '-u', 'app', '--', 'sh', '-c', script], stdin);
  const ENV_YAML = 'secrets:\n  envFile: /srv/app/.env\n';

  before(async () => {
    server = await TestServer.boot('h-ctr', 83);
    golive = new GoliveRunner(server);
    await server.exec(['sh', '-c', 'useradd -m -s /bin/sh app && install -d -o app -g app -m 0750 /srv/app && chpasswd'], `app:${APP_PASSWORD}\n`);
    await asApp('printf "POSTGRES_PASSWORD=changeme\\n" >/srv/app/.env');
    const accept = await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
    assert.equal(accept.exitCode, 0, accept.stdout + accept.stderr);
  });
  after(() => server?.destroy());

  it('with no compose file and no Docker: every item passes, saying why', async () => {
    const { found } = await audit(ENV_YAML);
    assert.deepEqual(new Set(Object.values(found).map((f) => f.status)), new Set(['pass']));
    assert.match(found.ports!.evidence, /^no containers: no compose file in \/srv\/app \(docker-compose\.yml, docker-compose\.yaml, compose\.yaml, compose\.yml\); Docker is not installed$/);
  });

  it('without secrets.envFile or audit.composeFile: unknown, naming what to set', async () => {
    const { found } = await audit('{}\n');
    assert.deepEqual(new Set(Object.values(found).map((f) => f.status)), new Set(['unknown']));
    assert.match(found.nonRoot!.evidence, /set audit\.composeFile or secrets\.envFile in golive\.yml/);
  });

  it('the usual mistakes fail (root, no cap_drop, docker.sock, 5432 on every address), naming the services', async () => {
    await asApp('cat >/srv/app/docker-compose.yml', INSECURE_COMPOSE);
    const { run, found } = await audit(ENV_YAML);
    assert.equal(run.exitCode, 2);
    assert.deepEqual(statuses(found), { nonRoot: 'fail', capDrop: 'fail', noNewPrivileges: 'fail', readOnly: 'warn', limits: 'warn', privileged: 'fail', ports: 'fail' });
    assert.match(found.nonRoot!.evidence, /^\/srv\/app\/docker-compose\.yml: db runs as root \(user: root\); \/srv\/app\/docker-compose\.yml: web sets no user:/);
    assert.match(found.ports!.evidence, /db publishes 5432 \(PostgreSQL\) on every address \("5432:5432"\)/);
    assert.match(found.privileged!.evidence, /web mounts \/var\/run\/docker\.sock$/);
    assert.match(found.capDrop!.evidence, /db drops no capabilities; .*web drops no capabilities/);
  });

  it('the hardened file passes every item', async () => {
    await asApp('cat >/srv/app/docker-compose.yml', HARDENED_COMPOSE);
    const { found } = await audit(ENV_YAML);
    assert.deepEqual(statuses(found), Object.fromEntries(ITEMS.map((id) => [id, 'pass'])));
    assert.match(found.capDrop!.evidence, /^\/srv\/app\/docker-compose\.yml: db, web: cap_drop: \[ALL\]$/);
  });

  it('audit.composeFile names the file; a folder reached through a link is refused', async () => {
    await asApp('mkdir /srv/app/deploy && cat >/srv/app/deploy/prod.yml', INSECURE_COMPOSE.replace('"5432:5432"', '"127.0.0.1:5432:5432"'));
    const named = await audit('audit:\n  composeFile: /srv/app/deploy/prod.yml\n');
    assert.equal(named.found.ports!.status, 'pass');
    assert.equal(named.found.nonRoot!.status, 'fail');
    assert.match(named.found.nonRoot!.evidence, /^\/srv\/app\/deploy\/prod\.yml: db runs as root/);
    await asApp('ln -s /etc /srv/app/etc');
    const through = await audit('audit:\n  composeFile: /srv/app/etc/shadow\n');
    assert.deepEqual(new Set(Object.values(through.found).map((f) => f.status)), new Set(['unknown']));
    assert.match(through.found.nonRoot!.evidence, /^\/srv\/app\/etc is missing or reached through a symbolic link; golive does not follow links/);
    await shadowNotShown(through.run);
  });

  it('the compose file swapped for a link to /etc/shadow by the app user: refused, unknown with why, and nothing of /etc/shadow shown', async () => {
    await asApp('ln -sfn /etc/shadow /srv/app/docker-compose.yml');
    const { run, found } = await audit(ENV_YAML);
    assert.deepEqual(new Set(Object.values(found).map((f) => f.status)), new Set(['unknown']));
    assert.equal(found.capDrop!.evidence, '/srv/app/docker-compose.yml is a symbolic link; golive does not follow links in the app\'s folder (replace it with the file itself)');
    await shadowNotShown(run);
  });

  /** No line of /etc/shadow, nor the app user's password hash, in golive's output. */
  async function shadowNotShown(run: GoliveRun): Promise<void> {
    const shadow = await server.sh('cat /etc/shadow');
    const hash = /^app:([^:]+):/m.exec(shadow)?.[1];
    assert.ok(hash && hash.length > 20, 'the app user has a password hash');
    const output = run.stdout + run.stderr;
    assert.ok(!output.includes(hash), 'the hash is not shown');
    for (const line of shadow.split('\n').filter(Boolean)) assert.ok(!output.includes(line), `a line of /etc/shadow is shown: ${line.split(':')[0]}`);
  }
});
