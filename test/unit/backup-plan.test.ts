import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { backupStep, type BackupFacts, desiredFiles } from '../../steps/backup.js';
import { cronScheduleProblem } from '../../src/backup/cron-schedule.js';
import { renderPlan } from '../../src/engine/preview.js';
import { backupFindings, parseRestoreTestRecord } from '../../src/backup/audit.js';
import { type GpgKeyPair, makeGpgKeyPair } from '../helpers/gpg-keys.js';

const context = { loginUser: 'root', targetKind: 'ssh' as const, connectionPort: 22, sessionUser: 'root' };
const fresh: BackupFacts = {
  databases: { names: ['postgres', 'shop'] },
  missingPackages: [],
  script: null,
  cron: null,
  recipientFile: null,
  keyring: [],
  directories: { '/etc/golive-backup': null, '/backups': null },
  unsafeParents: [],
  latestBackup: '',
  restoreTest: undefined,
};

describe('backup plan', () => {
  let key: GpgKeyPair;
  before(() => {
    key = makeGpgKeyPair('plan@example.com');
  });

  const resolve = (raw: Record<string, unknown>, facts = fresh) => backupStep.resolveAnswers(backupStep.parseAnswers({ gpgPublicKeyFile: key.publicKeyFile, ...raw }, 'backup'), facts, context);

  it('plans the keyring, folder, script and cron file; the only application database is the default', () => {
    const answers = resolve({});
    assert.equal(answers.database, 'shop');
    assert.equal(answers.gpgRecipient, key.fingerprint);
    const plan = backupStep.plan(fresh, answers, context);
    assert.deepEqual(
      plan.changes.map((c) => (c.kind === 'file' ? `${c.path} ${c.after.mode.toString(8)}` : c.argv.slice(0, 2).join(' '))),
      ['install -d', '/etc/golive-backup/recipient.asc 644', 'gpg --batch', 'install -d', '/usr/local/sbin/golive-backup 700', '/etc/cron.d/golive-backup 644'],
    );
    assert.deepEqual(plan.undo?.[0], ['rm', '-rf', '--', '/etc/golive-backup']);
    assert.deepEqual(plan.undo?.[1]?.slice(-1), ['/backups']);
    assert.match(renderPlan(plan), /pg_dump --username=postgres --format=custom --dbname=shop/);
  });

  it("rollback's removal of the backup folder: an empty one goes, one with backups stays, one never made is no error", () => {
    const plan = backupStep.plan(fresh, resolve({ dir: '/backups' }), context);
    const [shell, ...args] = plan.undo![1]!;
    const scratch = mkdtempSync(join(tmpdir(), 'golive-undo-'));
    const removeFolder = (dir: string) => execFileSync(shell!, [...args.slice(0, -1), join(scratch, dir)]);
    mkdirSync(join(scratch, 'empty'));
    mkdirSync(join(scratch, 'kept'));
    writeFileSync(join(scratch, 'kept', 'shop.dump.gpg'), 'x');
    for (const dir of ['empty', 'kept', 'never-made']) removeFolder(dir);
    assert.deepEqual(readdirSync(scratch), ['kept']);
  });

  it('renders a script bash accepts, for both sources; docker compose runs pg_dump in the service', () => {
    const local = desiredFiles(resolve({}));
    const docker = desiredFiles(resolve({ source: 'docker-compose', composeDir: '/srv/app', composeService: 'postgres', dbUser: 'app', database: 'shop' }));
    assert.match(local.script, /^ {2}runuser -u postgres -- pg_dump --username=postgres --format=custom --dbname=shop$/m);
    assert.match(docker.script, /^ {2}cd -- \/srv\/app && docker compose exec -T postgres pg_dump --username=app --format=custom --dbname=shop$/m);
    for (const { script } of [local, docker]) {
      execFileSync('bash', ['-n'], { input: script });
      assert.match(script, /^set -Eeuo pipefail$/m);
      assert.match(script, new RegExp(`^recipient=${key.fingerprint}$`, 'm'));
    }
    assert.match(docker.cron, /^0 2 \* \* \* root \/usr\/local\/sbin\/golive-backup >\/dev\/null$/m);
  });

  it('plans nothing when the job is in place, and fixes a folder others can read', () => {
    const answers = resolve({});
    const files = desiredFiles(answers);
    const file = (content: string, mode: number) => ({ content, mode, owner: 'root', group: 'root' });
    const inPlace: BackupFacts = {
      ...fresh,
      script: file(files.script, 0o700),
      cron: file(files.cron, 0o644),
      recipientFile: file(files.recipientKey, 0o644),
      keyring: [key.fingerprint],
      directories: { '/etc/golive-backup': { mode: 0o700, owner: 'root', group: 'root', empty: false }, '/backups': { mode: 0o700, owner: 'root', group: 'root', empty: false } },
    };
    assert.deepEqual(backupStep.plan(inPlace, answers, context).changes, []);
    const open = backupStep.plan({ ...inPlace, directories: { ...inPlace.directories, '/backups': { mode: 0o755, owner: 'deploy', group: 'deploy', empty: true } } }, answers, context);
    assert.deepEqual(open.changes.map((c) => (c.kind === 'command' ? `${c.display} (${c.argv.at(-1)})` : c.path)), ['chown -h root:root /backups && chmod 0700 /backups (/backups)']);
    assert.deepEqual(open.undo?.map((argv) => argv.slice(4)), [['deploy:deploy', '755', '/backups']]);
  });

  it('refuses a backup folder inside one that someone other than root can change', () => {
    const answers = resolve({ dir: '/srv/app/backups' });
    const planned = (unsafeParents: string[]) => backupStep.plan({ ...fresh, directories: { ...fresh.directories, '/srv/app/backups': null }, unsafeParents }, answers, context);
    assert.throws(() => planned(['/srv/app belongs to uid 1001, not root']), /backup\.dir: \/srv\/app\/backups is inside a folder that is not root's alone: \/srv\/app belongs to uid 1001/);
    assert.ok(planned([]).changes.length > 0);
  });

  it("never makes a folder that holds someone's files root's only, nor changes one through a link", () => {
    const answers = resolve({ dir: '/home/deploy' });
    const withFolder = (folder: BackupFacts['directories'][string]) => ({ ...fresh, directories: { ...fresh.directories, '/home/deploy': folder } });
    assert.throws(() => backupStep.plan(withFolder({ mode: 0o750, owner: 'deploy', group: 'deploy', empty: false }), answers, context), /backup\.dir: \/home\/deploy already holds files and is deploy:deploy 750/);
    assert.throws(() => backupStep.plan(withFolder({ mode: 0o755, owner: 'root', group: 'root', empty: false }), answers, context), /already holds files/);
    assert.throws(() => backupStep.plan(withFolder('symlink'), answers, context), /backup\.dir: \/home\/deploy is a symbolic link/);
  });

  it('needs the key file, names the databases when several could be meant, and refuses one that does not exist', () => {
    assert.throws(() => backupStep.resolveAnswers({}, fresh, context), /backup\.gpgPublicKeyFile is not set/);
    assert.throws(() => resolve({}, { ...fresh, databases: { names: ['postgres', 'shop', 'crm'] } }), (e: Error & { hint?: string }) => /backup\.database is not set/.test(e.message) && /shop, crm/.test(e.hint ?? ''));
    assert.throws(() => backupStep.plan(fresh, resolve({ database: 'crm' }), context), /backup\.database: "crm" does not exist on the server/);
    assert.throws(() => resolve({}, { ...fresh, databases: { error: 'psql: error: FATAL:  Peer authentication failed for user "app"' } }), /cannot reach PostgreSQL .*Peer authentication failed/);
  });

  it('validates every answer', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ source: 'kubernetes' }, /backup\.source: "kubernetes" is not one of "local", "docker-compose"/],
      [{ dir: 'backups' }, /backup\.dir: "backups" is not an absolute folder path/],
      [{ dir: '/srv/../etc' }, /is not an absolute folder path/],
      [{ dir: '/var' }, /is a system folder/],
      [{ retentionDays: 0 }, /backup\.retentionDays: 0 is not a number of days from 1 to 3650/],
      [{ dbUser: 'app user' }, /backup\.dbUser: "app user" is not a PostgreSQL role name/],
      [{ composeService: 'db;reboot' }, /backup\.composeService: "db;reboot" is not a compose service name/],
      [{ gpgRecipient: 'not an address' }, /backup\.gpgRecipient: "not an address" is not an e-mail address, fingerprint or long key ID/],
      [{ gpgRecipient: 'other@example.com' }, /backup\.gpgRecipient: "other@example\.com" is not in/],
      [{ schedul: '0 2 * * *' }, /unknown key backup\.schedul/],
    ];
    for (const [raw, message] of bad) assert.throws(() => backupStep.parseAnswers({ gpgPublicKeyFile: key.publicKeyFile, ...raw }, 'backup'), message);
    assert.equal(resolve({ gpgRecipient: key.fingerprint.slice(-16) }).gpgRecipient, key.fingerprint.slice(-16));
    assert.throws(() => resolve({ source: 'docker-compose' }), /composeDir and backup\.composeService are needed/);
  });

  it('reads cron schedules as cron does', () => {
    for (const good of ['0 2 * * *', '*/15 * * * *', '30 3 * * mon-fri', '0 0 1,15 jan,jul *', '@daily', '0 4 * * 7', '0-30/10 1-5 * * *']) assert.equal(cronScheduleProblem(good), undefined, good);
    for (const bad of ['0 2 * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 8', '* * * * * *', '@reboot', '0 2 * * funday', '*/0 * * * *', '0 2 * * * ; rm -rf /', '1/5 * * * *', '5-1 * * * *', '0 0 * * fri-sun', '0 2 * * *\n* * * * * root sh']) {
      assert.notEqual(cronScheduleProblem(bad), undefined, bad);
    }
  });
});

