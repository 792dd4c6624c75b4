import { quoteCommand } from '../target/quote.js';
import { PUT_FUNCTION } from './remote-fs.js';
import type { Manifest } from './journal.js';

/**
 * The run's undo as a shell script kept in its journal folder: what a systemd timer on the server
 * runs when golive does not confirm a risky run in time (golive killed, connection cut). It does
 * what `golive rollback --force` does, from the same backups: files back in reverse order, created
 * files removed, rollback commands, saved state restored, reloads, and the run marked rolled back.
 */
export function undoScript(manifest: Manifest): string {
  const dir = `/var/lib/golive/runs/${manifest.runId}`;
  const lines = [
    '#!/bin/sh',
    `# Written by golive for run ${manifest.runId}: undoes the run when golive did not confirm it in time.`,
    `d=${dir}`,
    PUT_FUNCTION,
  ];
  for (const file of [...manifest.files].reverse()) {
    if (file.before && file.backup) {
      lines.push(quoteCommand(['put', `${dir}/${file.backup}`, file.path, file.before.uid, file.before.gid, file.before.mode.toString(8)]));
    } else {
      lines.push(quoteCommand(['remove', file.path]));
    }
  }
  for (const argv of manifest.undo) lines.push(`${quoteCommand(argv)} || true`);
  for (const snapshot of manifest.snapshots) lines.push(`${quoteCommand(snapshot.restore)} <${quoteCommand([`${dir}/snapshots/${snapshot.name}`])} || true`);
  for (const argv of manifest.reloads) lines.push(`${quoteCommand(argv)} || true`);
  lines.push(`sed -i '0,/"status": "[a-z-]*"/s//"status": "rolled-back"/' "$d/manifest.json"`);
  lines.push('echo "golive: run undone by its timer" | systemd-cat -t golive 2>/dev/null || true');
  return `${lines.join('\n')}\n`;
}
