import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** The app's compose file as its developer wrote it: a comment, an anchor, a database on every address. */
const APP_COMPOSE = `# the app, as deployed by hand
x-app: &app
  build: .
  env_file: .env

services:
  api:
    <<: *app
    ports:
      - "8000:8000"   # behind Caddy
  postgres:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
    ports:
      - "5432:5432"
    volumes:
      - pgdata:/var/lib/postgresql/data
volumes:
  pgdata:
`;

const ANSWERS = `audit:
  composeFile: /srv/app/docker-compose.yml
containers:
  composeFile: /srv/app/docker-compose.yml
  services:
    api: { user: "1000:1000", readOnly: true, capAdd: [NET_BIND_SERVICE] }
    postgres: { user: postgres, memory: 1g, cpus: 2 }
`;

/** A file docker-compose itself rejects (a key compose does not know), though it is valid YAML. */
const REJECTED_COMPOSE = 'services:\n  web:\n    image: nginx:1.25\n    not_a_compose_key: 1\n';

describe('containers step: the app\'s compose file hardened, validated by docker-compose, rolled back', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;
  const config = (yaml: string) => writeFileSync(join(golive.home, 'golive.yml'), yaml);
  const asApp = (script: string, stdin?: string) => server.exec(['runuser', '-u', 'app', '--', 'sh', '-c', script], stdin);
  const sha = async (path: string) => (await server.sh(`sha256sum ${path}; stat -c '%U:%G %a' ${path}`)).trim();

  before(async () => {
    server = await TestServer.boot('e2e-containers', 100, { aptProxy: true });
    golive = new GoliveRunner(server);
    // Right after boot apt-daily may hold apt's lock for a while: tried again until it lets go.
    await server.sh('for i in $(seq 1 60); do DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >/dev/null 2>&1 && exit 0; sleep 2; done; exit 1');
    await server.sh('useradd -m -s /bin/sh app && install -d -o app -g app -m 0750 /srv/app');
    await asApp('umask 027; cat >/srv/app/docker-compose.yml; printf "POSTGRES_PASSWORD=changeme\\n" >/srv/app/.env', APP_COMPOSE);
    pristine = await sha('/srv/app/docker-compose.yml');
    config(ANSWERS);
    const accept = await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
    assert.equal(accept.exitCode, 0, accept.stdout + accept.stderr);
  });
  after(() => server?.destroy());

  it('plans the edit as a diff, and says nothing restarts', async () => {
    assert.match(await server.sh('docker-compose version'), /docker-compose version 1\.29/);
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'containers']));
    assert.equal(run.exitCode, 2, run.stderr + run.stdout);
    assert.match(run.stdout, /\+\s+cap_drop: \[ALL\]/);
    assert.match(run.stdout, /-\s+- "5432:5432"/);
    assert.match(run.stdout, /\+\s+- "127\.0\.0\.1:5432:5432"/);
    assert.match(run.stdout, /keep their old settings until the app is restarted/);
  });

  it('applies: the file hardened, validated by the real docker-compose as the app user, owner and mode kept', async () => {
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'containers', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /runuser -u app -- env -i --chdir=\/srv\/app PATH=\S+ docker-compose --project-directory \/srv\/app -f \/srv\/app\/docker-compose\.yml config -q/);
    assert.match(await server.sh("stat -c '%U:%G %a' /srv/app/docker-compose.yml"), /^app:app 640$/);
    const text = await server.sh('cat /srv/app/docker-compose.yml');
    assert.ok(text.startsWith('# the app, as deployed by hand\nx-app: &app\n'), text);
    assert.match(text, /<<: \*app/);
    const resolved = await asApp('cd /srv/app && docker-compose config');
    assert.equal(resolved.exitCode, 0, resolved.stderr);
    for (const expected of [/cap_drop:\n\s+- ALL/, /no-new-privileges:true/, /published: 5432\n\s+target: 5432|127\.0\.0\.1:5432:5432/, /read_only: true/, /mem_limit: 1g/]) assert.match(resolved.stdout, expected);
  });

  it('plans nothing afterwards, and the audit\'s container items pass', async () => {
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'containers']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /nothing to change/);
    const audit = await golive.run(golive.args('deploy', ['audit', '--json']));
    const items = (JSON.parse(audit.stdout) as { items: { id: string; status: string; evidence: string }[] }).items.filter((item) => item.id.startsWith('containers.'));
    assert.equal(items.length, 7);
    for (const item of items) assert.equal(item.status, 'pass', `${item.id}: ${item.evidence}`);
  });

  it('rolls back the file byte for byte, owner and mode included', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await sha('/srv/app/docker-compose.yml'), pristine);
  });

  it('a file docker-compose rejects: the validation fails and the apply is undone', async () => {
    await asApp('mkdir -p /srv/app/bad && cat >/srv/app/bad/compose.yaml', REJECTED_COMPOSE);
    const before = await sha('/srv/app/bad/compose.yaml');
    config('containers:\n  composeFile: /srv/app/bad/compose.yaml\n');
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'containers', '--yes']));
    assert.notEqual(run.exitCode, 0, run.stdout);
    assert.match(run.stdout + run.stderr, /rejected the new compose file/);
    assert.equal(await sha('/srv/app/bad/compose.yaml'), before);
  });

  it('refuses a compose file that is a link to /etc/shadow, or in a folder reached through a link', async () => {
    const shadow = await sha('/etc/shadow');
    await asApp('ln -s /etc/shadow /srv/app/evil.yml && ln -s /etc /srv/app/etc');
    for (const [path, reason] of [['/srv/app/evil.yml', /evil\.yml is a symbolic link/], ['/srv/app/etc/shadow', /reached through a symbolic link/]] as const) {
      config(`containers:\n  composeFile: ${path}\n`);
      const run = await golive.run(golive.args('deploy', ['apply', '--only', 'containers', '--yes']));
      assert.notEqual(run.exitCode, 0, run.stdout);
      assert.match(run.stdout + run.stderr, reason);
    }
    assert.equal(await sha('/etc/shadow'), shadow);
  });
});