describe('backup audit', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  const epoch = (hoursAgo: number) => String(now / 1000 - hoursAgo * 3600);
  const job = { script: { content: 'pg_dump | gpg --batch --encrypt --recipient X', mode: 0o700, owner: 'root', group: 'root' }, cron: { content: '0 2 * * * root /usr/local/sbin/golive-backup', mode: 0o644, owner: 'root', group: 'root' }, keyring: ['ABCD'] };

  it('fails all three where golive set up no backup job', () => {
    const findings = backupFindings({ script: null, cron: null, keyring: [], latestBackup: '', restoreTest: undefined }, now);
    assert.deepEqual(findings.map((f) => [f.id, f.status]), [['backup.encrypted', 'fail'], ['backup.recent', 'fail'], ['backup.restoreTested', 'fail']]);
  });

  it('passes with the job, a backup of 3 h ago and a restore test that passed last week', () => {
    const findings = backupFindings({ ...job, latestBackup: `${epoch(3)} 2048 /backups/shop-20261130T090000Z.dump.gpg`, restoreTest: { at: '2026-11-23T10:00:00Z', ok: true, summary: 'restore test passed' } }, now);
    assert.deepEqual(findings.map((f) => f.status), ['pass', 'pass', 'pass']);
    assert.match(findings[1]!.evidence, /shop-20261130T090000Z\.dump\.gpg \(2048 bytes, 3 h old\)/);
  });

  it('fails a backup 30 h old and a restore test that failed; warns of one 100 days old', () => {
    const old = backupFindings({ ...job, latestBackup: `${epoch(30)} 1 /backups/a.dump.gpg`, restoreTest: { at: '2026-11-29T10:00:00Z', ok: false, summary: 'restore test FAILED' } }, now);
    assert.deepEqual(old.map((f) => f.status), ['pass', 'fail', 'fail']);
    const stale = backupFindings({ ...job, latestBackup: `${epoch(1)} 1 /backups/a.dump.gpg`, restoreTest: { at: '2026-08-20T10:00:00Z', ok: true, summary: 'restore test passed' } }, now);
    assert.equal(stale[2]!.status, 'warn');
  });

  it('reads only a record of golive\'s shape', () => {
    assert.deepEqual(parseRestoreTestRecord('{"at":"2026-11-30T10:00:00Z","ok":true,"summary":"s"}\n'), { at: '2026-11-30T10:00:00Z', ok: true, summary: 's' });
    assert.equal(parseRestoreTestRecord(''), undefined);
    assert.equal(parseRestoreTestRecord('{"at":1}'), undefined);
  });
});
