import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { containersCheck, type ContainersFacts } from '../../src/audit/containers.js';
import { composePort, parseCompose } from '../../src/audit/containers-compose.js';
import { type ComposeReading, composeFileFact, readComposeOutput } from '../../src/audit/containers-file.js';
import { dockerContainersFact, parseDockerInspect } from '../../src/audit/containers-inspect.js';
import type { ContainerSettings } from '../../src/audit/containers-settings.js';
import { gatherFactGroups } from '../../src/engine/probe.js';
import type { AuditFinding, AuditInputs } from '../../src/engine/types.js';
import { LocalTarget } from '../../src/target/local.js';
import { HARDENED_COMPOSE, INSECURE_COMPOSE } from '../helpers/compose-files.js';
import { REPO_ROOT } from '../helpers/test-server.js';

const INPUTS: AuditInputs = { envFile: '/srv/app/.env', composeFile: undefined };
const ABSENT = { kind: 'absent' } as const;

function services(text: string): readonly ContainerSettings[] {
  const parsed = parseCompose(text);
  assert.ok('services' in parsed, JSON.stringify(parsed));
  return parsed.services;
}

function judge(facts: ContainersFacts): Record<string, AuditFinding> {
  return Object.fromEntries(containersCheck.judge(facts, INPUTS).map((finding) => [finding.id.replace('containers.', ''), finding]));
}

function fromCompose(text: string, docker: ContainersFacts['docker'] = ABSENT): Record<string, AuditFinding> {
  return judge({ compose: { kind: 'services', path: '/srv/app/docker-compose.yml', services: services(text) }, docker });
}

const statuses = (findings: Record<string, AuditFinding>) => Object.fromEntries(Object.entries(findings).map(([id, f]) => [id, f.status]));

