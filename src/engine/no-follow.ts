/**
 * Shell functions for root's work in folders other accounts own (an app's .env, its .gitignore,
 * a repository's index). Such an account can plant a symbolic link at any name it controls, or swap
 * a folder for a link, between golive's check and its write. So root first enters the folder as it
 * really is — `cd -P`, then the physical path must be the one asked for — and names files relative
 * to it from then on: a link swapped in later cannot move golive elsewhere. Files are opened with
 * O_NOFOLLOW (dd's iflag=nofollow) and replaced with `mv -T` (which renames over a link, never
 * into the folder it points to).
 */

/** pin FOLDER: cd into FOLDER, refusing one reached through a symbolic link (after `cd -P`, $PWD is the physical path). */
export const PIN_FUNCTION = `pin() {
  cd -P -- "$1" 2>/dev/null && [ "$PWD" = "$1" ] || { echo "golive: $1 is missing or reached through a symbolic link; golive does not follow links" >&2; return 1; }
}`;

/** read NAME (in the pinned folder): its bytes on stdout, never through a link, never blocking on a FIFO. */
export const READ_FUNCTION = `read_file() {
  dd if="$1" iflag=nofollow,nonblock status=none
}`;

/** split_path PATH: its folder into $d and its name into $n, as dirname and basename say, without starting either. */
export const SPLIT_PATH_FUNCTION = `split_path() {
  d=\${1%/*} n=\${1##*/}
  case "$1" in /*/*) ;; /*) d=/ ;; */*) ;; *) d=. ;; esac
}`;
