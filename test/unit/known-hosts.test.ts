import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fingerprintOf, KnownHosts } from '../../src/target/known-hosts.js';

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').trim().split('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'golive-kh-'));
function newKey(name: string): { line: string; blob: Buffer } {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  const [type, base64] = readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ');
  return { line: `${type} ${base64}`, blob: Buffer.from(base64!, 'base64') };
}
const server = newKey('server');
const other = newKey('other');

describe('known_hosts', () => {
  it('knows plain entries, with [host]:port for other ports', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, `# comment\n10.0.0.2 ${server.line}\n[10.0.0.3]:2222 ${server.line}\n`);
    const hosts = new KnownHosts(file);
    assert.equal(hosts.verify('10.0.0.2', 22, server.blob).status, 'known');
    assert.equal(hosts.verify('10.0.0.3', 2222, server.blob).status, 'known');
    assert.equal(hosts.verify('10.0.0.3', 22, server.blob).status, 'unknown');
  });

  it('knows entries hashed by ssh-keygen -H', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `10.0.0.2 ${server.line}\n[10.0.0.3]:2222 ${server.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    assert.match(readFileSync(file, 'utf8'), /^\|1\|/);
    const hosts = new KnownHosts(file);
    assert.equal(hosts.verify('10.0.0.2', 22, server.blob).status, 'known');
    assert.equal(hosts.verify('10.0.0.3', 2222, server.blob).status, 'known');
    assert.equal(hosts.verify('10.0.0.2', 22, other.blob).status, 'changed');
  });

  it('calls a different key for a known host changed, and a revoked one revoked', () => {
    const file = join(dir, 'changed');
    writeFileSync(file, `server.example,10.0.0.2 ${other.line}\n@revoked * ${newKey('bad').line}\n`);
    const hosts = new KnownHosts(file);
    assert.deepEqual(hosts.verify('10.0.0.2', 22, server.blob), { status: 'changed', knownTypes: ['ssh-ed25519'] });
    const bad = Buffer.from(readFileSync(join(dir, 'bad.pub'), 'utf8').split(' ')[1]!, 'base64');
    assert.equal(hosts.verify('anything', 22, bad).status, 'revoked');
  });

  it('honours wildcards and negation', () => {
    const file = join(dir, 'wild');
    writeFileSync(file, `*.example.com,!evil.example.com ${server.line}\n`);
    const hosts = new KnownHosts(file);
    assert.equal(hosts.verify('a.example.com', 22, server.blob).status, 'known');
    assert.equal(hosts.verify('evil.example.com', 22, server.blob).status, 'unknown');
  });

  it('records an accepted key in a form ssh itself reads, and prints the SHA256 fingerprint ssh-keygen does', () => {
    const file = join(dir, 'recorded');
    new KnownHosts(file).record('10.0.0.9', 2222, server.blob);
    assert.equal(new KnownHosts(file).verify('10.0.0.9', 2222, server.blob).status, 'known');
    const found = execFileSync('ssh-keygen', ['-F', '[10.0.0.9]:2222', '-f', file]).toString();
    assert.match(found, /ssh-ed25519/);
    const expected = execFileSync('ssh-keygen', ['-l', '-f', join(dir, 'server.pub')]).toString().split(' ')[1];
    assert.equal(fingerprintOf(server.blob), expected);
  });

  it('looks host names up in lower case, as ssh does, in hashed and plain entries', () => {
    const file = join(dir, 'cased');
    writeFileSync(file, `web1.example.com ${server.line}\n[localhost]:2222 ${other.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const hosts = new KnownHosts(file);
    assert.equal(hosts.verify('Web1.Example.COM', 22, server.blob).status, 'known');
    assert.deepEqual(hosts.verify('LocalHost', 2222, server.blob), { status: 'changed', knownTypes: ['ssh-ed25519'] });
    writeFileSync(file, `Web1.Example.com ${server.line}\n`);
    assert.equal(new KnownHosts(file).verify('WEB1.example.com', 22, server.blob).status, 'known');
  });

  it('records the host name in lower case, found by ssh-keygen -F under that name', () => {
    const file = join(dir, 'recorded-cased');
    new KnownHosts(file).record('Web1.Example.COM', 2222, server.blob);
    assert.deepEqual(lines(file), [`[web1.example.com]:2222 ${server.line.trim()}`]);
    assert.match(execFileSync('ssh-keygen', ['-F', '[web1.example.com]:2222', '-f', file]).toString(), /found: line 1/);
  });

  it('records a hashed entry into a file of hashed entries, which ssh-keygen -F finds', () => {
    const file = join(dir, 'recorded-hashed');
    writeFileSync(file, `other.example ${other.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    new KnownHosts(file).record('LocalHost', 2222, server.blob);
    const [, recorded] = lines(file);
    const [hostField, type, base64] = recorded!.split(' ');
    const [, magic, salt, hash] = hostField!.split('|');
    assert.equal(magic, '1');
    assert.equal(Buffer.from(salt!, 'base64').length, 20);
    assert.equal(Buffer.from(hash!, 'base64').length, 20);
    assert.equal(`${type} ${base64}`, server.line.trim());
    assert.doesNotMatch(readFileSync(file, 'utf8'), /localhost/i);
    const found = execFileSync('ssh-keygen', ['-F', '[localhost]:2222', '-f', file]).toString();
    assert.match(found, /found: line 2/);
    assert.equal(new KnownHosts(file).verify('localhost', 2222, server.blob).status, 'known');
    new KnownHosts(file).record('web9', 22, other.blob);
    assert.notEqual(lines(file)[2]!.split('|')[2], salt, 'each entry has its own salt');
  });

  it('sends a host named by @cert-authority lines to the certificate check, never to "unknown"', () => {
    const file = join(dir, 'authority');
    const ca = newKey('ca');
    const revokedCa = newKey('revoked-ca');
    writeFileSync(file, `@cert-authority *.example.com ${ca.line}\n@cert-authority *.example.com ${revokedCa.line}\n@revoked * ${revokedCa.line}\nold.example.com ${other.line}\n`);
    const hosts = new KnownHosts(file);
    assert.deepEqual(hosts.verify('New.Example.com', 22, server.blob), { status: 'certify', authorities: [ca.blob], knownTypes: [] });
    assert.deepEqual(hosts.verify('old.example.com', 22, server.blob), { status: 'certify', authorities: [ca.blob], knownTypes: ['ssh-ed25519'] });
    assert.equal(hosts.verify('old.example.com', 22, other.blob).status, 'known');
    assert.equal(hosts.hasAuthorities('web.example.com', 22), true);
    assert.equal(hosts.hasAuthorities('web.example.org', 22), false);
    writeFileSync(file, `@cert-authority *.example.com ${revokedCa.line}\n@revoked * ${revokedCa.line}\n`);
    assert.deepEqual(new KnownHosts(file).verify('a.example.com', 22, server.blob), { status: 'certify', authorities: [], knownTypes: [] });
  });
});
