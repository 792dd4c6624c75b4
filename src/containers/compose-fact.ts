import { posix } from 'node:path';
import { MAX_BYTES } from '../audit/containers-file.js';
import { PIN_FUNCTION, READ_FUNCTION } from '../engine/no-follow.js';
import type { Fact, FileState } from '../engine/types.js';

/**
 * The compose file as the step edits it: content, owner, group and mode, and the folder's owner
 * (who validates it). Read as the audit reads it (containers-file.ts): the folder entered as it
 * really is, no link followed, no FIFO waited on, one name only (no hard link), at most MAX_BYTES.
 */

export type ComposeFile =
  | { readonly kind: 'file'; readonly file: FileState; readonly folderOwner: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'refused'; readonly reason: string };

const READ_COMPOSE = `${PIN_FUNCTION}
${READ_FUNCTION}
d=$(dirname -- "$1") n=$(basename -- "$1")
[ -e "$d" ] || [ -L "$d" ] || { echo absent; exit 0; }
pin "$d" 2>/dev/null || { echo through-link; exit 0; }
if [ -L "$n" ]; then echo link; exit 0; fi
[ -e "$n" ] || { echo absent; exit 0; }
[ -f "$n" ] || { echo other; exit 0; }
echo file
stat -c '%U %G %a %h' -- "$n"
stat -c '%U' .
read_file "$n" | head -c ${MAX_BYTES + 1} | base64 -w0; echo`;

export function composeFileFact(path: string): Fact<ComposeFile> {
  return { argv: ['sh', '-c', READ_COMPOSE, 'sh', path], parse: (output) => parseComposeFile(output.stdout, path) };
}

export function parseComposeFile(stdout: string, path: string): ComposeFile {
  const [kind = '', stat = '', folderOwner = '', base64 = ''] = stdout.split('\n');
  const folder = posix.dirname(path);
  if (kind === 'absent') return { kind: 'absent' };
  if (kind === 'through-link') return { kind: 'refused', reason: `${folder} is reached through a symbolic link; golive does not follow links in the app's folder` };
  if (kind === 'link') return { kind: 'refused', reason: `${path} is a symbolic link; golive does not follow links in the app's folder (replace it with the file itself)` };
  if (kind === 'other') return { kind: 'refused', reason: `${path} is not a regular file` };
  if (kind !== 'file') return { kind: 'refused', reason: `could not read ${path}` };
  const [owner = '', group = '', mode = '', links = ''] = stat.split(' ');
  if (links !== '1') return { kind: 'refused', reason: `${path} has ${Number(links) || 'several'} names (hard links); golive edits a compose file only when it has one` };
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_BYTES) return { kind: 'refused', reason: `${path} is larger than ${MAX_BYTES / 1024} KiB` };
  return { kind: 'file', file: { content: bytes.toString('utf8'), owner, group, mode: parseInt(mode, 8) }, folderOwner };
}

/** Which compose validates and starts the app here: Docker's plugin, Debian's docker-compose, or neither. */
export type ComposeTool = 'plugin' | 'standalone' | 'none';

export const composeToolFact: Fact<ComposeTool> = {
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
