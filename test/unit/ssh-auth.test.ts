import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Interaction, nobodyToAsk } from '../../src/interaction.js';
import { loadCredentials } from '../../src/target/ssh-auth.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-auth-'));
const encrypted = join(dir, 'encrypted');
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret phrase', '-f', encrypted]);

const answering = (passphrase: string): Interaction & { asked: string[] } => {
  const asked: string[] = [];
  return { canAsk: true, asked, confirm: async () => true, askSecret: async (question) => (asked.push(question), passphrase) };
};

describe('loading the identity', () => {
  it('asks for the passphrase of an encrypted key, once', async () => {
    const person = answering('secret phrase');
    const credentials = await loadCredentials(encrypted, person, undefined);
    assert.equal(credentials.passphrase, 'secret phrase');
    assert.deepEqual(person.asked, [`passphrase for ${encrypted}: `]);
  });

  it('refuses a wrong passphrase without echoing it', async () => {
    await assert.rejects(loadCredentials(encrypted, answering('wrong guess'), undefined), (error: Error) => /is not a usable private key/.test(error.message) && !error.message.includes('wrong guess'));
  });

  it('says what to do with an encrypted key when nobody can type the passphrase', async () => {
    await assert.rejects(loadCredentials(encrypted, nobodyToAsk, undefined), /is encrypted and nobody is here to type its passphrase/);
  });

  it('refuses unreadable files and public keys clearly', async () => {
    await assert.rejects(loadCredentials(join(dir, 'missing'), nobodyToAsk, undefined), /--identity: cannot read .*missing: ENOENT/);
    await assert.rejects(loadCredentials(`${encrypted}.pub`, nobodyToAsk, undefined), /holds a public key|not a usable private key/);
    const locked = join(dir, 'locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', locked]);
    chmodSync(locked, 0o000);
    if (process.getuid?.() !== 0) await assert.rejects(loadCredentials(locked, nobodyToAsk, undefined), /EACCES/);
  });
});
