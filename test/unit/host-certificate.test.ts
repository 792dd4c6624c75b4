import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkHostCertificate, checkHostCertificates, parseCertificate } from '../../src/target/host-certificate.js';
import { certifiedKeyType, parseKeyscanCertificates } from '../../src/target/keyscan.js';

// Certificates made by OpenSSH's own ssh-keygen, so the parser and the checks meet the real format.
const dir = mkdtempSync(join(tmpdir(), 'golive-cert-'));
let serial = 0;

function newKey(name: string, type: string, bits?: number): Buffer {
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-f', join(dir, name)]);
  return blobOf(join(dir, `${name}.pub`));
}

function blobOf(file: string): Buffer {
  return Buffer.from(readFileSync(file, 'utf8').split(' ')[1]!, 'base64');
}

/** Signs host key `key` with CA `ca`; `extra` are ssh-keygen options (-n, -V, -O, -t). */
function certify(ca: string, key: string, extra: readonly string[] = ['-h', '-n', 'web1.example.com']): Buffer {
  serial += 1;
  const copy = join(dir, `${key}-${serial}`);
  execFileSync('cp', [join(dir, `${key}.pub`), `${copy}.pub`]);
  execFileSync('ssh-keygen', ['-q', '-s', join(dir, ca), '-I', `test-${serial}`, ...extra, `${copy}.pub`]);
  return blobOf(`${copy}-cert.pub`);
}

const caEd25519 = newKey('ca-ed25519', 'ed25519');
const caRsa = newKey('ca-rsa', 'rsa', 2048);
const caEcdsa = { 256: newKey('ca-ecdsa256', 'ecdsa', 256), 384: newKey('ca-ecdsa384', 'ecdsa', 384), 521: newKey('ca-ecdsa521', 'ecdsa', 521) };
const otherCa = newKey('ca-other', 'ed25519');
const hostEd25519 = newKey('host-ed25519', 'ed25519');
const hostRsa = newKey('host-rsa', 'rsa', 2048);
const hostEcdsa = newKey('host-ecdsa', 'ecdsa', 256);
const authorities = [caEd25519, caRsa, caEcdsa[256], caEcdsa[384], caEcdsa[521]];

function check(cert: Buffer, presentedKey = hostEd25519, hostName = 'web1.example.com') {
  return checkHostCertificate(cert, { presentedKey, hostName, authorities, now: new Date() });
}

