import { PIN_FUNCTION, READ_FUNCTION, SPLIT_PATH_FUNCTION } from '../engine/no-follow.js';
import type { Fact, FileState } from '../engine/types.js';
import { GoliveError } from '../errors.js';

/**
 * A file as it is on the server (content, owner, group, mode), or null when there is none. Read
 * without following a link, at the file or on the way to it: a link someone planted beside an app's
 * files must not show golive (and, through what golive writes next, that someone) another file.
 */
const READ_FILE = `${PIN_FUNCTION}
${READ_FUNCTION}
${SPLIT_PATH_FUNCTION}
split_path "$1"
[ -e "$d" ] || [ -L "$d" ] || exit 0
pin "$d" 2>/dev/null || { echo link; exit 0; }
if [ -L "$n" ]; then echo link; exit 0; fi
[ -f "$n" ] || exit 0
stat -c "%U %G %a" -- "$n"
read_file "$n" | base64 -w0; echo`;

export function fileFact(path: string): Fact<FileState | null> {
  return {
    argv: ['sh', '-c', READ_FILE, 'sh', path],
    parse: (output) => {
      const [stat, base64 = ''] = output.stdout.split('\n');
      if (!stat) return null;
      if (stat === 'link') throw new GoliveError(`${path} is a symbolic link, or reached through one; golive does not read or write through links`, `replace the link with the file itself, or remove it (ls -l ${path})`);
      const [owner = 'root', group = 'root', mode = '644'] = stat.split(' ');
      return { owner, group, mode: parseInt(mode, 8), content: Buffer.from(base64, 'base64').toString('utf8') };
    },
  };
}
