import type { Target } from '../target/target.js';
import { PIN_FUNCTION, READ_FUNCTION } from './no-follow.js';

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
put() (
  set -eC
  umask 077
  pin "$(dirname -- "$2")"
  name=$(basename -- "$2")
  t=".golive.$(od -An -N8 -tx1 /dev/urandom | tr -d ' \\n')"
  trap 'rm -f -- "$t"' EXIT
  exec 3>"$t"
  if [ "$1" = - ]; then cat >&3; else cat -- "$1" >&3; fi
  chown -- "$3:$4" /proc/self/fd/3
  chmod -- "$5" /proc/self/fd/3
  mv -f -T -- "$t" "$name"
  trap - EXIT
  [ "$(stat -c %d:%i -- "$name")" = "$(stat -L -c %d:%i /proc/self/fd/3)" ] || { echo "$2 was replaced while golive wrote it" >&2; exit 1; }
)
remove() (
  d=$(dirname -- "$1")
  [ -e "$d" ] || [ -L "$d" ] || exit 0
  pin "$d" && rm -f -- "$(basename -- "$1")"
)`;
/**
 * Copies a file into the journal (0600 from its first byte) and prints its uid, gid, mode, owner,
 * group and sha256. Read without following links: in someone else's folder a link could point at
 * /etc/shadow, whose bytes rollback would then hand to that account.
 */
const BACKUP = `${PIN_FUNCTION}
${READ_FUNCTION}
umask 077
d=$(dirname -- "$1") n=$(basename -- "$1")
[ -d "$d" ] || [ -L "$d" ] || { echo absent; exit 0; }
pin "$d" || exit 3
if [ -e "$n" ] || [ -L "$n" ]; then
  [ -f "$n" ] && [ ! -L "$n" ] || { echo "not a regular file: $1" >&2; exit 3; }
  read_file "$n" >"$2" && chmod 0600 -- "$2"
  stat -c '%u %g %a %U %G' -- "$n"
  sha256sum <"$2" | cut -d' ' -f1
else
  echo absent
fi`;

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

export async function writeFileAtomic(target: Target, path: string, content: string | Buffer, ownership: Ownership): Promise<void> {
  await target.execChecked(['sh', '-c', `${PUT_FUNCTION}\nput "$@"`, 'sh', '-', path, ownership.owner, ownership.group, ownership.mode.toString(8)], {
    privileged: true,
    stdin: content,
  });
}

export interface BackedUp {
  readonly uid: string;
  readonly gid: string;
  readonly mode: number;
  readonly owner: string;
  readonly group: string;
  readonly sha256: string;
}

/** Copies `path` to `backup` on the server; undefined when `path` does not exist. */
export async function backupFile(target: Target, path: string, backup: string): Promise<BackedUp | undefined> {
  const { stdout } = await target.execChecked(['sh', '-c', BACKUP, 'sh', path, backup], { privileged: true });
  const [statLine = '', sha256 = ''] = stdout.trim().split('\n');
  if (statLine === ABSENT) return undefined;
  const [uid = '', gid = '', mode = '', owner = '', group = ''] = statLine.split(' ');
  return { uid, gid, mode: parseInt(mode, 8), owner, group, sha256 };
}

/** sha256 of each file, null for one that does not exist, in one round trip. */
export async function hashFiles(target: Target, paths: readonly string[]): Promise<(string | null)[]> {
  if (paths.length === 0) return [];
  const { stdout } = await target.execChecked(['sh', '-c', HASHES, 'sh', ...paths], { privileged: true });
  return stdout.trim().split('\n').map((line) => (line === ABSENT ? null : line));
}
