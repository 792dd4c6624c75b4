import type { AuditFinding, AuditItem, FileState } from '../engine/types.js';
import { BACKUP_SCRIPT, type RestoreTestRecord } from './job.js';

const RECENT_HOURS = 26;
const RESTORE_TEST_DAYS = 90;

export const BACKUP_AUDIT_ITEMS: readonly AuditItem[] = [
  { id: 'backup.encrypted', title: 'Database backups encrypted and scheduled', fix: 'golive apply --only backup' },
  { id: 'backup.recent', title: `A backup younger than ${RECENT_HOURS} h`, fix: 'golive backup-now; check the cron job (journalctl -t golive-backup)' },
  { id: 'backup.restoreTested', title: 'Backup restore tested', fix: 'golive test-restore --private-key FILE' },
];

export interface BackupAuditFacts {
  readonly script: FileState | null;
  readonly cron: FileState | null;
  /** Fingerprints in the job's keyring. */
  readonly keyring: readonly string[];
  /** The newest backup: "EPOCH SIZE PATH", or ''. */
  readonly latestBackup: string;
  readonly restoreTest: RestoreTestRecord | undefined;
}

/** The newest backup, from "EPOCH SIZE PATH" (find -printf): its path, size and age in hours; undefined for ''. */
export function newestBackup(latest: string, now = Date.now()): { readonly path: string; readonly size: string; readonly hours: number } | undefined {
  if (!latest) return undefined;
  const [epoch, size = '', ...path] = latest.split(' ');
  return { path: path.join(' '), size, hours: (now / 1000 - Number(epoch)) / 3600 };
}

/** golive's backup job, its newest backup and its last restore test. `now` in ms, for tests. */
export function backupFindings(facts: BackupAuditFacts, now = Date.now()): AuditFinding[] {
  const [encrypted, recent, tested] = BACKUP_AUDIT_ITEMS as [AuditItem, AuditItem, AuditItem];
  const encrypts = facts.script !== null && facts.script.content.includes('--encrypt');
  const newest = newestBackup(facts.latestBackup, now);
  const record = facts.restoreTest;
  const days = record ? (now - Date.parse(record.at)) / 86_400_000 : undefined;
  return [
    {
      ...encrypted,
      status: encrypts && facts.cron !== null ? 'pass' : 'fail',
      evidence: !facts.script ? `no backup job of golive's (${BACKUP_SCRIPT} is missing)` : `${BACKUP_SCRIPT} ${encrypts ? `encrypts with gpg to ${facts.keyring.join(', ') || 'a key not in its keyring'}` : 'does not encrypt'}; ${facts.cron ? 'scheduled by cron' : 'not scheduled'}`,
    },
    {
      ...recent,
      status: newest && newest.hours < RECENT_HOURS ? 'pass' : 'fail',
      evidence: newest ? `newest backup: ${newest.path} (${newest.size} bytes, ${Math.round(newest.hours)} h old)` : 'no backup found in the backup folder',
    },
    {
      ...tested,
      status: !record || !record.ok ? 'fail' : days! > RESTORE_TEST_DAYS ? 'warn' : 'pass',
      evidence: !record ? 'golive has no record of a restore test on this server' : `${record.at.slice(0, 10)}: ${record.summary}${record.ok && days! > RESTORE_TEST_DAYS ? ` (over ${RESTORE_TEST_DAYS} days ago)` : ''}`,
    },
  ];
}

/** The record the restore test keeps, or undefined when there is none or it is not golive's shape. */
export function parseRestoreTestRecord(stdout: string): RestoreTestRecord | undefined {
  try {
    const value = JSON.parse(stdout) as Partial<RestoreTestRecord>;
    return typeof value.at === 'string' && typeof value.ok === 'boolean' && typeof value.summary === 'string' ? { at: value.at, ok: value.ok, summary: value.summary } : undefined;
  } catch {
    return undefined;
  }
}
