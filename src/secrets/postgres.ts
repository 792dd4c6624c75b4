import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import type { CommandChange, Snapshot } from '../engine/types.js';

/**
 * A PostgreSQL role's new password, set through the local cluster as the postgres OS user. The
 * SQL goes on standard input, never argv (argv shows up in previews, the journal, error messages
 * and sudo's log), and carries a SCRAM-SHA-256 verifier made here rather than the password:
 * PostgreSQL stores a verifier as it is, so the password never reaches psql, the server's
 * statement log or pg_stat_activity — the .env file is its only copy on the server.
 */

export const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const ITERATIONS = 4096;

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** RFC 5802/7677 as PostgreSQL stores it; the password is ASCII (golive's forms), which SASLprep leaves as it is. */
export function scramVerifier(password: string, salt: Buffer): string {
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export function alterRoleCommand(role: string, password: string, salt: Buffer): CommandChange {
  if (!ROLE_NAME.test(role)) throw new Error(`not a role name: ${role}`);
  return {
    kind: 'command',
    argv: ['runuser', '-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres'],
    display: `psql as postgres: ALTER ROLE "${role}" PASSWORD <SCRAM-SHA-256 verifier of the new POSTGRES_PASSWORD> (SQL on stdin)`,
    // Terse errors name the failure without echoing the statement.
    stdin: `\\set VERBOSITY terse\nALTER ROLE "${role}" WITH PASSWORD '${scramVerifier(password, salt)}';\n`,
    why: `the database must accept the new password before the file holds it`,
  };
}

/** Prints the role's stored password verifier (NULL when it has none): saved in the journal, 0600. */
const SAVE_VERIFIER = `v=$(printf '%s\\n' "SELECT coalesce(rolpassword, 'NULL') FROM pg_authid WHERE rolname = :'role';" |
  runuser -u postgres -- psql -X -A -t -q -v ON_ERROR_STOP=1 -v role="$1" -d postgres)
[ -n "$v" ] || { echo "golive: role \\"$1\\" does not exist" >&2; exit 1; }
printf '%s\\n' "$v"`;

/** Reads a saved verifier on stdin and gives it back to the role; only verifier characters pass. */
const RESTORE_VERIFIER = `v=$(cat)
case "$v" in
  NULL) value=NULL ;;
  SCRAM-SHA-256\\$*|md5*)
    case "$v" in *[!A-Za-z0-9+/=:\\$-]*) echo "golive: the saved password verifier looks damaged" >&2; exit 1 ;; esac
    value="'$v'" ;;
  *) echo "golive: no saved password verifier for the role" >&2; exit 1 ;;
esac
printf '%s\\n' '\\set VERBOSITY terse' "ALTER ROLE :\\"role\\" WITH PASSWORD $value;" |
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -v role="$1" -d postgres`;

/**
 * The role's password as it was, so that rollback — by hand, on a failure later in the run, or by
 * the server's undo timer — gives the database back the password the restored .env holds.
 */
export function rolePasswordSnapshot(role: string): Snapshot {
  if (!ROLE_NAME.test(role)) throw new Error(`not a role name: ${role}`);
  return { name: `postgres-role-${role}`, save: ['sh', '-c', SAVE_VERIFIER, 'sh', role], restore: ['sh', '-c', RESTORE_VERIFIER, 'sh', role] };
}
