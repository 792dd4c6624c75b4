import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { COUNT_ROWS, type DatabaseAccess, queryOptions, READ_PASSWORD_THEN_EXEC, RUN_NO_APP_CODE } from '../../src/backup/postgres.js';
import { createScratchSql, dropScratchSql, newScratchDatabase, SCRATCH_NAME, scratchCommand } from '../../src/backup/scratch-database.js';
import { scramVerifier } from '../../src/secrets/postgres.js';

const local: DatabaseAccess = { source: 'local', dbUser: 'postgres' };
const compose: DatabaseAccess = { source: 'docker-compose', dbUser: 'postgres', composeDir: '/srv/my app', composeService: 'db' };
const scratch = { name: 'golive_restore_20241130t152700z_9f3a', password: 'Zm9vYmFyYmF6cXV4LXNlY3JldC1wYXNzd29yZA' };

describe('restore test scratch database', () => {
  it('is named golive_restore_<UTC time>_<random>, with a fresh 256-bit password each time', () => {
    const [a, b] = [newScratchDatabase(new Date('2024-11-30T15:27:00.123Z')), newScratchDatabase(new Date('2024-11-30T15:27:00.123Z'))];
    assert.match(a.name, /^golive_restore_20241130t152700z_[0-9a-f]{4}$/);
    assert.match(a.name, SCRATCH_NAME);
    assert.match(a.password, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.password, b.password);
  });

  it('creates a login role that is no superuser, from a SCRAM verifier (never the password), owning a database closed to others', () => {
    const salt = Buffer.alloc(16, 7);
    const sql = createScratchSql(scratch, salt);
    const name = `"${scratch.name}"`;
    assert.equal(
      sql,
      `CREATE ROLE ${name} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN PASSWORD '${scramVerifier(scratch.password, salt)}';\n` +
        `CREATE DATABASE ${name} OWNER ${name} TEMPLATE template0;\n` +
        `REVOKE ALL ON DATABASE ${name} FROM PUBLIC;\n`,
    );
    assert.ok(!sql.includes(scratch.password));
    assert.equal(dropScratchSql(scratch.name), `DROP DATABASE IF EXISTS ${name} WITH (FORCE);\nDROP ROLE IF EXISTS ${name};\n`);
    assert.throws(() => createScratchSql({ ...scratch, name: 'app"; DROP ROLE postgres; --' }, salt), /not a scratch database name/);
    assert.throws(() => dropScratchSql('shop'), /not a scratch database name/);
  });

  it('runs pg_restore logged in as the scratch role over 127.0.0.1, the password first on stdin and nowhere in argv', () => {
    const dump = Buffer.from('PGDMP\0\x01binary');
    const { argv, stdin } = scratchCommand(local, scratch, 'pg_restore', ['--no-owner', `--dbname=${scratch.name}`], dump);
    assert.deepEqual(argv, [
      'env', '--chdir=/', 'runuser', '-u', 'postgres', '--',
      'sh', '-c', READ_PASSWORD_THEN_EXEC, 'sh',
      'pg_restore', '--host=127.0.0.1', `--username=${scratch.name}`, '--no-password', '--no-owner', `--dbname=${scratch.name}`,
    ]);
    assert.ok(!argv.join(' ').includes(scratch.password));
    assert.deepEqual(stdin, Buffer.concat([Buffer.from(`${scratch.password}\n`), dump]));
  });

  it('in a docker compose service, the same inside `docker compose exec -T`', () => {
    const { argv } = scratchCommand(compose, scratch, 'psql', queryOptions(scratch.name, 'SELECT 1'));
    assert.deepEqual(argv, [
      'sh', '-c', 'cd -- "$1" && shift && exec "$@"', 'sh', '/srv/my app',
      'docker', 'compose', 'exec', '-T', 'db',
      'sh', '-c', READ_PASSWORD_THEN_EXEC, 'sh',
      'psql', '--host=127.0.0.1', `--username=${scratch.name}`, '--no-password',
      '--no-psqlrc', '--quiet', '--no-align', '--tuples-only', '--set=ON_ERROR_STOP=1', '--set=VERBOSITY=terse', `--dbname=${scratch.name}`, '--command', 'SELECT 1',
    ]);
    assert.ok(!argv.join(' ').includes(scratch.password));
  });

  it("sh takes the password's line and leaves every other byte of stdin to the program", () => {
    const dump = Buffer.concat([Buffer.from('PGDMP'), Buffer.from([0, 10, 13, 255, 0]), Buffer.from('no final newline')]);
    const run = spawnSync('sh', ['-c', READ_PASSWORD_THEN_EXEC, 'sh', 'sh', '-c', 'printf %s "$PGPASSWORD" >&2; exec cat'], {
      input: Buffer.concat([Buffer.from(`${scratch.password}\n`), dump]),
      env: { PATH: process.env.PATH },
    });
    assert.equal(run.status, 0);
    assert.equal(run.stderr.toString(), scratch.password);
    assert.deepEqual(run.stdout, dump);
  });

  it('counts rows in a session that runs no app code: search_path pg_catalog first, app views refused, no SET tags in the output', () => {
    assert.equal(RUN_NO_APP_CODE, "SET search_path = pg_catalog, pg_temp; SET restrict_nonsystem_relation_kind = 'view, foreign-table';");
    assert.ok(COUNT_ROWS.startsWith(`${RUN_NO_APP_CODE}\nSELECT `));
    assert.ok(queryOptions('shop', COUNT_ROWS).includes('--quiet'));
  });
});
