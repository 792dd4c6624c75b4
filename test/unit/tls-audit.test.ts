import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Certificate, judgeCertificate, parseOpensslDate } from '../../src/audit/tls-certificate.js';
import { type Handshake, parseHandshake } from '../../src/audit/tls-handshake.js';
import { hstsMaxAge, judgeHsts, parseHttpHead } from '../../src/audit/tls-hsts.js';
import { tlsCheck, type TlsFacts } from '../../src/audit/tls.js';
import type { ProbeOutput } from '../../src/engine/types.js';
import { GoliveError } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/test-server.js';
import { readOutput } from '../helpers/facts.js';

/**
 * Output of the TLS facts' own commands, captured on a Debian 12 test server: nothing on 443,
 * Caddy 2.6 with `tls internal` and HSTS, `openssl s_server` accepting TLS 1.0/1.1 with a self-signed
 * certificate, a plain HTTP server on 443, and Caddy asked for a name it does not serve.
 */
type Captured = Record<string, ProbeOutput>;
const captured = (name: string): Captured => JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'debian12', 'tls', `${name}.json`), 'utf8')) as Captured;

const HOUR = 3600;
const DAY = 24 * HOUR;

/** The check's facts, parsed by its own parsers from a capture; the rest given. */
function factsFrom(name: string, rest: { caddyActive?: boolean; certbotTimerEnabled?: boolean; certbotCron?: boolean; now?: number } = {}): TlsFacts {
  const outputs = captured(name);
  const facts = tlsCheck.facts({ envFile: undefined, composeFile: undefined });
  const parse = <K extends keyof TlsFacts>(key: K) => readOutput(facts[key], outputs[key]!);
  const certificate = parse('certificate');
  return {
    handshake: parse('handshake'),
    tls1: parse('tls1'),
    tls1_1: parse('tls1_1'),
    tls1_2: parse('tls1_2'),
    tls1_3: parse('tls1_3'),
    certificate,
    caBundle: false,
    now: rest.now ?? (certificate ? certificate.notBefore + HOUR : 0),
    head: parse('head'),
    caddyActive: rest.caddyActive ?? false,
    certbotTimerEnabled: rest.certbotTimerEnabled ?? false,
    certbotCron: rest.certbotCron ?? false,
  };
}

const statuses = (facts: TlsFacts) => Object.fromEntries(tlsCheck.judge(facts, { envFile: undefined, composeFile: undefined }).map((f) => [f.id, f.status]));

describe('TLS audit, judged from captured openssl output', () => {
  it('nothing on 443: tls.https fails, the items that need a session are unknown', () => {
    const facts = factsFrom('nothing-listens');
    assert.equal(facts.handshake.state, 'closed');
    assert.equal(facts.certificate, null);
    assert.deepEqual(statuses(facts), { 'tls.https': 'fail', 'tls.protocols': 'unknown', 'tls.certificate': 'unknown', 'tls.hsts': 'unknown', 'tls.renewal': 'unknown' });
    assert.match(tlsCheck.judge(facts, { envFile: undefined, composeFile: undefined })[0]!.evidence, /nothing listens on 127\.0\.0\.1:443/);
  });

  it('Caddy with its internal CA and HSTS: all pass but the certificate, which does not verify (warn)', () => {
    const facts = factsFrom('caddy-internal', { caddyActive: true });
    assert.deepEqual(statuses(facts), { 'tls.https': 'pass', 'tls.protocols': 'pass', 'tls.certificate': 'warn', 'tls.hsts': 'pass', 'tls.renewal': 'pass' });
    const [https, protocols, certificate] = tlsCheck.judge(facts, { envFile: undefined, composeFile: undefined });
    assert.match(https!.evidence, /TLSv1\.3/);
    assert.match(protocols!.evidence, /TLS 1\.0 refused: tlsv1 alert protocol version; TLS 1\.1 refused: tlsv1 alert protocol version; TLS 1\.2 accepted/);
    assert.match(certificate!.evidence, /Caddy Local Authority.*unable to get local issuer certificate.*no CA bundle/);
    assert.deepEqual(facts.certificate && { names: facts.certificate.names, notAfter: facts.certificate.notAfter - facts.certificate.notBefore }, { names: 'DNS:localhost', notAfter: 12 * HOUR });
  });

  it('an old OpenSSL server: TLS 1.0 and 1.1 accepted (fail), no HSTS (fail), nothing renews (warn)', () => {
    const facts = factsFrom('old-openssl-server');
    assert.deepEqual(statuses(facts), { 'tls.https': 'pass', 'tls.protocols': 'fail', 'tls.certificate': 'warn', 'tls.hsts': 'fail', 'tls.renewal': 'warn' });
    const [, protocols, certificate] = tlsCheck.judge(facts, { envFile: undefined, composeFile: undefined });
    assert.match(protocols!.evidence, /^TLS 1\.0 and TLS 1\.1 accepted/);
    assert.match(certificate!.evidence, /self-signed certificate/);
  });

  it('a certbot timer or cron job counts as renewal', () => {
    assert.equal(statuses(factsFrom('old-openssl-server', { certbotTimerEnabled: true }))['tls.renewal'], 'pass');
    assert.equal(statuses(factsFrom('old-openssl-server', { certbotCron: true }))['tls.renewal'], 'pass');
  });

  it('plain HTTP on 443 is no TLS (fail); a TLS server refusing our name is unknown, not a fail', () => {
    assert.deepEqual(parseHandshake(captured('plain-http').handshake!), { state: 'not-tls', reason: 'wrong version number' });
    assert.equal(statuses(factsFrom('plain-http'))['tls.https'], 'fail');
    const other = parseHandshake(captured('caddy-other-name').handshake!);
    assert.deepEqual(other, { state: 'refused', reason: 'tlsv1 alert internal error' });
    assert.equal(statuses({ ...factsFrom('caddy-internal'), handshake: other })['tls.https'], 'unknown');
  });

  it('a missing openssl makes the check unreadable, with why', () => {
    const missing = { exitCode: 127, stdout: '', stderr: "timeout: failed to run command 'openssl': No such file or directory\n" };
    assert.throws(() => parseHandshake(missing), (error: unknown) => error instanceof GoliveError && /openssl is not installed/.test(error.message));
  });
});

