import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GpgKeyPair {
  readonly email: string;
  readonly fingerprint: string;
  readonly publicKeyFile: string;
  readonly privateKeyFile: string;
}

/** A fresh key pair, like an admin's backup key, in a throwaway GnuPG home; protected when a passphrase is given. */
export function makeGpgKeyPair(email: string, passphrase = ''): GpgKeyPair {
  const home = mkdtempSync(join(tmpdir(), 'golive-test-gpg-'));
  const gpg = (...args: string[]) => execFileSync('gpg', ['--batch', '--homedir', home, '--pinentry-mode', 'loopback', '--passphrase', passphrase, ...args], { env: { LC_ALL: 'C', PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'ignore'] });
  gpg('--quick-gen-key', `Backup Test <${email}>`, 'ed25519', 'sign', '0');
  const fingerprint = gpg('--with-colons', '--list-keys', email).toString().split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9]!;
  gpg('--quick-add-key', fingerprint, 'cv25519', 'encr', '0');
  const publicKeyFile = join(home, 'public.asc');
  const privateKeyFile = join(home, 'private.asc');
  writeFileSync(publicKeyFile, gpg('--armor', '--export', fingerprint));
  writeFileSync(privateKeyFile, gpg('--armor', '--export-secret-keys', fingerprint), { mode: 0o600 });
  execFileSync('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore' });
  return { email, fingerprint, publicKeyFile, privateKeyFile };
}
