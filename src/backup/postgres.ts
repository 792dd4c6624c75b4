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
 * argv that runs a PostgreSQL client program as the backup job does. Locally it starts in / (as the
 * job's script does): in the caller's home the postgres account could not read its working folder.
 */
export function clientArgv(access: DatabaseAccess, program: string, args: readonly string[]): string[] {
  const client = [program, `--username=${access.dbUser}`, ...args];
  if (access.source === 'local') return ['env', '--chdir=/', 'runuser', '-u', 'postgres', '--', ...client];
  return ['sh', '-c', 'cd -- "$1" && shift && exec "$@"', 'sh', access.composeDir, 'docker', 'compose', 'exec', '-T', access.composeService, ...client];
}

/** The same, as a line of the backup script (a person reads it there). */
export function clientShellLine(access: DatabaseAccess, program: string, args: readonly string[]): string {
  const client = [program, `--username=${access.dbUser}`, ...args];
  if (access.source === 'local') return quoteCommand(['runuser', '-u', 'postgres', '--', ...client]);
  return `cd -- ${quoteArg(access.composeDir)} && ${quoteCommand(['docker', 'compose', 'exec', '-T', access.composeService, ...client])}`;
}

/** psql for one query: no ~/.psqlrc, unaligned tuples only, stop at the first error. */
export function queryArgv(access: DatabaseAccess, database: string, sql: string): string[] {
  return clientArgv(access, 'psql', ['--no-psqlrc', '--no-align', '--tuples-only', '--set=ON_ERROR_STOP=1', `--dbname=${database}`, '--command', sql]);
}

export const LIST_DATABASES = 'SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1';

/** Exact row counts of every table, one "schema.table|count" per line. */
export const COUNT_ROWS = `SELECT format('%I.%I', table_schema, table_name) || '|' ||
  (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1`;
