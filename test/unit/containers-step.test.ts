import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseContainersAnswers } from '../../src/containers/answers.js';
import { parseComposeFile } from '../../src/containers/compose-fact.js';
import type { ComposeFile, ComposeTool } from '../../src/containers/compose-fact.js';
import type { StepContext } from '../../src/engine/types.js';
import { GoliveError, InputError, NotConfiguredError } from '../../src/errors.js';
import { containersStep, type ContainersFacts } from '../../steps/containers.js';

const CONTEXT: StepContext = { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' };
const PATH = '/srv/app/docker-compose.yml';
const TEXT = 'services:\n  db:\n    image: redis:7\n    ports: ["6379:6379"]\n';
const file = (content: string, folderOwner = 'app'): ComposeFile => ({ kind: 'file', file: { content, owner: 'app', group: 'app', mode: 0o640 }, folderOwner });
const facts = (compose: ComposeFile, tool: ComposeTool = 'standalone'): ContainersFacts => ({ compose, tool, docker: { kind: 'absent' } });
const answers = (extra: Record<string, unknown> = {}) => containersStep.resolveAnswers(containersStep.parseAnswers({ composeFile: PATH, ...extra }, 'containers'), facts(file(TEXT)), CONTEXT);

describe('containers step: answers', () => {
  const BAD: [string, unknown, RegExp][] = [
    ['relative compose file', { composeFile: 'docker-compose.yml' }, /composeFile: "docker-compose.yml" is not an absolute path/],
    ['.. in the path', { composeFile: '/srv/app/../etc/shadow' }, /not a plain absolute path/],
    ['unknown key', { composeFile: PATH, restrat: true }, /unknown key containers\.restrat/],
    ['unknown service key', { services: { db: { capadd: [] } } }, /unknown key containers\.services\.db\.capadd/],
    ['not a capability', { services: { db: { capAdd: ['NET_BIND'] } } }, /capAdd\[0\]: "NET_BIND" is not a Linux capability/],
    ['ALL given back', { services: { db: { capAdd: ['ALL'] } } }, /ALL gives back every capability/],
    ['root user', { services: { db: { user: '0:0' } } }, /user: 0:0 is root/],
    ['a user with a shell in it', { services: { db: { user: '1000;id' } } }, /is not a user for a container/],
    ['memory without a unit', { services: { db: { memory: '512' } } }, /memory: "512" is not a memory size/],
    ['memory below Docker\'s minimum', { services: { db: { memory: '1m' } } }, /is not a memory size/],
    ['cpus zero', { services: { db: { cpus: 0 } } }, /cpus: 0 is not a number of CPUs/],
    ['relative tmpfs', { services: { db: { tmpfs: ['tmp'] } } }, /tmpfs\[0\]: "tmp" is not an absolute path/],
    ['tmpfs with options', { services: { db: { tmpfs: ['/tmp:exec'] } } }, /is not an absolute path in the container/],
    ['restart not a boolean', { restart: 'sometimes' }, /restart/],
    ['a bad service name', { services: { 'db;x': {} } }, /is not a compose service name/],
  ];
  for (const [what, raw, message] of BAD) {
    it(`refuses ${what}`, () => assert.throws(() => parseContainersAnswers(raw, 'containers'), (e: unknown) => e instanceof InputError && message.test(e.message)));
  }

  it('takes capabilities as Docker spells them, users, sizes and CPUs', () => {
    const parsed = parseContainersAnswers({ composeFile: PATH, restart: true, services: { db: { capAdd: ['cap_chown', 'SETUID'], user: '999:999', memory: '1.5G', cpus: '0.5', readOnly: true, tmpfs: ['/run'] } } }, 'containers');
    assert.deepEqual(parsed.services!.db, { capAdd: ['CHOWN', 'SETUID'], user: '999:999', memory: '1.5g', cpus: 0.5, readOnly: true, tmpfs: ['/run'] });
    assert.equal(parsed.restart, true);
  });

  it('needs composeFile: the step cannot see secrets.envFile', () => {
    assert.throws(() => containersStep.resolveAnswers({}, facts(file(TEXT)), CONTEXT), NotConfiguredError);
  });
});

describe('containers step: plan', () => {
  it('edits the file with its owner and mode, validated by compose as the folder\'s owner', () => {
    const plan = containersStep.plan(facts(file(TEXT)), answers(), CONTEXT);
    const change = plan.changes[0]!;
    assert.ok(change.kind === 'file');
    assert.deepEqual({ ...change.after, content: '' }, { content: '', owner: 'app', group: 'app', mode: 0o640 });
    assert.match(change.after.content, /127\.0\.0\.1:6379:6379/);
    assert.deepEqual(plan.validations[0]!.argv, ['runuser', '-u', 'app', '--', 'env', '-i', '--chdir=/srv/app', 'PATH=/usr/local/bin:/usr/bin:/bin', 'docker-compose', '--project-directory', '/srv/app', '-f', PATH, 'config', '-q']);
    assert.deepEqual(plan.reloads, []);
  });

  it('validates as the file\'s owner when root owns the folder; with the plugin where Docker has it', () => {
    const plan = containersStep.plan(facts(file(TEXT, 'root'), 'plugin'), answers(), CONTEXT);
    assert.deepEqual(plan.validations[0]!.argv.slice(0, 3), ['runuser', '-u', 'app']);
    assert.ok(plan.validations[0]!.argv.includes('compose'));
  });

  it('restart: up -d after, and again after a rollback; refused where no compose exists', () => {
    const plan = containersStep.plan(facts(file(TEXT), 'plugin'), answers({ restart: true }), CONTEXT);
    const up = ['docker', 'compose', '--project-directory', '/srv/app', '-f', PATH, 'up', '-d'];
    assert.deepEqual(plan.reloads, [up]);
    assert.deepEqual(plan.undo, [up]);
    assert.match(plan.notes.join('\n'), /the app restarts/);
    assert.throws(() => containersStep.plan(facts(file(TEXT), 'none'), answers({ restart: true }), CONTEXT), /neither docker compose nor docker-compose/);
  });

  it('without any compose tool: writes the file unvalidated and says so', () => {
    const plan = containersStep.plan(facts(file(TEXT), 'none'), answers(), CONTEXT);
    assert.equal(plan.changes.length, 1);
    assert.deepEqual(plan.validations, []);
    assert.match(plan.notes.join('\n'), /cannot be validated here/);
  });

  it('a second plan after apply is empty, and verify passes', () => {
    const first = containersStep.plan(facts(file(TEXT)), answers(), CONTEXT);
    const after = first.changes[0]!.kind === 'file' ? first.changes[0]!.after.content : '';
    const second = containersStep.plan(facts(file(after)), answers(), CONTEXT);
    assert.deepEqual(second.changes, []);
    for (const check of containersStep.verify(facts(file(after)), answers(), CONTEXT)) assert.ok(check.ok, `${check.name}: ${check.detail}`);
    assert.ok(containersStep.verify(facts(file(TEXT)), answers(), CONTEXT).some((check) => !check.ok));
  });

  it('refuses a missing file, a link, a hard link, a large file', () => {
    assert.throws(() => containersStep.plan(facts({ kind: 'absent' }), answers(), CONTEXT), (e: unknown) => e instanceof GoliveError && /no compose file at/.test(e.message));
    const read = (stdout: string) => parseComposeFile(stdout, PATH);
    assert.match(JSON.stringify(read('link docker-compose.yml\n')), /is a symbolic link/);
    assert.match(JSON.stringify(read('through-link\n')), /reached through a symbolic link/);
    assert.match(JSON.stringify(read('file docker-compose.yml\n2 app app 640\napp\n\n')), /2 names \(hard links\)/);
    assert.match(JSON.stringify(read(`file docker-compose.yml\n1 app app 640\napp\n${Buffer.alloc(300 * 1024).toString('base64')}\n`)), /larger than 256 KiB/);
    assert.deepEqual(read(`file docker-compose.yml\n1 app app 640\nroot\n${Buffer.from(TEXT).toString('base64')}\n`), file(TEXT, 'root'));
    assert.throws(() => containersStep.plan(facts(read('link docker-compose.yml\n')), answers(), CONTEXT), /golive does not follow links/);
  });
});