describe('containers: a compose file judged per service', () => {
  it('fails each item on the usual mistakes and names the services that fail', () => {
    const found = fromCompose(INSECURE_COMPOSE);
    assert.deepEqual(statuses(found), { nonRoot: 'fail', capDrop: 'fail', noNewPrivileges: 'fail', readOnly: 'warn', limits: 'warn', privileged: 'fail', ports: 'fail' });
    assert.match(found.nonRoot!.evidence, /db runs as root \(user: root\); .*web sets no user:/);
    assert.match(found.privileged!.evidence, /web mounts \/var\/run\/docker\.sock/);
    assert.doesNotMatch(found.privileged!.evidence, /db/);
    assert.match(found.ports!.evidence, /db publishes 5432 \(PostgreSQL\) on every address \("5432:5432"\)/);
    assert.doesNotMatch(found.ports!.evidence, /web/, '8080 is no database port');
    assert.match(found.limits!.evidence, /db has no memory or CPU limit/);
  });

  it('passes the hardened file (anchors and merge keys resolved)', () => {
    const found = fromCompose(HARDENED_COMPOSE);
    assert.deepEqual(statuses(found), { nonRoot: 'pass', capDrop: 'pass', noNewPrivileges: 'pass', readOnly: 'pass', limits: 'pass', privileged: 'pass', ports: 'pass' });
    assert.match(found.nonRoot!.evidence, /^\/srv\/app\/docker-compose\.yml: db, web: user: set to a non-root user$/);
  });

  it('reads the forms of each setting people write', () => {
    const found = fromCompose(`services:
  a: {user: "0:0", cap_drop: [all], security_opt: [no-new-privileges], privileged: "true", read_only: "yes", mem_limit: 0, cpus: 0}
  b: {user: 0, network_mode: host, pid: host, volumes: [{type: bind, source: /run/docker.sock, target: /s}]}
  c: {user: "\${APP_UID}", privileged: false, volumes: ["/var/run/:/host-run"]}
`);
    assert.match(found.nonRoot!.evidence, /a runs as root \(user: 0:0\); .*b runs as root \(user: 0\)/);
    assert.doesNotMatch(found.capDrop!.evidence, /: a /, 'cap_drop: [all] drops everything');
    assert.doesNotMatch(found.noNewPrivileges!.evidence, /: a /);
    assert.match(found.privileged!.evidence, /a privileged: true; .*b mounts \/run\/docker\.sock, network_mode: host, pid: host; .*c mounts \/var\/run\//);
    assert.match(found.limits!.evidence, /a has no memory or CPU limit/, '0 is no limit');
  });

  it('an item set only from a variable is unknown, not pass', () => {
    const found = fromCompose('services:\n  a: {user: "${UID}:${GID}", ports: ["${DB_BIND}:5432:5432"], read_only: "${RO}"}\n');
    assert.equal(found.nonRoot!.status, 'unknown');
    assert.match(found.nonRoot!.evidence, /user: \$\{UID\}:\$\{GID\} comes from a variable/);
    assert.equal(found.ports!.status, 'unknown');
    assert.equal(found.readOnly!.status, 'unknown');
  });
});

describe('containers.ports: the forms of ports:', () => {
  const exposed = (entry: unknown) => fromCompose(`services:\n  db:\n    ports: [${JSON.stringify(entry)}]\n`).ports!.status;
  it('fails a database port on every address or a public one', () => {
    for (const entry of ['5432:5432', '0.0.0.0:5432:5432', '[::]:6379:6379', '5432', 27017, '15432:5432/tcp', '3300-3310:3300-3310', '203.0.113.7:9200:9200', { target: 5432, published: '5432' }, { target: 9001 }, '127.0.0.1:8080:8080', '9000:80']) {
      const expected = entry === '127.0.0.1:8080:8080' ? 'pass' : 'fail';
      assert.equal(exposed(entry), expected, JSON.stringify(entry));
    }
  });
  it('passes loopback only', () => {
    for (const entry of ['127.0.0.1:5432:5432', '[::1]:5432:5432', '::1:5432:5432', '127.0.0.1::5432', { target: 5432, published: 5432, host_ip: '127.0.0.1' }, '8080:80']) {
      assert.equal(exposed(entry), 'pass', JSON.stringify(entry));
    }
  });
  it('splits the short syntax', () => {
    assert.deepEqual(composePort('[::1]:5432:5432/tcp'), { address: '::1', host: { from: 5432, to: 5432 }, container: { from: 5432, to: 5432 }, text: '[::1]:5432:5432/tcp', variable: false });
    assert.deepEqual(composePort('5432'), { address: '', host: undefined, container: { from: 5432, to: 5432 }, text: '5432', variable: false });
  });
});

describe('containers: a compose file is hostile input', () => {
  it('refuses an alias bomb without expanding it', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`), 'services: {}'].join('\n');
    const started = Date.now();
    const parsed = parseCompose(bomb);
    assert.ok('reason' in parsed && /resource exhaustion|alias/i.test(parsed.reason), JSON.stringify(parsed));
    assert.ok(Date.now() - started < 2000);
  });

  it('a parse error names its kind and place, never the text (it may be another file)', () => {
    const parsed = parseCompose('root:$y$j9T$secrethash:19800:0:99999:7:::\n  daemon: [\n');
    assert.ok('reason' in parsed);
    assert.match(parsed.reason, /^not valid YAML \([A-Z_]+ at line \d+, column \d+\)$/);
    assert.doesNotMatch(parsed.reason, /secrethash|daemon/);
    assert.deepEqual(parseCompose('root:$y$j9T$secrethash:19800:0:99999:7:::\n'), { reason: 'no services: section (a mapping of services)' });
  });

  it('refuses duplicate keys, several documents, and a service that is no mapping', () => {
    assert.match((parseCompose('services:\n  a: {}\nservices:\n  b: {}\n') as { reason: string }).reason, /DUPLICATE_KEY/);
    assert.match((parseCompose('services: {}\n---\nservices: {}\n') as { reason: string }).reason, /MULTIPLE_DOCS/);
    assert.deepEqual(parseCompose('services:\n  a: [1]\n'), { reason: 'service a is not a mapping' });
  });

  it('shows no control characters from a service name', () => {
    const [service] = services('services:\n  "evil\\u001b[2Jname": {}\n');
    assert.equal(service!.name, 'evil?[2Jname');
  });
});

describe('containers: where the compose file is, and what the server shows', () => {
  it('reads the server script output: a link, hard links, too big, a file', () => {
    const base64 = Buffer.from('services: {}\n').toString('base64');
    const refused = (stdout: string) => (readComposeOutput(stdout, '/srv/app', undefined) as { reason: string }).reason;
    assert.match(refused('link docker-compose.yml\n'), /\/srv\/app\/docker-compose\.yml is a symbolic link; golive does not follow links/);
    assert.match(refused('through-link\n'), /\/srv\/app is missing or reached through a symbolic link/);
    assert.match(refused(`file compose.yaml\n2 app app 644\napp\n${base64}\n`), /has 2 names \(hard links\)/);
    assert.match(refused(`file compose.yaml\n1 app app 644\napp\n${Buffer.alloc(256 * 1024 + 1, 'a').toString('base64')}\n`), /larger than 256 KiB/);
    assert.deepEqual(readComposeOutput(`file compose.yaml\n1 app app 644\napp\n${base64}\n`, '/srv/app', undefined), { kind: 'services', path: '/srv/app/compose.yaml', services: [] });
    assert.deepEqual(readComposeOutput('none\n', '/srv/app', undefined), { kind: 'none', folder: '/srv/app', explicit: undefined });
  });

  describe('the script, run for real on a local folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'golive-compose-'));
    after(() => rmSync(folder, { recursive: true, force: true }));
    const read = async (inputs: AuditInputs) => {
      const [facts] = await gatherFactGroups(new LocalTarget(), [{ compose: composeFileFact(inputs)! }]);
      return (facts as { compose: ComposeReading }).compose;
    };

    it('takes the first of the usual names, refuses a link, and reports an empty folder', async () => {
      const inputs = { envFile: join(folder, '.env'), composeFile: undefined };
      assert.deepEqual(await read(inputs), { kind: 'none', folder, explicit: undefined });
      writeFileSync(join(folder, 'compose.yaml'), 'services:\n  web: {user: "1000"}\n');
      const found = await read(inputs);
      assert.equal(found.kind === 'services' && found.path, join(folder, 'compose.yaml'));
      writeFileSync(join(folder, 'secret'), 'root:$y$topsecret:1:0:99999:7:::\n');
      symlinkSync(join(folder, 'secret'), join(folder, 'docker-compose.yml'));
      const linked = await read(inputs);
      assert.equal(linked.kind, 'refused');
      assert.doesNotMatch(JSON.stringify(linked), /topsecret/);
      mkdirSync(join(folder, 'real'));
      symlinkSync(join(folder, 'real'), join(folder, 'through'));
      assert.match(JSON.stringify(await read({ envFile: undefined, composeFile: join(folder, 'through', 'compose.yaml') })), /reached through a symbolic link/);
      assert.deepEqual(await read({ envFile: undefined, composeFile: join(folder, 'real', 'compose.yaml') }), { kind: 'none', folder: join(folder, 'real'), explicit: join(folder, 'real', 'compose.yaml') });
    });
  });

  it('with no compose file and no container engine: pass (nothing runs in containers); unknown when golive.yml names no place', () => {
    const none = judge({ compose: { kind: 'none', folder: '/srv/app', explicit: undefined }, docker: ABSENT });
    assert.deepEqual(new Set(Object.values(none).map((f) => f.status)), new Set(['pass']));
    assert.match(none.capDrop!.evidence, /^no containers: no compose file in \/srv\/app \(docker-compose\.yml, .*\); Docker is not installed$/);
    const unset = judge({ docker: ABSENT });
    assert.deepEqual(new Set(Object.values(unset).map((f) => f.status)), new Set(['unknown']));
    assert.match(unset.capDrop!.evidence, /set audit\.composeFile or secrets\.envFile in golive\.yml/);
    assert.equal(judge({ compose: { kind: 'none', folder: '/srv/app', explicit: undefined }, docker: { kind: 'podman' } }).capDrop!.status, 'unknown');
    const explicit = judge({ compose: { kind: 'none', folder: '/srv/app', explicit: '/srv/app/stack.yml' }, docker: ABSENT });
    assert.match(explicit.capDrop!.evidence, /^no compose file at \/srv\/app\/stack\.yml \(audit\.composeFile\)$/);
    assert.equal(explicit.capDrop!.status, 'unknown');
  });

  it('a refused compose file makes the items unknown with why, unless running containers already fail them', () => {
    const reason = '/srv/app/docker-compose.yml is a symbolic link; golive does not follow links in the app\'s folder (replace it with the file itself)';
    const found = judge({ compose: { kind: 'refused', path: '/srv/app/docker-compose.yml', reason }, docker: ABSENT });
    assert.deepEqual(new Set(Object.values(found).map((f) => f.status)), new Set(['unknown']));
    assert.equal(found.nonRoot!.evidence, reason);
  });
});

describe('containers: docker inspect of the running containers', () => {
  const inspect = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'docker', 'inspect-app.json'), 'utf8');

  it('judges each running container (JSON in Docker\'s documented inspect format, written by hand)', () => {
    const found = judge({ docker: parseDockerInspect(inspect) });
    assert.deepEqual(statuses(found), { nonRoot: 'fail', capDrop: 'fail', noNewPrivileges: 'fail', readOnly: 'warn', limits: 'warn', privileged: 'fail', ports: 'fail' });
    assert.match(found.ports!.evidence, /^docker inspect \(running containers\): app-db-1 publishes 5432 \(PostgreSQL\) on every address \("0\.0\.0\.0:5432->5432\/tcp"\), 5432 \(PostgreSQL\) on every address \(":::5432->5432\/tcp"\)$/);
    assert.match(found.privileged!.evidence, /app-db-1 mounts \/var\/run\/docker\.sock$/);
    for (const finding of Object.values(found)) assert.doesNotMatch(finding.evidence, /app-web-1/, finding.id);
  });

  it('adds the running containers to the compose file\'s services; a hardened compose file with a bad container fails', () => {
    const found = fromCompose(HARDENED_COMPOSE, parseDockerInspect(inspect));
    assert.equal(found.capDrop!.status, 'fail');
    assert.match(found.capDrop!.evidence, /^docker inspect \(running containers\): app-db-1 drops no capabilities$/);
  });

  it('reads the fact\'s output: no docker, docker failing, no container', () => {
    const parse = (stdout: string, exitCode = 0, stderr = '') => dockerContainersFact.parse({ stdout, stderr, exitCode });
    assert.deepEqual(parse('absent\n'), { kind: 'absent' });
    assert.deepEqual(parse('docker\n', 1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'), { kind: 'error', reason: 'docker ps/inspect failed (exit 1): Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' });
    assert.deepEqual(parse('docker\n[]\n'), { kind: 'containers', containers: [] });
    const none = judge({ compose: { kind: 'none', folder: '/srv/app', explicit: undefined }, docker: parse('docker\n[]\n') });
    assert.match(none.ports!.evidence, /^no containers: no compose file in \/srv\/app .*; Docker runs no container$/);
  });
});
