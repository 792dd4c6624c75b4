import { runner, withRunLock } from '../engine/run-lock.js';
import type { Session } from '../engine/session.js';
import { GoliveError, lastLines } from '../errors.js';
import type { Interaction } from '../interaction.js';
import type { Target } from '../target/target.js';
import { BACKUP_SCRIPT, type BackupAnswers, databaseAccess, RESTORE_TEST_RECORD, type RestoreTestRecord } from './job.js';
import { decryptLocally, PassphraseNeeded } from './local-gpg.js';
import { COUNT_ROWS, type DatabaseAccess, queryArgv, queryOptions } from './postgres.js';
import { type ScratchDatabase, scratchCommand, withScratchDatabase } from './scratch-database.js';

/** The backup step's answers, planned against the server: the job must be in place as they say. */
export async function backupJobAnswers(session: Session): Promise<BackupAnswers> {
  const planned = (await session.plan()).find((p) => p.step.id === 'backup');
  if (!planned) throw new GoliveError('the backup step is not configured');
  if (planned.plan.changes.length > 0) throw new GoliveError('the backup job on the server is not as the answers say', 'apply the backup step first');
  return planned.answers as BackupAnswers;
}

/** Runs the backup job once, under the run lock; resolves with the new backup's path on the server. */
export async function backUpNow(session: Session, onNote?: (text: string) => void): Promise<string> {
  return withRunLock(session.target, `backup-now by ${runner()}`, async () => {
    await backupJobAnswers(session);
    return runBackupNow(session.target);
  }, onNote);
}

/** Runs the backup job once, as cron would; resolves with the new backup's path on the server. */
async function runBackupNow(target: Target): Promise<string> {
  const result = await target.exec([BACKUP_SCRIPT], { privileged: true });
  if (result.exitCode !== 0) throw new GoliveError(`the backup failed (exit ${result.exitCode}): ${lastLines(result.stderr, 1) || 'see journalctl -t golive-backup'}`);
  return lastLines(result.stdout, 1);
}

export interface RestoreResult {
  readonly ok: boolean;
  /** The result in one line, for a person. */
  readonly summary: string;
  readonly backup: string;
  readonly tables: number;
  readonly rows: number;
  readonly mismatches: readonly string[];
}

/** A fresh backup, restore-tested; the private key's passphrase is asked for when it has one. */
export async function backUpAndTestRestore(session: Session, privateKeyFile: string, interaction: Interaction, onNote?: (text: string) => void): Promise<RestoreResult> {
  return withRunLock(session.target, `test-restore by ${runner()}`, () => backUpAndTestRestoreLocked(session, privateKeyFile, interaction), onNote);
}

async function backUpAndTestRestoreLocked(session: Session, privateKeyFile: string, interaction: Interaction): Promise<RestoreResult> {
  const answers = await backupJobAnswers(session);
  const backup = await runBackupNow(session.target);
  let result: RestoreResult;
  try {
    result = await testRestore(session.target, answers, backup, privateKeyFile).catch(async (error: unknown) => {
      if (!(error instanceof PassphraseNeeded) || !interaction.canAsk) throw error;
      const passphrase = await interaction.askSecret(`Passphrase of ${privateKeyFile}: `);
      return testRestore(session.target, answers, backup, privateKeyFile, passphrase);
    });
  } catch (error) {
    if (!(error instanceof PassphraseNeeded)) await recordRestoreTest(session.target, { at: new Date().toISOString(), ok: false, summary: `restore test failed: ${error instanceof Error ? error.message : String(error)}` });
    throw error;
  }
  await recordRestoreTest(session.target, { at: new Date().toISOString(), ok: result.ok, summary: result.summary });
  return result;
}

/** Kept on the server, so the audit can say when a restore was last proven, from any admin's machine. */
async function recordRestoreTest(target: Target, record: RestoreTestRecord): Promise<void> {
  const file = RESTORE_TEST_RECORD;
  await target.execChecked(['sh', '-c', 'umask 077 && mkdir -p -- "${1%/*}" && cat >"$1.tmp" && mv -f -- "$1.tmp" "$1"', 'sh', file], { privileged: true, stdin: `${JSON.stringify(record)}\n` });
}

