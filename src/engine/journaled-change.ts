import type { Target } from '../target/target.js';
import { GoliveError } from '../errors.js';
import { type Journal, sha256 } from './journal.js';
import { backupFile, hashFiles, writeFileAtomic } from './remote-fs.js';
import type { Change, Snapshot } from './types.js';

/**
 * One change, journaled before it is made: the file's old bytes copied into the run's folder (or
 * its absence noted), so the undo script can put it back; a command's files likewise.
 */

export async function applyChange(target: Target, journal: Journal, change: Change): Promise<void> {
  const manifest = journal.manifest;
  if (change.kind === 'command') {
    for (const path of change.creates ?? []) {
      manifest.files.push({ path, backup: undefined, before: undefined, afterSha256: null });
    }
    // A command that rewrites files: copies of them first (once a run); their new hashes once it has run.
    const touches = change.touches ?? [];
    for (const path of touches) {
      if (manifest.files.some((f) => f.path === path)) continue;
      const backup = journal.backupPath(manifest.files.length + 1);
      const before = await backupFile(target, path, journal.absolute(backup));
      manifest.files.push({ path, backup: before ? backup : undefined, before, afterSha256: null });
    }
    manifest.commands.push(change.argv);
    await journal.save();
    await target.execChecked(change.argv, { privileged: true, stdin: change.stdin });
    if (touches.length > 0) {
      const hashes = await hashFiles(target, touches);
      touches.forEach((path, n) => {
        const index = manifest.files.findIndex((f) => f.path === path);
        manifest.files[index] = { ...manifest.files[index]!, afterSha256: hashes[n] ?? null };
      });
      await journal.save();
    }
    return;
  }
  const backup = journal.backupPath(manifest.files.length + 1);
  const before = await backupFile(target, change.path, journal.absolute(backup));
  const expected = change.before ? sha256(change.before.content) : undefined;
  if (before?.sha256 !== expected) {
    throw new GoliveError(`${change.path} changed on the server after it was read; nothing was written to it`, 'run golive again to plan from its current content');
  }
  manifest.files.push({ path: change.path, backup: before ? backup : undefined, before, afterSha256: sha256(change.after.content) });
  await journal.save();
  await writeFileAtomic(target, change.path, change.after.content, change.after);
}

/** Runs the snapshot's save command on the server, its output straight into the journal (0600). */
export async function saveSnapshot(target: Target, journal: Journal, snapshot: Snapshot): Promise<void> {
  await target.execChecked(['sh', '-c', 'd=$1; n=$2; shift 2; umask 077; mkdir -p "$d/snapshots" && "$@" >"$d/snapshots/$n"', 'sh', journal.dir, snapshot.name, ...snapshot.save], {
    privileged: true,
  });
  journal.manifest.snapshots.push({ name: snapshot.name, restore: snapshot.restore });
  await journal.save();
}
