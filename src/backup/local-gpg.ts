import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { GoliveError } from '../errors.js';
import { expandHome } from '../local-path.js';

/** The private key's passphrase was needed and not given (or wrong): the caller may ask for it. */
export class PassphraseNeeded extends GoliveError {}

/**
 * Decrypts a backup on the admin's side with their private key, in a throwaway GnuPG home: the
 * admin's own keyring is never touched and the private key never goes to the server.
 */
export async function decryptLocally(encrypted: Buffer, privateKeyFile: string, passphrase?: string): Promise<Buffer> {
  const home = mkdtempSync(join(tmpdir(), 'golive-gpg-'));
  const gpg = (args: string[], input?: string) =>
    execa('gpg', ['--batch', '--no-tty', '--homedir', home, '--pinentry-mode', 'loopback', ...(input === undefined ? [] : ['--passphrase-fd', '0']), ...args], {
      input,
      encoding: 'buffer',
      reject: false,
      env: { LC_ALL: 'C' },
    });
  try {
    const imported = await gpg(['--import', expandHome(privateKeyFile)], passphrase);
    if (imported.exitCode !== 0) throw failure(`cannot import the private key ${privateKeyFile}`, imported.stderr);
    const encryptedFile = join(home, 'backup.gpg');
    writeFileSync(encryptedFile, encrypted, { mode: 0o600 });
    const decrypted = await gpg(['--decrypt', encryptedFile], passphrase ?? '');
    if (decrypted.exitCode !== 0) throw failure('cannot decrypt the backup', decrypted.stderr);
    return Buffer.from(decrypted.stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new GoliveError('gpg is not installed on this machine', 'install gnupg: the restore test decrypts here, with your private key');
    throw error;
  } finally {
    await execa('gpgconf', ['--homedir', home, '--kill', 'all'], { reject: false });
    rmSync(home, { recursive: true, force: true });
  }
}

function failure(what: string, stderr: Uint8Array): GoliveError {
  const text = Buffer.from(stderr).toString('utf8');
  if (/No passphrase given|Bad passphrase|passphrase/i.test(text)) {
    return new PassphraseNeeded(`${what}: the private key needs its passphrase`, 'run it at a terminal (or in the wizard) to be asked for it');
  }
  if (/No secret key/.test(text)) return new GoliveError(`${what}: the private key given is not the one the backup is encrypted to`);
  const lines = text.split('\n').filter((l) => l.startsWith('gpg: ') && !/keybox|trustdb|directory .* created/.test(l));
  return new GoliveError(`${what}: ${lines.slice(-2).join('; ') || 'gpg failed'}`);
}
