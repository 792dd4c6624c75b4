import { randomBytes } from 'node:crypto';
import { GoliveError, lastLines } from '../errors.js';
import { scramVerifier } from '../secrets/postgres.js';
import type { Target } from '../target/target.js';
import { type DatabaseAccess, passwordClientArgv, scriptArgv } from './postgres.js';

/**
 * The database a restore test restores into, owned by a role made for the test and dropped with
 * it. The role is no superuser, and client programs log in AS it (it is the session user), so the
 * code a dump runs while it is restored (a CHECK constraint, an index expression, a default calling
 * the app's function) has that role's rights: neither RESET ROLE nor SET SESSION AUTHORIZATION
 * leads back to a superuser, as they would under `pg_restore --role`.
 */
export interface ScratchDatabase {
  /** Of the role and the database both: golive_restore_<UTC time>_<random>, recognisable when a killed run leaves them. */
  readonly name: string;
  /** Made here; reaches the server only on standard input, and PostgreSQL stores only its SCRAM verifier. */
  readonly password: string;
}

export const SCRATCH_NAME = /^golive_restore_\d{8}t\d{6}z_[0-9a-f]{4}$/;

export function newScratchDatabase(now: Date): ScratchDatabase {
  const time = now.toISOString().replace(/\.\d+Z$/, 'z').replaceAll(/[-:]/g, '').toLowerCase();
  return { name: `golive_restore_${time}_${randomBytes(2).toString('hex')}`, password: randomBytes(32).toString('base64url') };
}

function identifier(name: string): string {
  if (!SCRATCH_NAME.test(name)) throw new Error(`not a scratch database name: ${name}`);
  return `"${name}"`;
}

/** SQL for backup.dbUser's psql, on standard input: the role with a verifier of its password, and its database, closed to everyone else. */
export function createScratchSql(scratch: ScratchDatabase, salt: Buffer): string {
  const name = identifier(scratch.name);
  return [
    `CREATE ROLE ${name} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN PASSWORD '${scramVerifier(scratch.password, salt)}';`,
    `CREATE DATABASE ${name} OWNER ${name} TEMPLATE template0;`,
    `REVOKE ALL ON DATABASE ${name} FROM PUBLIC;`,
    '',
  ].join('\n');
}

/** Drops both. FORCE ends the sessions still connected: the dump's code could leave one open to make the drop fail. */
export function dropScratchSql(name: string): string {
  return `DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE);\nDROP ROLE IF EXISTS ${identifier(name)};\n`;
}

/** A client program's argv and standard input, logged in as the scratch role: the password goes first on stdin, then `input`. */
export function scratchCommand(access: DatabaseAccess, scratch: ScratchDatabase, program: string, args: readonly string[], input?: Buffer): { argv: string[]; stdin: Buffer } {
  return {
    argv: passwordClientArgv(access, scratch.name, program, args),
    stdin: Buffer.concat([Buffer.from(`${scratch.password}\n`), input ?? Buffer.alloc(0)]),
  };
}

/** Runs `use` with a fresh scratch database and role, and drops both whatever happens. */
export async function withScratchDatabase<T>(target: Target, access: DatabaseAccess, use: (scratch: ScratchDatabase) => Promise<T>): Promise<T> {
  const scratch = newScratchDatabase(new Date());
  let outcome: { value: T } | { error: unknown };
  try {
    await createScratch(target, access, scratch);
    outcome = { value: await use(scratch) };
  } catch (error) {
    outcome = { error };
  }
  const dropped = await target.exec(scriptArgv(access, 'postgres'), { privileged: true, stdin: dropScratchSql(scratch.name) });
  if (dropped.exitCode !== 0) {
    const during = 'error' in outcome ? ` (after the test failed: ${String(outcome.error instanceof Error ? outcome.error.message : outcome.error)})` : '';
    throw new GoliveError(
      `could not drop the restore test's scratch database and role ${scratch.name}: ${lastLines(dropped.stderr, 1)}${during}`,
      `drop them as a PostgreSQL superuser: DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE); DROP ROLE ${scratch.name};`,
    );
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

async function createScratch(target: Target, access: DatabaseAccess, scratch: ScratchDatabase): Promise<void> {
  const created = await target.exec(scriptArgv(access, 'postgres'), { privileged: true, stdin: createScratchSql(scratch, randomBytes(16)) });
  if (created.exitCode !== 0) {
    throw new GoliveError(`cannot create the restore test's scratch role and database as ${access.dbUser}: ${lastLines(created.stderr, 1)}`, 'backup.dbUser must be allowed to create roles and databases (postgres is)');
  }
}
