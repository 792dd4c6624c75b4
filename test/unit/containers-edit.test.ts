import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { containersCheck } from '../../src/audit/containers.js';
import { parseCompose } from '../../src/audit/containers-compose.js';
import type { ServiceAnswers } from '../../src/containers/answers.js';
import { hardenCompose } from '../../src/containers/compose-edit.js';
import { knownImage } from '../../src/containers/known-images.js';
import { onLoopback } from '../../src/containers/ports.js';
import { InputError } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/test-server.js';

const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/compose', name), 'utf8');
type Service = Record<string, unknown>;
const servicesOf = (text: string) => (parse(text, { merge: true }) as { services: Record<string, Service> }).services;

/** Per fixture: the answers, then what each service must hold after the edit. */
const CASES: { file: string; answers: Record<string, ServiceAnswers>; expect: Record<string, Service> }[] = [
  {
    file: 'osint-platform.yml',
    answers: { api: { user: '1000:1000' } },
    expect: {
      caddy: { cap_drop: ['ALL'], cap_add: ['NET_BIND_SERVICE'], security_opt: ['no-new-privileges:true'], mem_limit: '256m', cpus: 1, ports: ['80:80', '443:443'] },
      api: { user: '1000:1000', cap_drop: ['ALL'], ports: ['8000:8000'], build: './api' },
      worker: { cap_drop: ['ALL'], build: './api' },
      postgres: { cap_add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'], read_only: true, tmpfs: ['/tmp', '/var/run/postgresql'], mem_limit: '1g', ports: ['127.0.0.1:5432:5432'] },
      redis: { cap_add: ['CHOWN', 'SETGID', 'SETUID'], read_only: true, ports: ['127.0.0.1:6379:6379'] },
      minio: { ports: ['127.0.0.1:9000:9000', '127.0.0.1:9001:9001'] },
    },
  },
  {
    file: 'transcript-platform.yml',
    answers: { db: { user: 'postgres', memory: '2g' } },
    expect: {
      // Its cap_add is kept; as user postgres it needs nothing more.
      db: { cap_drop: ['ALL'], cap_add: ['CHOWN', 'SETUID', 'SETGID'], user: 'postgres', mem_limit: '2g', read_only: true },
      // no-new-privileges:false turned on; its deploy limits kept, no mem_limit beside them.
      app: { security_opt: ['no-new-privileges:true'], user: '1001:1001', ports: ['3000:3000'], deploy: { resources: { limits: { memory: '768M', cpus: '2' } } } },
    },
  },
  {
    file: 'forum.yml',
    answers: { web: { capAdd: ['NET_BIND_SERVICE'], readOnly: true, tmpfs: ['/app/tmp'] } },
    expect: {
      db: { cap_add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'], read_only: true },
      es: { ports: ['127.0.0.1:9200:9200'], mem_limit: '512m' },
      web: { cap_add: ['NET_BIND_SERVICE'], read_only: true, tmpfs: ['/app/tmp'], ports: ['127.0.0.1:3000:3000'] },
      sidekiq: { cap_add: ['SYS_PTRACE'], cap_drop: ['ALL'] },
    },
  },
  {
    file: 'cloud.yml',
    answers: {},
    expect: {
      mariadb: { ports: ['127.0.0.1:3306:3306', { target: 3306, published: 13306, protocol: 'tcp', host_ip: '127.0.0.1' }], cap_add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] },
      redis: { ports: ['127.0.0.1::6379'] },
      web: { ports: ['80:80'], cap_add: ['NET_BIND_SERVICE', 'CHOWN', 'SETGID', 'SETUID'] },
    },
  },
];

describe('containers: the compose file hardened', () => {
  for (const { file, answers, expect } of CASES) {
    describe(file, () => {
      const before = fixture(file);
      const after = hardenCompose(before, answers).text;
      const services = servicesOf(after);

      it('every service drops ALL and cannot gain privileges', () => {
        for (const [name, service] of Object.entries(services)) {
          assert.ok((service.cap_drop as string[]).includes('ALL'), name);
          assert.ok((service.security_opt as string[]).includes('no-new-privileges:true'), name);
        }
      });
      for (const [name, wanted] of Object.entries(expect)) {
        it(`${name} holds what was asked`, () => {
          for (const [key, value] of Object.entries(wanted)) assert.deepEqual(services[name]![key], value, `${name}.${key}`);
        });
      }
      it('keeps every comment and anchor', () => {
        const kept = (pattern: RegExp) => before.split('\n').map((line) => pattern.exec(line)?.[0]).filter(Boolean);
        for (const comment of kept(/#.*$/)) assert.ok(after.includes(comment!), comment);
        for (const anchor of kept(/[&*][\w-]+/)) assert.ok(after.includes(anchor!), anchor);
      });
      it('plans nothing more the second time', () => {
        const again = hardenCompose(after, answers);
        assert.deepEqual(again.changes, []);
        assert.equal(again.text, after);
      });
    });
  }

  it('leaves a file as it is, byte for byte, when nothing is to change', () => {
    const hardened = hardenCompose(fixture('forum.yml'), {}).text;
    assert.equal(hardenCompose(hardened, {}).text, hardened);
  });

  it('never loosens: read_only stays, an existing cap_add stays', () => {
    const text = 'services:\n  app:\n    image: x/y\n    read_only: true\n    cap_add: [KILL]\n';
    const after = servicesOf(hardenCompose(text, { app: { readOnly: false } }).text);
    assert.equal(after.app!.read_only, true);
    assert.deepEqual(after.app!.cap_add, ['KILL']);
  });

  it('refuses a service that is an alias of another, and a shared cap_add it would have to change', () => {
    assert.throws(() => hardenCompose(fixture('shared-alias.yml'), {}), (e: unknown) => e instanceof InputError && /services\.worker is an alias/.test(e.message));
    assert.throws(() => hardenCompose(fixture('shared-value-alias.yml'), {}), (e: unknown) => e instanceof InputError && /services\.api\.cap_add is an alias \(\*caps\)/.test(e.message));
  });

  it('refuses an answer for a service the file does not have, and a file that is not YAML or explodes', () => {
    assert.throws(() => hardenCompose(fixture('forum.yml'), { nope: {} }), /no service nope/);
    assert.throws(() => hardenCompose('services:\n  a: {image: x}\n  a: {image: y}\n', {}), /not valid YAML/);
    const laughs = `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`).join('\n')}\nservices: {s: {image: x}}\n`;
    assert.throws(() => hardenCompose(laughs, {}), /not readable as YAML/);
  });

  it('passes the audit\'s container items once every service has a user and read-only is asked', () => {
    const answers = { api: { user: '1000:1000', readOnly: true }, worker: { user: '1000:1000', readOnly: true }, caddy: { user: '1000:1000', readOnly: true, capAdd: ['NET_BIND_SERVICE'] }, postgres: { user: 'postgres' }, redis: { user: 'redis' }, minio: { user: '1000:1000', readOnly: true } };
    const text = hardenCompose(fixture('osint-platform.yml'), answers).text;
    const parsed = parseCompose(text);
    assert.ok('services' in parsed);
    const findings = containersCheck.judge({ compose: { kind: 'services', path: '/srv/app/docker-compose.yml', services: parsed.services }, docker: { kind: 'absent' } }, { envFile: undefined, composeFile: '/srv/app/docker-compose.yml' });
    for (const finding of findings) assert.equal(finding.status, 'pass', `${finding.id}: ${finding.evidence}`);
  });

  it('knows the official images only', () => {
    assert.equal(knownImage('postgres:16-alpine')?.label, 'PostgreSQL');
    assert.equal(knownImage('docker.io/library/redis@sha256:abc')?.label, 'Redis');
    assert.equal(knownImage('bitnami/postgresql:16'), undefined);
    assert.equal(knownImage('registry.example.com:5000/postgres'), undefined);
    assert.equal(knownImage(undefined), undefined);
  });

  for (const [text, expected] of [['5432:5432', '127.0.0.1:5432:5432'], ['0.0.0.0:5432:5432', '127.0.0.1:5432:5432'], ['[::]:5432:5432/tcp', '127.0.0.1:5432:5432/tcp'], ['5432', '127.0.0.1::5432'], ['15432:5432', '127.0.0.1:15432:5432']] as [string, string][]) {
    it(`binds ${text} to 127.0.0.1`, () => assert.equal(onLoopback(text), expected));
  }
});
