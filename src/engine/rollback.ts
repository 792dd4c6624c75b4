import type { Target } from '../target/target.js';
import { hashFiles, removeFile, restoreFileAtomic } from './remote-fs.js';
import { Journal, type JournaledFile, type Manifest } from './journal.js';

/**
 * Puts back every file a run touched, byte for byte with its owner and mode, removes files the run
 * created, then validates and reloads what the run reloaded. A file that changed since the run is
 * left alone and reported, unless forced.
 */

export type FileOutcome = 'restored' | 'removed' | 'unchanged' | 'changed-since' | 'failed';

export interface RollbackReport {
  readonly runId: string;
  readonly files: readonly { readonly path: string; readonly outcome: FileOutcome; readonly detail?: string }[];
  readonly validationFailures: readonly string[];
  readonly reloadFailures: readonly string[];
  readonly complete: boolean;
}

function classify(file: JournaledFile, current: string, force: boolean): 'restore' | 'nothing' | 'changed-since' {
  const before = file.before?.sha256 ?? 'absent';
  if (current === before) return 'nothing';
  const ours = file.afterSha256 === null ? current !== 'absent' : current === file.afterSha256;
  if (ours || force) return 'restore';
  return 'changed-since';
}

/** Stops a run's undo timer. `strict`: a timer that cannot be stopped is an error (it would undo a good run). */
export async function cancelUndoTimer(target: Target, unit: string, strict: boolean): Promise<void> {
  const result = await target.exec(['systemctl', 'stop', `${unit}.timer`], { privileged: true });
  if (strict && result.exitCode !== 0) throw new Error(`could not stop the undo timer ${unit}.timer: ${result.stderr.trim()}`);
}

export async function rollbackRun(target: Target, manifest: Manifest, options: { readonly force: boolean }): Promise<RollbackReport> {
  const journal = new Journal(target, manifest);
  // The server's own undo must not run at the same time as this one.
  if (manifest.undoTimer) await cancelUndoTimer(target, manifest.undoTimer, false);
  manifest.status = 'rolling-back';
  await journal.save();

  const files = [...manifest.files].reverse();
  const hashes = await hashFiles(target, files.map((f) => f.path));
  const outcomes: { path: string; outcome: FileOutcome; detail?: string }[] = [];
  for (const [index, file] of files.entries()) {
    const decision = classify(file, hashes[index] ?? 'absent', options.force);
    if (decision === 'nothing') {
      outcomes.push({ path: file.path, outcome: 'unchanged' });
      continue;
    }
    if (decision === 'changed-since') {
      outcomes.push({ path: file.path, outcome: 'changed-since', detail: 'changed since this run; left alone (use --force to restore it anyway)' });
      continue;
    }
    try {
      if (file.before && file.backup) {
        await restoreFileAtomic(target, journal.absolute(file.backup), file.path, { owner: file.before.uid, group: file.before.gid, mode: file.before.mode });
        outcomes.push({ path: file.path, outcome: 'restored' });
      } else {
        await removeFile(target, file.path);
        outcomes.push({ path: file.path, outcome: 'removed' });
      }
    } catch (error) {
      outcomes.push({ path: file.path, outcome: 'failed', detail: error instanceof Error ? error.message : String(error) });
    }
  }

  const touched = outcomes.some((o) => o.outcome === 'restored' || o.outcome === 'removed');
  const validationFailures: string[] = [];
  const reloadFailures: string[] = [];
  if (touched || (manifest.snapshots ?? []).length > 0) {
    for (const argv of manifest.undo ?? []) {
      const result = await target.exec(argv, { privileged: true });
      if (result.exitCode !== 0) reloadFailures.push(`${argv.join(' ')}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    }
    for (const snapshot of manifest.snapshots ?? []) {
      const file = `${journal.dir}/snapshots/${snapshot.name}`;
      const result = await target.exec(['sh', '-c', 'f=$1; shift; "$@" <"$f"', 'sh', file, ...snapshot.restore], { privileged: true });
      if (result.exitCode !== 0) reloadFailures.push(`${snapshot.restore.join(' ')} <${file}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    }
  }
  if (touched) {
    for (const argv of manifest.validations) {
      const result = await target.exec(argv, { privileged: true });
      if (result.exitCode !== 0) validationFailures.push(`${argv.join(' ')}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    }
    // Reloading a service whose restored config does not validate would take it down: skip then.
    if (validationFailures.length === 0) {
      for (const argv of manifest.reloads) {
        const result = await target.exec(argv, { privileged: true });
        if (result.exitCode !== 0) reloadFailures.push(`${argv.join(' ')}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
      }
    }
  }
  const complete = outcomes.every((o) => o.outcome === 'restored' || o.outcome === 'removed' || o.outcome === 'unchanged') && validationFailures.length === 0 && reloadFailures.length === 0;
  manifest.status = complete ? 'rolled-back' : 'rollback-incomplete';
  manifest.finishedAt = new Date().toISOString();
  await journal.save();
  return { runId: manifest.runId, files: outcomes, validationFailures, reloadFailures, complete };
}
