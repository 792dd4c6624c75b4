import type { BackupKey } from './key-file.js';
import type { DatabaseAccess } from './postgres.js';

/** The backup job golive installs: where its parts live, and the answers that describe it. */

export const BACKUP_SCRIPT = '/usr/local/sbin/golive-backup';
export const BACKUP_CRON = '/etc/cron.d/golive-backup';
/** The job's own folder: the recipient's public key and the keyring it is imported into. */
export const BACKUP_CONFIG_DIR = '/etc/golive-backup';
export const RECIPIENT_KEY_FILE = `${BACKUP_CONFIG_DIR}/recipient.asc`;
export const BACKUP_KEYRING = `${BACKUP_CONFIG_DIR}/gnupg`;
/** The last restore test's outcome, kept on the server for the audit: when, and whether it passed (root's). */
export const RESTORE_TEST_RECORD = '/var/lib/golive/restore-test.json';

export interface RestoreTestRecord {
  readonly at: string;
  readonly ok: boolean;
  readonly summary: string;
}

export const SOURCES = ['local', 'docker-compose'] as const;

export interface BackupAnswers {
  readonly source: (typeof SOURCES)[number];
  readonly composeDir?: string;
  readonly composeService?: string;
  readonly database: string;
  readonly dbUser: string;
  readonly gpgPublicKeyFile: string;
  /** E-mail address, fingerprint or long key ID of a key in gpgPublicKeyFile. */
  readonly gpgRecipient: string;
  readonly dir: string;
  readonly schedule: string;
  readonly retentionDays: number;
  /** Read from gpgPublicKeyFile on the admin's side; never saved with the answers. */
  readonly key: BackupKey;
}

/** How the job reaches the database (defaults for answers not given yet, when probing). */
export function databaseAccess(answers: Partial<BackupAnswers>): DatabaseAccess {
  const dbUser = answers.dbUser ?? 'postgres';
  if (answers.source !== 'docker-compose') return { source: 'local', dbUser };
  return { source: 'docker-compose', dbUser, composeDir: answers.composeDir ?? '.', composeService: answers.composeService ?? 'db' };
}