/**
 * Proves a backup restores: its encrypted bytes come to the admin's side, are decrypted there with
 * the private key, and go back into a scratch database next to the real one — restored and counted
 * as a throwaway role that is no superuser, so the app's code in the dump runs with no more rights
 * than that role; the row counts of every table are compared, and the scratch database and role
 * are dropped whatever happens.
 */
export async function testRestore(target: Target, answers: BackupAnswers, backup: string, privateKeyFile: string, passphrase?: string): Promise<RestoreResult> {
  const access = databaseAccess(answers);
  const encrypted = Buffer.from((await target.execChecked(['base64', '-w0', '--', backup], { privileged: true })).stdout.trim(), 'base64');
  const dump = await decryptLocally(encrypted, privateKeyFile, passphrase);
  if (dump.subarray(0, 5).toString('latin1') !== 'PGDMP') throw new GoliveError(`${backup} decrypts, but not to a pg_dump archive`);
  return withScratchDatabase(target, access, async (scratch) => {
    await restoreInto(target, access, scratch, dump);
    const live = await rowCounts(target, answers.database, { argv: queryArgv(access, answers.database, COUNT_ROWS) });
    const copy = await rowCounts(target, scratch.name, scratchCommand(access, scratch, 'psql', queryOptions(scratch.name, COUNT_ROWS)));
    return compareCounts({ backup, database: answers.database, bytes: encrypted.length }, live, copy);
  });
}

async function restoreInto(target: Target, access: DatabaseAccess, scratch: ScratchDatabase, dump: Buffer): Promise<void> {
  const { argv, stdin } = scratchCommand(access, scratch, 'pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${scratch.name}`], dump);
  const restored = await target.exec(argv, { privileged: true, stdin });
  if (restored.exitCode !== 0) {
    throw new GoliveError(
      `pg_restore into the scratch database failed: ${lastLines(restored.stderr, 1)}`,
      'the scratch database is restored as a role that is no superuser, over 127.0.0.1 with a password: PostgreSQL must take password logins there (Debian does), and a dump needing a superuser (an untrusted extension) cannot be tested this way',
    );
  }
}

async function rowCounts(target: Target, database: string, command: { readonly argv: readonly string[]; readonly stdin?: Buffer }): Promise<Map<string, number>> {
  const counted = await target.exec(command.argv, { privileged: true, stdin: command.stdin });
  if (counted.exitCode !== 0) {
    const tooOld = counted.stderr.includes('restrict_nonsystem_relation_kind');
    throw new GoliveError(
      `cannot count the rows of ${database}: ${lastLines(counted.stderr, 1)}`,
      tooOld ? 'PostgreSQL 13.16, 14.13, 15.8, 16.4 or later is needed: older ones cannot refuse to run an app view as superuser; update PostgreSQL' : undefined,
    );
  }
  return new Map(
    counted.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const at = line.lastIndexOf('|');
        return [line.slice(0, at), Number(line.slice(at + 1))] as const;
      }),
  );
}

function compareCounts(of: { backup: string; database: string; bytes: number }, live: Map<string, number>, copy: Map<string, number>): RestoreResult {
  const mismatches = [...new Set([...live.keys(), ...copy.keys()])]
    .filter((table) => live.get(table) !== copy.get(table))
    .map((table) => `${table}: ${live.get(table) ?? 'missing'} in ${of.database}, ${copy.get(table) ?? 'missing'} restored`);
  const rows = [...copy.values()].reduce((sum, n) => sum + n, 0);
  const size = `${Math.max(1, Math.round(of.bytes / 1024))} KiB`;
  const summary =
    mismatches.length === 0
      ? `restore test passed: ${of.backup} (${size}) restored ${copy.size} tables, ${rows} rows, the same counts as ${of.database}`
      : `restore test FAILED: ${of.backup} (${size}) differs from ${of.database} (rows written since the backup count too): ${mismatches.join('; ')}`;
  return { ok: mismatches.length === 0, summary, backup: of.backup, tables: copy.size, rows, mismatches };
}
