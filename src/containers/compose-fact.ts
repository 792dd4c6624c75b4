import { posix } from 'node:path';
import { type ComposeBytes, composeBytesFact, parseComposeBytes } from '../audit/containers-file.js';
import type { CommandFact, FileState } from '../engine/types.js';

/**
 * The compose file as the step edits it: content, owner, group and mode, and the folder's owner
 * (who validates it). Read by the audit's own reader (containers-file.ts): the folder entered as it
 * really is, no link followed, no FIFO waited on, one name only (no hard link), at most MAX_BYTES.
 */

export type ComposeFile =
  | { readonly kind: 'file'; readonly file: FileState; readonly folderOwner: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'refused'; readonly reason: string };

export function composeFileFact(path: string): CommandFact<ComposeFile> {
  const bytes = composeBytesFact(posix.dirname(path), [posix.basename(path)]);
  return { argv: bytes.argv, parse: (output) => asComposeFile(bytes.parse(output)) };
}

export function parseComposeFile(stdout: string, path: string): ComposeFile {
  return asComposeFile(parseComposeBytes(stdout, posix.dirname(path)));
}

function asComposeFile(bytes: ComposeBytes): ComposeFile {
  if (bytes.kind === 'none') return { kind: 'absent' };
  if (bytes.kind === 'refused') return { kind: 'refused', reason: bytes.reason };
  return { kind: 'file', file: bytes.file, folderOwner: bytes.folderOwner };
}

/** Which compose validates and starts the app here: Docker's plugin, Debian's docker-compose, or neither. */
export type ComposeTool = 'plugin' | 'standalone' | 'none';

export const composeToolFact: CommandFact<ComposeTool> = {
  argv: ['sh', '-c', 'if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then echo plugin; elif command -v docker-compose >/dev/null 2>&1; then echo standalone; else echo none; fi'],
  parse: (output) => (['plugin', 'standalone'].includes(output.stdout.trim()) ? (output.stdout.trim() as ComposeTool) : 'none'),
};

/** compose's own command line for the file: `docker compose -f FILE …` or `docker-compose -f FILE …`. */
export function composeCommand(tool: Exclude<ComposeTool, 'none'>, file: string, ...args: string[]): string[] {
  const folder = posix.dirname(file);
  return tool === 'plugin' ? ['docker', 'compose', '--project-directory', folder, '-f', file, ...args] : ['docker-compose', '--project-directory', folder, '-f', file, ...args];
}

/**
 * `config -q` of the new file, as the folder's owner: the compose file and the .env it reads are
 * the app user's, and root never runs what a user controls. An empty environment, in the folder.
 */
export function validateAs(user: string, tool: Exclude<ComposeTool, 'none'>, file: string): string[] {
  return ['runuser', '-u', user, '--', 'env', '-i', `--chdir=${posix.dirname(file)}`, 'PATH=/usr/local/bin:/usr/bin:/bin', ...composeCommand(tool, file, 'config', '-q')];
}