describe('TLS certificate expiry', () => {
  const done: Handshake = { state: 'done', protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', verifyCode: 0, verifyText: 'ok' };
  const ninetyDays: Certificate = { subject: 'CN = app.example.com', issuer: "C = US, O = Let's Encrypt, CN = R11", notBefore: 1_700_000_000, notAfter: 1_700_000_000 + 90 * DAY, names: 'DNS:app.example.com' };
  const at = (certificate: Certificate, left: number, handshake = done) => judgeCertificate({ handshake, certificate, caBundle: true, now: certificate.notAfter - left }).status;

  it('reads openssl dates', () => {
    assert.equal(parseOpensslDate('Dec  1 07:21:50 2026 GMT'), Date.UTC(2026, 11, 1, 7, 21, 50) / 1000);
    assert.ok(Number.isNaN(parseOpensslDate('1 Dec 2026')));
  });

  it('a 90-day certificate: pass from 30 days left, warn under 30, fail under 14 and when expired', () => {
    assert.equal(at(ninetyDays, 31 * DAY), 'pass');
    assert.equal(at(ninetyDays, 29 * DAY), 'warn');
    assert.equal(at(ninetyDays, 13 * DAY), 'fail');
    assert.equal(at(ninetyDays, -1), 'fail');
  });

  it('a short-lived certificate is judged on its own life: 12 hours, warn under 4 hours, fail under 2', () => {
    const twelveHours = { ...ninetyDays, notAfter: ninetyDays.notBefore + 12 * HOUR };
    assert.equal(at(twelveHours, 11 * HOUR), 'pass');
    assert.equal(at(twelveHours, 3 * HOUR), 'warn');
    assert.equal(at(twelveHours, HOUR), 'fail');
  });

  it('one that does not verify warns, unless expiry makes it fail', () => {
    const selfSigned: Handshake = { ...done, verifyCode: 18, verifyText: 'self-signed certificate' };
    assert.equal(at(ninetyDays, 60 * DAY, selfSigned), 'warn');
    assert.equal(at(ninetyDays, DAY, selfSigned), 'fail');
  });
});

describe('HSTS', () => {
  const done: Handshake = { state: 'done', protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', verifyCode: 0, verifyText: 'ok' };
  const judge = (header: string | undefined) => judgeHsts(done, parseHttpHead(`HTTP/1.1 200 OK\nServer: x\n${header === undefined ? '' : `${header}\n`}\n`)).status;

  it('reads max-age, quoted or not, among other directives', () => {
    assert.equal(hstsMaxAge('max-age=31536000; includeSubDomains; preload'), 31536000);
    assert.equal(hstsMaxAge('includeSubDomains; max-age="15552000"'), 15552000);
    assert.equal(hstsMaxAge('includeSubDomains'), undefined);
    assert.equal(hstsMaxAge('x-max-age=9'), undefined);
  });

  it('passes from 180 days, fails when shorter, missing or without max-age', () => {
    assert.equal(judge('strict-transport-security: max-age=15552000'), 'pass');
    assert.equal(judge('Strict-Transport-Security: max-age=86400'), 'fail');
    assert.equal(judge('Strict-Transport-Security: includeSubDomains'), 'fail');
    assert.equal(judge(undefined), 'fail');
  });

  it('no HTTP answer at all is unknown', () => {
    assert.equal(judgeHsts(done, parseHttpHead('')).status, 'unknown');
  });
});
