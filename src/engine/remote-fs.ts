import type { Target } from '../target/target.js';
import { PIN_FUNCTION, READ_FUNCTION, SPLIT_PATH_FUNCTION } from './no-follow.js';

/**
 * File operations on the server, each one privileged command built from a fixed script and
 * positional arguments: paths and owners are never pasted into shell text.
 */

/**
 * put SOURCE DEST OWNER GROUP MODE: copies SOURCE (- for stdin) to a new file beside DEST, then
 * renames it into place. DEST's folder may belong to someone else (an app's .env): golive enters it
 * pinned (no link on the way), the temporary name is random and created with O_EXCL (noclobber), so
 * never through a link planted there; owner and mode are set through the open descriptor; `mv -T`
 * replaces a link at DEST instead of following it; after the rename DEST must be that same file.
 * The undo script on the server uses the same function.
 */
export const PUT_FUNCTION = `${PIN_FUNCTION}
${SPLIT_PATH_FUNCTION}
put() (
  set -eC
  umask 077
  split_path "$2"
  pin "$d"
  r=$(od -An -N8 -tx8 /dev/urandom)
  t=".golive.\${r##* }"
  trap 'rm -f -- "$t"' EXIT
  exec 3>"$t"
  if [ "$1" = - ]; then cat >&3; else cat -- "$1" >&3; fi
  chown -- "$3:$4" /proc/self/fd/3
  chmod -- "$5" /proc/self/fd/3
  mv -f -T -- "$t" "$n"
  trap - EXIT
  [ ! -L "$n" ] && [ "$n" -ef /proc/self/fd/3 ] || { echo "$2 was replaced while golive wrote it" >&2; exit 1; }
)
remove() (
  split_path "$1"
  [ -e "$d" ] || [ -L "$d" ] || exit 0
  pin "$d" && rm -f -- "$n"
)`;
/**
 * backup PATH COPY: copies a file into the journal (0600 from its first byte: umask 077) and prints its uid,
 * gid, mode, owner, group and sha256. Read without following links: in someone else's folder a link
 * could point at /etc/shadow, whose bytes rollback would then hand to that account. Several files
 * go in one round trip, each in a subshell of its own (it changes folder), its answer after a marker.
 */
const BACKUP = `${PIN_FUNCTION}
${READ_FUNCTION}
${SPLIT_PATH_FUNCTION}
umask 077
backup() (
  split_path "$1"
  [ -d "$d" ] || [ -L "$d" ] || { echo absent; exit 0; }
  pin "$d" || exit 3
  if [ -e "$n" ] || [ -L "$n" ]; then
    [ -f "$n" ] && [ ! -L "$n" ] || { echo "not a regular file: $1" >&2; exit 3; }
    read_file "$n" >"$2"
    stat -c '%u %g %a %U %G' -- "$n"
    sha256sum <"$2"
  else
    echo absent
  fi
)
while [ $# -gt 0 ]; do
  echo @@file
  backup "$1" "$2" || exit 3
  shift 2
done`;

/** What the server's scripts print for a file that does not exist; read back as null or undefined. */
const ABSENT = 'absent';

/** hash_of PATH: its sha256, or "link" or "absent"; what rollback compares with the journal. */
export const HASH_FUNCTION = `hash_of() (
  if [ -L "$1" ]; then echo link; elif [ -f "$1" ]; then sha256sum <"$1" | cut -d' ' -f1; else echo absent; fi
)`;

const HASHES = `${HASH_FUNCTION}
for p in "$@"; do hash_of "$p"; done`;

export interface Ownership {
  readonly owner: string;
  readonly group: string;
  readonly mode: number;
}

/**
 * Writes files, each atomically: after `prefix` (a script reading its own bytes of stdin first),
 * their contents one after another on stdin, each `put` reading exactly its own bytes (head -c).
 * It stops at the first that fails; "@@written N" after each file says how far it got. Arguments:
 * what `prefix` takes (`skip` of them), then SIZE PATH OWNER GROUP MODE for each file.
 */
function putEachScript(prefix: string, skip: number): string {
  return `${PUT_FUNCTION}
${prefix}
shift ${skip}
n=0
while [ $# -gt 0 ]; do
  head -c "$1" | put - "$2" "$3" "$4" "$5" || exit 1
  n=$((n + 1)); echo "@@written $n"
  shift 5
done`;
}

export interface FileToWrite extends Ownership {
  readonly path: string;
  readonly content: string | Buffer;
}

/**
 * Runs `prefix` (given `prefixArgs` and `prefixInput` first on stdin), then writes the files: how
 * many were written, in order, and why the next was not (when one failed).
 */
export async function writeFilesAfter(target: Target, prefix: string, prefixArgs: readonly string[], prefixInput: Buffer, files: readonly FileToWrite[]): Promise<{ readonly written: number; readonly error?: string }> {
  const contents = files.map((f) => Buffer.from(f.content));
  const args = files.flatMap((f, i) => [String(contents[i]!.length), f.path, f.owner, f.group, f.mode.toString(8)]);
  const script = putEachScript(prefix, prefixArgs.length);
  const result = await target.exec(['sh', '-c', script, 'sh', ...prefixArgs, ...args], { privileged: true, stdin: Buffer.concat([prefixInput, ...contents]) });
  const written = [...result.stdout.matchAll(/^@@written (\d+)$/gm)].length;
  return result.exitCode === 0 ? { written } : { written, error: result.stderr.trim() || `exit ${result.exitCode}` };
}

export interface BackedUp {
  readonly uid: string;
  readonly gid: string;
  readonly mode: number;
  readonly owner: string;
  readonly group: string;
  readonly sha256: string;
}

/** Copies each path to its backup on the server, in one round trip; undefined for a path that does not exist. */
export async function backupFiles(target: Target, files: readonly { readonly path: string; readonly backup: string }[]): Promise<(BackedUp | undefined)[]> {
  if (files.length === 0) return [];
  const { stdout } = await target.execChecked(['sh', '-c', BACKUP, 'sh', ...files.flatMap((f) => [f.path, f.backup])], { privileged: true });
  return stdout.split('@@file\n').slice(1).map((answer) => {
    const [statLine = '', sha256 = ''] = answer.trim().split('\n');
    if (statLine === ABSENT) return undefined;
    const [uid = '', gid = '', mode = '', owner = '', group = ''] = statLine.split(' ');
    return { uid, gid, mode: parseInt(mode, 8), owner, group, sha256: sha256.split(' ')[0]! };
  });
}

/** sha256 of each file, null for one that does not exist, in one round trip. */
export async function hashFiles(target: Target, paths: readonly string[]): Promise<(string | null)[]> {
  if (paths.length === 0) return [];
  const { stdout } = await target.execChecked(['sh', '-c', HASHES, 'sh', ...paths], { privileged: true });
  return stdout.trim().split('\n').map((line) => (line === ABSENT ? null : line));
}
