import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { findRecipient, readArmoredPublicKeys } from '../../src/backup/openpgp.js';
import { type GpgKeyPair, makeGpgKeyPair } from '../helpers/gpg-keys.js';

describe('reading an armored public key', () => {
  let pair: GpgKeyPair;
  before(() => {
    pair = makeGpgKeyPair('reader@example.com');
  });

  it('finds the fingerprints and user IDs gpg itself reports', () => {
    const [key, ...rest] = readArmoredPublicKeys(readFileSync(pair.publicKeyFile, 'utf8'));
    assert.equal(rest.length, 0);
    const fromGpg = execFileSync('gpg', ['--batch', '--with-colons', '--show-keys', pair.publicKeyFile], { env: { LC_ALL: 'C', PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('fpr:'))
      .map((l) => l.split(':')[9]);
    assert.deepEqual(key!.keyFingerprints, fromGpg);
    assert.equal(key!.fingerprint, pair.fingerprint);
    assert.deepEqual(key!.userIds, ['Backup Test <reader@example.com>']);
  });

  it('matches a recipient by e-mail, fingerprint or long key ID of the key or a subkey', () => {
    const keys = readArmoredPublicKeys(readFileSync(pair.publicKeyFile, 'utf8'));
    const subkey = keys[0]!.keyFingerprints[1]!;
    for (const recipient of ['reader@example.com', '<READER@example.com>', pair.fingerprint, pair.fingerprint.toLowerCase(), `0x${subkey.slice(-16)}`, subkey]) {
      assert.equal(findRecipient(keys, recipient).length, 1, recipient);
    }
    for (const recipient of ['someone@example.com', 'example.com', 'A'.repeat(40)]) assert.equal(findRecipient(keys, recipient).length, 0, recipient);
  });

  it('refuses private keys, damaged armor and text that is no key', () => {
    assert.throws(() => readArmoredPublicKeys(readFileSync(pair.privateKeyFile, 'utf8')), /PRIVATE key/);
    assert.throws(() => readArmoredPublicKeys('ssh-ed25519 AAAAC3Nza... me@laptop'), /not an armored OpenPGP key/);
    const armored = readFileSync(pair.publicKeyFile, 'utf8');
    assert.throws(() => readArmoredPublicKeys(armored.replace(/\n([A-Za-z0-9+/]{20})/, '\n$1!!')), /damaged/);
    const cut = armored.split('\n');
    assert.throws(() => readArmoredPublicKeys([...cut.slice(0, 4), ...cut.slice(-3)].join('\n')), /cut short|damaged|bad packet/);
  });
});
