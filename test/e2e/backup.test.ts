import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type GpgKeyPair, makeGpgKeyPair } from '../helpers/gpg-keys.js';
import { e2eUnavailable, GOLIVE_BIN, GoliveRunner, TestServer } from '../helpers/test-server.js';
import { Tmux } from '../helpers/tmux.js';

const skip = e2eUnavailable();

const SEED_DATABASE = `
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id serial PRIMARY KEY, customer int REFERENCES customers, total numeric);
INSERT INTO customers (name) SELECT 'customer ' || n FROM generate_series(1, 250) n;
INSERT INTO orders (customer, total) SELECT 1 + n % 250, n * 1.5 FROM generate_series(1, 1000) n;
`;

describe('backup step with PostgreSQL on the server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let key: GpgKeyPair;
  let pristine: { sbin: string; cron: string };
  let firstRun = '';
  const answers = (extra = '') =>
    `backup:\n  database: shop\n  gpgPublicKeyFile: ${key.publicKeyFile}\n  gpgRecipient: ${key.email}\n  retentionDays: 30\n${extra}`;

  before(async () => {
    key = makeGpgKeyPair('backups@example.com');
    server = await TestServer.boot('e2e-backup', 22);
    golive = new GoliveRunner(server);
    await server.sh('until runuser -u postgres -- pg_isready -q; do sleep 0.2; done');
    await server.exec(['runuser', '-u', 'postgres', '--', 'createdb', 'shop']);
    await server.exec(['runuser', '-u', 'postgres', '--', 'psql', '--quiet', '--set=ON_ERROR_STOP=1', '--dbname=shop'], SEED_DATABASE);
    pristine = { sbin: await server.snapshot('/usr/local/sbin'), cron: await server.snapshot('/etc/cron.d') };
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  const unchanged = async () => {
    assert.equal(await server.snapshot('/usr/local/sbin'), pristine.sbin);
    assert.equal(await server.snapshot('/etc/cron.d'), pristine.cron);
    assert.equal((await server.exec(['test', '-e', '/etc/golive-backup'])).exitCode, 1);
  };

  it('is left out of a full plan, with a note, while it has no key file', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'updates:\n  rebootTime: "03:00"\n');
    const run = await golive.run(golive.args('deploy', ['plan']));
    assert.equal(run.exitCode, 2, run.stderr);
    assert.match(run.stdout, /left out: backup\.gpgPublicKeyFile is not set/);
    const only = await golive.run(golive.args('deploy', ['plan', '--only', 'backup']));
    assert.equal(only.exitCode, 1);
    assert.match(only.stderr, /backup\.gpgPublicKeyFile is not set/);
  });

  it('refuses bad input before anything changes', async () => {
    const other = makeGpgKeyPair('someone-else@example.com');
    const cases: [string, RegExp][] = [
      [answers().replace(key.email, 'nobody@example.com'), /backup\.gpgRecipient: "nobody@example\.com" is not in .*public\.asc/],
      [answers().replace(key.publicKeyFile, other.privateKeyFile), /backup\.gpgPublicKeyFile: .*private\.asc: it holds a PRIVATE key/],
      [answers().replace(key.publicKeyFile, '/nonexistent/key.asc'), /backup\.gpgPublicKeyFile: cannot read \/nonexistent\/key\.asc: no such file/],
      [answers('  schedule: "0 2 * *"\n'), /backup\.schedule: "0 2 \* \*" is not a cron schedule: it has 4 fields/],
      [answers('  schedule: "61 2 * * *"\n'), /backup\.schedule: "61 2 \* \* \*" is not a cron schedule: minute "61": 61 is outside 0-59/],
      [answers().replace('database: shop', 'database: shopp'), /backup\.database: "shopp" does not exist on the server/],
      [answers().replace('database: shop', 'database: "shop; drop table orders"'), /backup\.database: "shop; drop table orders" is not a database name/],
      [answers('  dir: /home\n'), /backup\.dir: "\/home" is a system folder/],
    ];
    for (const [yaml, message] of cases) {
      writeFileSync(join(golive.home, 'golive.yml'), yaml);
      const run = await golive.run(golive.args('deploy', ['apply', '--only', 'backup', '--yes']));
      assert.equal(run.exitCode, 1, run.stdout);
      assert.match(run.stderr, message);
      await unchanged();
    }
  });

  it('applies: script 0700, cron 0644 as root, key in the job keyring, folder 0700; a second plan is empty', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), answers());
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'backup', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    firstRun = /^run (\S+)$/m.exec(run.stdout)![1]!;
    assert.equal(await server.sh('stat -c "%a %U" /usr/local/sbin/golive-backup /etc/cron.d/golive-backup /backups /etc/golive-backup/gnupg'), '700 root\n644 root\n700 root\n700 root');
    assert.match(await server.sh('cat /etc/cron.d/golive-backup'), /^0 2 \* \* \* root \/usr\/local\/sbin\/golive-backup >\/dev\/null$/m);
    assert.match(await server.sh('gpg --homedir /etc/golive-backup/gnupg --with-colons --list-keys'), new RegExp(`^fpr:+${key.fingerprint}:`, 'm'));
    assert.equal((await server.exec(['sh', '-c', 'gpg --homedir /etc/golive-backup/gnupg --list-secret-keys --with-colons | grep -c ^sec'])).stdout.trim(), '0');
    const again = await golive.run(golive.args('deploy', ['plan', '--only', 'backup']));
    assert.equal(again.exitCode, 0, again.stdout);
  });

  it('backs up into a file only the private key opens, which restores with the same rows', async () => {
    const backup = (await server.sh('/usr/local/sbin/golive-backup')).trim();
    assert.match(backup, /^\/backups\/shop-\d{8}T\d{6}Z\.dump\.gpg$/);
    assert.equal(await server.sh(`stat -c %a ${backup}`), '600');
    const onServer = await server.exec(['gpg', '--homedir', '/etc/golive-backup/gnupg', '--batch', '--decrypt', backup]);
    assert.notEqual(onServer.exitCode, 0);
    assert.match(onServer.stderr, /No secret key/);
    assert.notEqual((await server.exec(['pg_restore', '--list', backup])).exitCode, 0);
    assert.match(await server.sh('journalctl -t golive-backup --no-pager'), /backup of shop written to \/backups\/shop-/);

    const restore = await golive.run(golive.args('deploy', ['test-restore', '--private-key', key.privateKeyFile, '--json']));
    assert.equal(restore.exitCode, 0, restore.stderr + restore.stdout);
    const result = JSON.parse(restore.stdout) as { ok: boolean; tables: number; rows: number; summary: string };
    assert.deepEqual([result.ok, result.tables, result.rows], [true, 2, 1250]);
    assert.match(result.summary, /^restore test passed: \/backups\/shop-.* restored 2 tables, 1250 rows, the same counts as shop$/);
    assert.doesNotMatch(await server.sh("runuser -u postgres -- psql -Atc 'SELECT datname FROM pg_database'"), /golive_restore/);

    const wrongKey = makeGpgKeyPair('wrong@example.com');
    const refused = await golive.run(golive.args('deploy', ['test-restore', '--private-key', wrongKey.privateKeyFile]));
    assert.equal(refused.exitCode, 1);
    assert.match(refused.stderr, /cannot decrypt the backup: the private key given is not the one the backup is encrypted to/);
  });

  it('in the wizard: backs up now, and tests a restore with a passphrase-protected key', async () => {
    const passphrase = 'correct horse battery';
    const guarded = makeGpgKeyPair('guarded@example.com', passphrase);
    writeFileSync(join(golive.home, 'golive.yml'), answers().replace(key.publicKeyFile, guarded.publicKeyFile).replace(key.email, guarded.email));
    const rekey = await golive.run(golive.args('deploy', ['apply', '--only', 'backup', '--yes']));
    assert.equal(rekey.exitCode, 0, rekey.stderr + rekey.stdout);

    const unattended = await golive.run(golive.args('deploy', ['test-restore', '--private-key', guarded.privateKeyFile]));
    assert.equal(unattended.exitCode, 1);
    assert.match(unattended.stderr, /the private key needs its passphrase\nhint: run it at a terminal \(or in the wizard\) to be asked for it/);

    const terminal = await Tmux.start(`golive-backup-${process.pid}`, [
      'env',
      `GOLIVE_SETTINGS_DIR=${join(golive.home, 'settings')}`,
      'SSH_AUTH_SOCK=',
      'node',
      GOLIVE_BIN,
      ...golive.args('deploy', ['--config', join(golive.home, 'golive.yml')]),
    ]);
    try {
      await terminal.waitFor(/backup\s+applied/);
      await terminal.choose('Back up now');
      await terminal.waitFor(/backup written: \/backups\/shop-\d{8}T\d{6}Z\.dump\.gpg/);
      await terminal.press('Enter');
      await terminal.choose('Test a restore');
      await terminal.waitFor(/Private key file:/);
      await terminal.press(guarded.privateKeyFile, 'Enter');
      await terminal.waitFor(/Passphrase of/);
      await terminal.press(passphrase);
      assert.doesNotMatch(await terminal.screen(), /correct horse/);
      await terminal.press('Enter');
      const screen = await terminal.waitFor(/restore test passed:[\s\S]*restored 2\s+tables,\s+1250\s+rows,\s+the\s+same\s+counts\s+as\s+shop/, 60_000);
      assert.doesNotMatch(screen, /correct horse/);
    } finally {
      await terminal.stop();
    }
    assert.doesNotMatch(await server.sh("runuser -u postgres -- psql -Atc 'SELECT datname FROM pg_database'"), /golive_restore/);
    const back = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(back.exitCode, 0, back.stderr + back.stdout);
    assert.match(await server.sh('cat /usr/local/sbin/golive-backup'), new RegExp(`^recipient=${key.fingerprint}$`, 'm'));
  });

  it('deletes its backups older than the retention, keeps younger ones and other files', async () => {
    await server.sh('cd /backups && touch -d "31 days ago" shop-20200101T000000Z.dump.gpg shop-staging-20200101T000000Z.dump.gpg notes.txt && touch -d "29 days ago" shop-20200102T000000Z.dump.gpg');
    await server.sh('/usr/local/sbin/golive-backup');
    const left = await server.sh('ls /backups');
    assert.doesNotMatch(left, /^shop-20200101T000000Z/m);
    assert.match(left, /^shop-20200102T000000Z/m);
    assert.match(left, /^shop-staging-20200101T000000Z\.dump\.gpg$/m, 'another database\'s backup is not this job\'s to delete');
    assert.match(left, /^notes\.txt$/m);
  });

  it('with the database gone, exits non-zero and leaves no file behind', async () => {
    const before = await server.sh('ls -A /backups');
    await server.sh('runuser -u postgres -- dropdb shop');
    const run = await server.exec(['/usr/local/sbin/golive-backup']);
    assert.notEqual(run.exitCode, 0);
    assert.match(run.stderr, /backup of shop failed/);
    assert.equal(await server.sh('ls -A /backups'), before);
    assert.match(await server.sh('journalctl -t golive-backup --no-pager -p err'), /backup of shop failed/);
  });

  it('rolls back: script, cron file and keyring gone, what was there before restored, backups kept', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', firstRun, '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    await unchanged();
    assert.match(await server.sh('ls /backups'), /shop-.*\.dump\.gpg/);
  });
});
