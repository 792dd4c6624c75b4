import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tlsStep } from '../../steps/tls.js';
import { auditInputs } from '../../src/session/audit-inputs.js';
import { InputError, NotConfiguredError } from '../../src/errors.js';

const parse = (raw: unknown) => tlsStep.parseAnswers(raw, 'tls');

describe('tls answers', () => {
  it('takes a list of names, or one string split on spaces and commas, lower case', () => {
    assert.deepEqual(parse({ domains: ['App.Example.com', 'www.example.com'] }).domains, ['app.example.com', 'www.example.com']);
    assert.deepEqual(parse({ domains: 'app.example.com, www.example.com api.example.com' }).domains, ['app.example.com', 'www.example.com', 'api.example.com']);
    assert.deepEqual(parse({ domains: 'localhost' }).domains, ['localhost']);
  });

  it('refuses what is not a host name, saying what it is', () => {
    const cases: [unknown, RegExp][] = [
      ['*.example.com', /wildcard: its certificate needs the DNS challenge/],
      ['https://app.example.com', /a URL: give the host name alone, without https:\/\//],
      ['app.example.com/admin', /without a path/],
      ['app.example.com:8443', /a name with a port/],
      ['10.0.0.1', /an IP address/],
      ['[::1]', /an IP address/],
      ['app.example.com.', /no final dot/],
      ['app_example.com', /not a host name/],
      ['-app.example.com', /not a host name/],
      ['app.example.com;reboot', /not a host name/],
      ['$(id).example.com', /not a host name/],
      ['a`id`.com', /not a host name/],
      ['app.example.com\n{', /not a host name/],
      ['example.123', /last label is all digits/],
      [`${'a'.repeat(64)}.com`, /not a host name/],
      [42, /not a host name/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => parse({ domains: [value] }), (error: unknown) => error instanceof InputError && /^tls\.domains\[0\]: /.test(error.message) && message.test(error.message), String(value));
    }
    assert.throws(() => parse({ domains: [] }), /tls\.domains: expected one host name or more/);
    assert.throws(() => parse({ domains: { a: 1 } }), /tls\.domains: expected one host name or more/);
    assert.throws(() => parse({ domains: ['a.example.com', 'A.example.com'] }), /tls\.domains: a\.example\.com is listed twice/);
  });

  it('takes host:port upstreams and refuses anything else', () => {
    for (const good of ['127.0.0.1:8080', 'localhost:3000', '[::1]:8080', 'app.internal:80', '10.0.0.5:65535']) assert.equal(parse({ upstream: good }).upstream, good);
    const cases: [unknown, RegExp][] = [
      ['127.0.0.1', /is not host:port/],
      ['http://127.0.0.1:8080', /is not host:port/],
      ['127.0.0.1:8080/api', /is not host:port/],
      ['127.0.0.1:0', /is not a port/],
      ['127.0.0.1:70000', /is not a port/],
      ['localhost:3000; rm -rf /', /is not host:port/],
      ['999.0.0.1:80', /does not start with a host name or IP address/],
      ['[zz]:80', /is not host:port/],
      [8080, /is not host:port/],
    ];
    for (const [value, message] of cases) assert.throws(() => parse({ upstream: value }), (error: unknown) => error instanceof InputError && message.test(error.message), String(value));
  });

  it('takes an e-mail address and acme or internal', () => {
    assert.equal(parse({ email: 'ops+tls@example.com' }).email, 'ops+tls@example.com');
    for (const bad of ['ops', 'ops@', '@example.com', 'ops@example', 'ops @example.com', 'ops@example.com {', 'a"b@example.com', 'ops@example.com\nadmin off']) {
      assert.throws(() => parse({ email: bad }), /tls\.email: .* is not an e-mail address/, bad);
    }
    assert.equal(parse({ certificates: 'internal' }).certificates, 'internal');
    assert.throws(() => parse({ certificates: 'letsencrypt' }), /tls\.certificates: "letsencrypt" is not one of "acme", "internal"/);
  });

  it('refuses unknown keys by their full path', () => {
    assert.throws(() => parse({ domain: 'app.example.com' }), /unknown key tls\.domain/);
  });

  it('leaves the step out without domains; asks for the upstream, and for an e-mail with acme', () => {
    const facts = {} as never;
    assert.throws(() => tlsStep.resolveAnswers({}, facts, {} as never), NotConfiguredError);
    assert.throws(() => tlsStep.resolveAnswers({ domains: ['a.example.com'] }, facts, {} as never), /tls\.upstream is not set/);
    assert.throws(() => tlsStep.resolveAnswers({ domains: ['a.example.com'], upstream: '127.0.0.1:80' }, facts, {} as never), /tls\.email is not set/);
    assert.deepEqual(tlsStep.resolveAnswers({ domains: ['a.example.com'], upstream: '127.0.0.1:80', certificates: 'internal' }, facts, {} as never), { domains: ['a.example.com'], upstream: '127.0.0.1:80', certificates: 'internal' });
  });

  it("the wizard's text comes back as the answers golive.yml holds", () => {
    const question = (key: string) => tlsStep.questions.find((q) => q.key === key)!;
    assert.deepEqual(parse({ domains: question('domains').fromText('app.example.com, www.example.com') }).domains, ['app.example.com', 'www.example.com']);
    assert.equal(question('domains').toText(['a.example.com', 'b.example.com']), 'a.example.com b.example.com');
    assert.deepEqual(question('certificates').choices, ['acme', 'internal']);
  });

  it('gives the audit the first domain as its SNI name, and nothing when the answers are not valid', () => {
    assert.equal(auditInputs({ tls: { domains: ['App.example.com', 'b.example.com'] } }, { composeFile: undefined } as never).tlsServerName, 'app.example.com');
    assert.equal(auditInputs({ tls: { domains: ['*.example.com'] } }, { composeFile: undefined } as never).tlsServerName, undefined);
    assert.equal(auditInputs({}, { composeFile: undefined } as never).tlsServerName, undefined);
  });
});
