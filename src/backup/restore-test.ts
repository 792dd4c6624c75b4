import { BACKUP_SCRIPT, type BackupAnswers, databaseAccess } from '../../steps/backup.js';
import type { Session } from '../engine/session.js';
import { GoliveError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import type { Target } from '../target/target.js';
import { decryptLocally, PassphraseNeeded } from './local-gpg.js';

/** The backup step's answers, planned against the server: the job must be in place as they say. */
export async function backupJobAnswers(session: Session): Promise<BackupAnswers> {
  const planned = (await session.plan()).find((p) => p.step.id === 'backup');
  if (!planned) throw new GoliveError('the backup step is not configured');
  if (planned.plan.changes.length > 0) throw new GoliveError('the backup job on the server is not as the answers say', 'apply the backup step first');
  return planned.answers as BackupAnswers;
}
import { clientArgv, COUNT_ROWS, type DatabaseAccess, queryArgv } from './postgres.js';

/** Runs the backup job once, as cron would; resolves with the new backup's path on the server. */
export async function runBackupNow(target: Target): Promise<string> {
  const result = await target.exec([BACKUP_SCRIPT], { privileged: true });
  if (result.exitCode !== 0) throw new GoliveError(`the backup failed (exit ${result.exitCode}): ${lastLine(result.stderr) || 'see journalctl -t golive-backup'}`);
  return lastLine(result.stdout);
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
export async function backUpAndTestRestore(session: Session, privateKeyFile: string, interaction: Interaction): Promise<RestoreResult> {
  const answers = await backupJobAnswers(session);
  const backup = await runBackupNow(session.target);
  try {
    return await testRestore(session.target, answers, backup, privateKeyFile);
  } catch (error) {
    if (!(error instanceof PassphraseNeeded) || !interaction.canAsk) throw error;
    const passphrase = await interaction.askSecret(`Passphrase of ${privateKeyFile}: `);
    return testRestore(session.target, answers, backup, privateKeyFile, passphrase);
  }
}

/**
 * Proves a backup restores: its encrypted bytes come to the admin's side, are decrypted there with
 * the private key, and go back into a scratch database next to the real one; the row counts of
 * every table are compared, and the scratch database is dropped whatever happens.
 */
export async function testRestore(target: Target, answers: BackupAnswers, backup: string, privateKeyFile: string, passphrase?: string): Promise<RestoreResult> {
  const access = databaseAccess(answers);
  const encrypted = Buffer.from((await target.execChecked(['base64', '-w0', '--', backup], { privileged: true })).stdout.trim(), 'base64');
  const dump = await decryptLocally(encrypted, privateKeyFile, passphrase);
  if (dump.subarray(0, 5).toString('latin1') !== 'PGDMP') throw new GoliveError(`${backup} decrypts, but not to a pg_dump archive`);
  const scratch = `golive_restore_${Date.now().toString(36)}`;
  await target.execChecked(clientArgv(access, 'createdb', [scratch]), { privileged: true });
  try {
    const restored = await target.exec(clientArgv(access, 'pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${scratch}`]), { privileged: true, stdin: dump });
    if (restored.exitCode !== 0) throw new GoliveError(`pg_restore into the scratch database failed: ${lastLine(restored.stderr)}`);
    const [live, copy] = [await rowCounts(target, access, answers.database), await rowCounts(target, access, scratch)];
    const mismatches = [...new Set([...live.keys(), ...copy.keys()])]
      .filter((table) => live.get(table) !== copy.get(table))
      .map((table) => `${table}: ${live.get(table) ?? 'missing'} in ${answers.database}, ${copy.get(table) ?? 'missing'} restored`);
    const rows = [...copy.values()].reduce((sum, n) => sum + n, 0);
    const size = `${Math.max(1, Math.round(encrypted.length / 1024))} KiB`;
    const summary =
      mismatches.length === 0
        ? `restore test passed: ${backup} (${size}) restored ${copy.size} tables, ${rows} rows, the same counts as ${answers.database}`
        : `restore test FAILED: ${backup} (${size}) differs from ${answers.database} (rows written since the backup count too): ${mismatches.join('; ')}`;
    return { ok: mismatches.length === 0, summary, backup, tables: copy.size, rows, mismatches };
  } finally {
    await target.exec(clientArgv(access, 'dropdb', ['--if-exists', scratch]), { privileged: true });
  }
}

async function rowCounts(target: Target, access: DatabaseAccess, database: string): Promise<Map<string, number>> {
  const { stdout } = await target.execChecked(queryArgv(access, database, COUNT_ROWS), { privileged: true });
  return new Map(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const at = line.lastIndexOf('|');
        return [line.slice(0, at), Number(line.slice(at + 1))] as const;
      }),
  );
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
