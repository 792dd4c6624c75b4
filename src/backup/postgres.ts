import { quoteArg, quoteCommand } from '../target/quote.js';

/**
 * How the backup job reaches PostgreSQL: on the server itself through the postgres account's
 * socket, or inside a docker compose service. Every client program (pg_dump, psql, pg_restore)
 * runs the same way, so a check golive makes is the connection the job will use.
 */
export type DatabaseAccess =
  | { readonly source: 'local'; readonly dbUser: string }
  | { readonly source: 'docker-compose'; readonly dbUser: string; readonly composeDir: string; readonly composeService: string };

/**
 * argv that runs a command where the database's client programs are. Locally it runs as the
 * postgres account from / (as the job's script does): in the caller's home the postgres account
 * could not read its working folder.
 */
function onDatabaseHost(access: DatabaseAccess, argv: readonly string[]): string[] {
  if (access.source === 'local') return ['env', '--chdir=/', 'runuser', '-u', 'postgres', '--', ...argv];
  return ['sh', '-c', 'cd -- "$1" && shift && exec "$@"', 'sh', access.composeDir, 'docker', 'compose', 'exec', '-T', access.composeService, ...argv];
}

/** argv that runs a PostgreSQL client program as the backup job does: as backup.dbUser, over the local socket. */
export function clientArgv(access: DatabaseAccess, program: string, args: readonly string[]): string[] {
  return onDatabaseHost(access, [program, `--username=${access.dbUser}`, ...args]);
}

/** The same, as a line of the backup script (a person reads it there). */
export function clientShellLine(access: DatabaseAccess, program: string, args: readonly string[]): string {
  const client = [program, `--username=${access.dbUser}`, ...args];
  if (access.source === 'local') return quoteCommand(['runuser', '-u', 'postgres', '--', ...client]);
  return `cd -- ${quoteArg(access.composeDir)} && ${quoteCommand(['docker', 'compose', 'exec', '-T', access.composeService, ...client])}`;
}

/**
 * Reads a password from the first line of standard input into PGPASSWORD, then runs the program
 * with the rest of standard input: sh reads a pipe a byte at a time, so not one byte past the line
 * is taken. The password is never in argv (ps, sudo's log, previews, error messages).
 */
export const READ_PASSWORD_THEN_EXEC = 'IFS= read -r PGPASSWORD && export PGPASSWORD && exec "$@"';

/**
 * argv that runs a PostgreSQL client program logged in as `role` with a password over 127.0.0.1
 * (Debian's pg_hba.conf: peer on the socket, scram-sha-256 on 127.0.0.1), so the session user is
 * that role. Standard input must start with the password's line.
 */
export function passwordClientArgv(access: DatabaseAccess, role: string, program: string, args: readonly string[]): string[] {
  return onDatabaseHost(access, ['sh', '-c', READ_PASSWORD_THEN_EXEC, 'sh', program, '--host=127.0.0.1', `--username=${role}`, '--no-password', ...args]);
}

/** psql options for one query: no ~/.psqlrc, no command tags, unaligned tuples only, stop at the first error and say it in one line. */
export function queryOptions(database: string, sql: string): string[] {
  return ['--no-psqlrc', '--quiet', '--no-align', '--tuples-only', '--set=ON_ERROR_STOP=1', '--set=VERBOSITY=terse', `--dbname=${database}`, '--command', sql];
}

/** psql as backup.dbUser for one query. */
export function queryArgv(access: DatabaseAccess, database: string, sql: string): string[] {
  return clientArgv(access, 'psql', queryOptions(database, sql));
}

/** psql as backup.dbUser reading SQL from standard input (which keeps values out of argv). */
export function scriptArgv(access: DatabaseAccess, database: string): string[] {
  return clientArgv(access, 'psql', ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--set=VERBOSITY=terse', `--dbname=${database}`]);
}

export const LIST_DATABASES = 'SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1';

/**
 * A session that reads an app's database as superuser runs none of the app's code. Functions and
 * operators are looked up only in pg_catalog (pg_temp, listed last, is never searched for them), so
 * a database setting `search_path = public, pg_catalog` and a public.count cannot take a query's
 * calls; the app's views and foreign tables are refused (as pg_dump does since CVE-2024-7348),
 * so a table swapped for a view while it is counted is an error, not a query run as superuser.
 * Superusers bypass row security, and reading a table fires no trigger.
 */
export const RUN_NO_APP_CODE = "SET search_path = pg_catalog, pg_temp; SET restrict_nonsystem_relation_kind = 'view, foreign-table';";

/** Exact row counts of every table, one "schema.table|count" per line, in a session that runs no app code. */
export const COUNT_ROWS = `${RUN_NO_APP_CODE}
SELECT format('%I.%I', table_schema, table_name) || '|' ||
  (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1`;
