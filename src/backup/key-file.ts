import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { expandHome } from '../local-path.js';
import { findRecipient, OpenPgpError, readArmoredPublicKeys } from './openpgp.js';

/** The public key backups are encrypted to, read and checked on the admin's side. */
export interface BackupKey {
  /** The file's text, as it goes to the server. */
  readonly armored: string;
  /** The recipient's primary key fingerprint: what the backup job names. */
  readonly fingerprint: string;
  /** Long key IDs of the recipient's primary key and subkeys: what an encrypted backup may name. */
  readonly keyIds: readonly string[];
  readonly userIds: readonly string[];
}

export function readKeyFile(path: string, recipient: string | undefined, field: string): BackupKey {
  let armored: string;
  try {
    armored = readFileSync(expandHome(path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new InputError(`${field}: cannot read ${path}: ${why}`);
  }
  let keys;
  try {
    keys = readArmoredPublicKeys(armored);
  } catch (error) {
    if (error instanceof OpenPgpError) throw new InputError(`${field}: ${path}: ${error.message}`);
    throw error;
  }
  const describe = keys.map((k) => `${k.fingerprint} ${k.userIds.join(', ')}`).join('; ');
  const matches = recipient === undefined ? keys : findRecipient(keys, recipient);
  if (matches.length === 0) throw new InputError(`backup.gpgRecipient: ${JSON.stringify(recipient)} is not in ${path}`, `the file holds: ${describe}`);
  if (matches.length > 1) {
    throw new InputError(recipient === undefined ? `${field}: ${path} holds ${keys.length} keys: name one in backup.gpgRecipient` : `backup.gpgRecipient: ${JSON.stringify(recipient)} names ${matches.length} keys in ${path}`, `the file holds: ${describe}`);
  }
  const key = matches[0]!;
  return {
    armored: armored.endsWith('\n') ? armored : `${armored}\n`,
    fingerprint: key.fingerprint,
    keyIds: key.keyFingerprints.map((f) => f.slice(-16)),
    userIds: key.userIds,
  };
}
