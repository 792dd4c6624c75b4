import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fingerprintOf, KnownHosts } from '../../src/target/known-hosts.js';

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
});