describe('host certificates', () => {
  it('reads what ssh-keygen signed: the certified key, principals, validity', () => {
    const cert = parseCertificate(certify('ca-ed25519', 'host-ed25519', ['-h', '-n', 'a.example,b.example', '-V', '20300101000000Z:20300201000000Z']));
    assert.ok(cert.certifiedKey.equals(hostEd25519));
    assert.deepEqual(cert.principals, ['a.example', 'b.example']);
    assert.equal(cert.type, 2);
    assert.equal(cert.validAfter, BigInt(Date.UTC(2030, 0, 1) / 1000));
    assert.equal(cert.validBefore, BigInt(Date.UTC(2030, 1, 1) / 1000));
    assert.ok(cert.signatureKey.equals(caEd25519));
  });

  it('accepts host keys of every type signed by ed25519, RSA (SHA-2) and ECDSA authorities', () => {
    for (const key of ['host-ed25519', 'host-rsa', 'host-ecdsa'] as const) {
      const presented = { 'host-ed25519': hostEd25519, 'host-rsa': hostRsa, 'host-ecdsa': hostEcdsa }[key];
      for (const ca of ['ca-ed25519', 'ca-ecdsa256', 'ca-ecdsa384', 'ca-ecdsa521']) {
        assert.deepEqual(check(certify(ca, key), presented).ok, true, `${ca} signing ${key}`);
      }
      for (const algorithm of ['rsa-sha2-256', 'rsa-sha2-512']) {
        assert.equal(check(certify('ca-rsa', key, ['-h', '-n', 'web1.example.com', '-t', algorithm]), presented).ok, true, `${algorithm} signing ${key}`);
      }
    }
  });

  it('refuses what OpenSSH refuses, each with its reason', () => {
    const cases: [string, Buffer, RegExp][] = [
      ['another principal', certify('ca-ed25519', 'host-ed25519', ['-h', '-n', 'web2.example.com']), /names web2\.example\.com, not web1\.example\.com/],
      ['a user certificate', certify('ca-ed25519', 'host-ed25519', ['-n', 'web1.example.com']), /not a host certificate/],
      ['an expired one', certify('ca-ed25519', 'host-ed25519', ['-h', '-n', 'web1.example.com', '-V', '20200101:20200201']), /expired \(2020-02-0/],
      ['one not valid yet', certify('ca-ed25519', 'host-ed25519', ['-h', '-n', 'web1.example.com', '-V', '+1d:+2d']), /not valid yet/],
      ['one from an untrusted CA', certify('ca-other', 'host-ed25519'), /signed by CA SHA256:\S+, which no @cert-authority line trusts/],
      ['one with critical options', certify('ca-ed25519', 'host-ed25519', ['-h', '-n', 'web1.example.com', '-O', 'critical:x=y']), /critical options/],
      ['an RSA signature with SHA-1', certify('ca-rsa', 'host-ed25519', ['-h', '-n', 'web1.example.com', '-t', 'ssh-rsa']), /ssh-rsa key signing with ssh-rsa is not an algorithm/],
    ];
    for (const [what, cert, reason] of cases) {
      const result = check(cert);
      assert.equal(result.ok, false, what);
      assert.match(result.ok ? '' : result.reason, reason, what);
    }
  });

  it('compares principals with the lower-case host name, exactly, and takes a certificate without principals for any host', () => {
    assert.equal(check(certify('ca-ed25519', 'host-ed25519', ['-h', '-n', 'Web1.Example.com'])).ok, false);
    assert.equal(check(certify('ca-ed25519', 'host-ed25519', ['-h', '-n', '*.example.com'])).ok, false);
    assert.equal(check(certify('ca-ed25519', 'host-ed25519', ['-h'])).ok, true);
  });

  it('refuses a certificate for another key than the one presented, and one whose signed part was altered', () => {
    const result = check(certify('ca-ed25519', 'host-rsa'));
    assert.match(result.ok ? '' : result.reason, /certificate is for another key/);
    const altered = Buffer.from(certify('ca-ed25519', 'host-ed25519'));
    const keyId = altered.indexOf('test-');
    altered[keyId] = 'T'.charCodeAt(0);
    const tampered = check(altered);
    assert.match(tampered.ok ? '' : tampered.reason, /signature is not valid/);
    const truncated = check(altered.subarray(0, altered.length - 10));
    assert.match(truncated.ok ? '' : truncated.reason, /cannot be read/);
  });

  it('among several certificates uses the one for the presented key, and says when there is none', () => {
    const question = { presentedKey: hostEd25519, hostName: 'web1.example.com', authorities, now: new Date() };
    assert.equal(checkHostCertificates([certify('ca-ed25519', 'host-rsa'), certify('ca-ed25519', 'host-ed25519')], question).ok, true);
    const wrongName = checkHostCertificates([certify('ca-ed25519', 'host-rsa'), certify('ca-ed25519', 'host-ed25519', ['-h', '-n', 'x'])], question);
    assert.match(wrongName.ok ? '' : wrongName.reason, /names x, not web1/);
    const none = checkHostCertificates([], question);
    assert.match(none.ok ? '' : none.reason, /offers no host certificate/);
    assert.equal(checkHostCertificates([certify('ca-other', 'host-ed25519')], { ...question, authorities: [otherCa] }).ok, true);
  });

  it('reads certificates out of ssh-keyscan -c output (as OpenSSH 9.2 prints it: no host field)', () => {
    const cert = certify('ca-ed25519', 'host-rsa');
    const output = `ssh-rsa-cert-v01@openssh.com ${cert.toString('base64')}\n# 10.77.45.2:22 SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\n\n`;
    const found = parseKeyscanCertificates(output);
    assert.equal(found.length, 1);
    assert.ok(found[0]!.equals(cert));
    assert.equal(certifiedKeyType(found[0]!), 'ssh-rsa');
    assert.equal(parseKeyscanCertificates(`10.0.0.2 ${output}`).length, 1);
    assert.deepEqual(parseKeyscanCertificates(`10.0.0.2 ssh-ed25519 ${hostEd25519.toString('base64')}\n`), []);
  });
});
