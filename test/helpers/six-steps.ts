import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GpgKeyPair, makeGpgKeyPair } from './gpg-keys.js';
import type { GoliveRunner, TestServer } from './test-server.js';

/**
 * A test server ready for all six steps at once: an app user whose .env holds weak secrets, a
 * PostgreSQL database `shop` to back up (and a role `app` for the secrets step's postgresRole), a backup key pair on this machine, and `ops`, a sudo user
 * whose sudo asks for a password (with deploy's keys).
 */

export const APP_ENV = '/srv/app/.env';
export const WEAK_ENV = 'POSTGRES_PASSWORD=changeme\nSECRET_KEY=\nAPP_URL=https://app.example.com\n';

export async function prepareSixSteps(server: TestServer, opsPassword: string): Promise<GpgKeyPair> {
  await server.sh(`useradd -m -s /bin/bash -G sudo ops && cp -r /home/deploy/.ssh /home/ops/ && chown -R ops: /home/ops/.ssh
    useradd -m -s /bin/bash app && install -d -o app -g app /srv/app
    until runuser -u postgres -- pg_isready -q; do sleep 0.2; done; runuser -u postgres -- createdb shop && runuser -u postgres -- createuser app`);
  await server.exec(['chpasswd'], `ops:${opsPassword}\n`);
  await server.exec(['sh', '-c', `cat >${APP_ENV} && chown app:app ${APP_ENV}`], WEAK_ENV);
  return makeGpgKeyPair('backups@example.com');
}

export interface SixStepOptions {
  /** ssh.allowUsers; default: the user golive logs in as. */
  readonly allowUsers?: readonly string[];
  /** secrets.postgresRole: the role whose password is POSTGRES_PASSWORD (prepareSixSteps makes `app`). */
  readonly postgresRole?: string;
}

/** golive.yml for all six steps. */
export function sixStepAnswers(key: GpgKeyPair, options: SixStepOptions = {}): string {
  return [
    ...(options.allowUsers ? [`ssh:\n  allowUsers: [${options.allowUsers.join(', ')}]`] : []),
    'firewall:\n  allow: [22/tcp, 80, 443/tcp]',
    'updates:\n  rebootTime: "04:30"',
    `secrets:\n  envFile: ${APP_ENV}${options.postgresRole ? `\n  postgresRole: ${options.postgresRole}` : ''}`,
    `backup:\n  database: shop\n  gpgPublicKeyFile: ${key.publicKeyFile}\n  gpgRecipient: ${key.email}`,
  ].join('\n').concat('\n');
}

export function writeAnswers(golive: GoliveRunner, yaml: string): void {
  writeFileSync(join(golive.home, 'golive.yml'), yaml);
}

/**
 * Where on the server any of `values` is found: file names under `folders` (grep, binary files
 * too, `exclude` left out), and the number of systemd journal lines that hold one.
 */
export async function whereOnServer(server: TestServer, values: readonly string[], folders: readonly string[], exclude: readonly string[] = []): Promise<string> {
  if (values.length === 0) return '';
  await server.exec(['sh', '-c', 'umask 077; cat >/run/golive-test-pattern'], `${values.join('\n')}\n`);
  const files = await server.exec(['sh', '-c', 'grep -rlaF -f /run/golive-test-pattern "$@" 2>/dev/null', 'sh', ...folders]);
  const journal = await server.exec(['sh', '-c', 'journalctl --no-pager -o export | grep -caF -f /run/golive-test-pattern']);
  await server.exec(['rm', '-f', '/run/golive-test-pattern']);
  const found = files.stdout.split('\n').filter((path) => path && path !== '/run/golive-test-pattern' && !exclude.includes(path));
  return [...found, ...(journal.stdout.trim() === '0' ? [] : [`journal: ${journal.stdout.trim()} lines`])].join('\n');
}
