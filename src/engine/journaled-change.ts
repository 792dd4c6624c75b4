import { quoteArg, quoteCommand } from '../target/quote.js';
import type { Target } from '../target/target.js';
import { CommandError, GoliveError } from '../errors.js';
import { type CommandsRun, type Journal, sha256 } from './journal.js';
import { backupFiles, hashFiles } from './remote-fs.js';
import type { CommandChange, FileChange, Snapshot } from './types.js';

/**
 * Changes, journaled before they are made: a file's old bytes copied into the run's folder (or its
 * absence noted), so the undo script can put it back; a command's files likewise.
 */

/**
 * Commands run together in one round trip after their journal entry (two when a file one rewrites
 * is copied first). A command with stdin runs alone: its stdin is its own. Resolves with how many
 * ran and why the next one failed.
 */
export async function applyCommands(target: Target, journal: Journal, changes: readonly CommandChange[]): Promise<CommandsRun> {
  const manifest = journal.manifest;
  for (const path of changes.flatMap((c) => c.creates ?? [])) {
    manifest.files.push({ path, backup: undefined, before: undefined, afterSha256: null });
  }
  // Files a command rewrites: copies of them first (once a run); their new hashes once it has run.
  const touches = [...new Set(changes.flatMap((c) => c.touches ?? []))];
  const firstTouches = touches.filter((path) => !manifest.files.some((f) => f.path === path));
  const copies = firstTouches.map((path, n) => ({ path, backup: journal.backupPath(manifest.files.length + n + 1) }));
  const befores = await backupFiles(target, copies.map((c) => ({ path: c.path, backup: journal.absolute(c.backup) })));
  copies.forEach(({ path, backup }, n) => manifest.files.push({ path, backup: befores[n] ? backup : undefined, before: befores[n], afterSha256: null }));
  manifest.commands.push(...changes.map((c) => c.argv));
  const run = changes[0]?.stdin === undefined ? await journal.saveThenRun(changes.map((c) => c.argv), touches) : await runWithStdin(target, journal, changes[0], touches);
  // Saved with the next journal entry: until then the journal holds no hash for these files, and
  // the undo script restores them whatever they hold (but a file now gone).
  touches.forEach((path, n) => {
    const index = manifest.files.findIndex((f) => f.path === path);
    manifest.files[index] = { ...manifest.files[index]!, afterSha256: run.hashes[n] ?? null };
  });
  return run;
}

async function runWithStdin(target: Target, journal: Journal, change: CommandChange, touches: readonly string[]): Promise<CommandsRun> {
  await journal.save();
  const result = await target.exec(change.argv, { privileged: true, stdin: change.stdin });
  if (result.exitCode !== 0) return { ran: 0, failure: new CommandError(change.argv, result.exitCode, result.stderr), hashes: [] };
  return { ran: 1, hashes: await hashFiles(target, touches) };
}

/**
 * Files written together in two round trips, however many: every old file copied into the
 * journal (each must still be what the plan read, or nothing is written), then the manifest saved
 * with all of them and the writes. A run stopped between writes leaves a file not yet written as it
 * was, which the undo script recognises and leaves alone. Resolves with how many were written and
 * why the next one failed.
 */
export async function applyFileChanges(target: Target, journal: Journal, changes: readonly FileChange[]): Promise<{ readonly written: number; readonly error?: string }> {
  const manifest = journal.manifest;
  const copies = changes.map((change, n) => ({ change, backup: journal.backupPath(manifest.files.length + n + 1) }));
  const befores = await backupFiles(target, copies.map(({ change, backup }) => ({ path: change.path, backup: journal.absolute(backup) })));
  const stale = copies.findIndex(({ change }, n) => befores[n]?.sha256 !== (change.before ? sha256(change.before.content) : undefined));
  if (stale >= 0) {
    const { path } = copies[stale]!.change;
    throw new GoliveError(`${path} changed on the server after it was read; nothing was written to it`, 'run golive again to plan from its current content');
  }
  copies.forEach(({ change, backup }, n) => manifest.files.push({ path: change.path, backup: befores[n] ? backup : undefined, before: befores[n], afterSha256: sha256(change.after.content) }));
  return journal.saveThenWrite(changes.map((change) => ({ path: change.path, content: change.after.content, owner: change.after.owner, group: change.after.group, mode: change.after.mode })));
}

/** Runs each snapshot's save command on the server, its output straight into the journal (0600), in one round trip; then journals them. */
export async function saveSnapshots(target: Target, journal: Journal, snapshots: readonly Snapshot[]): Promise<void> {
  const saves = snapshots.map((snapshot) => `${quoteCommand(snapshot.save)} >"$d/snapshots/"${quoteArg(snapshot.name)}`);
  await target.execChecked(['sh', '-c', ['set -e', 'd=$1', 'umask 077', 'mkdir -p "$d/snapshots"', ...saves].join('\n'), 'sh', journal.dir], { privileged: true });
  journal.manifest.snapshots.push(...snapshots.map((snapshot) => ({ name: snapshot.name, restore: snapshot.restore })));
  await journal.save();
}
