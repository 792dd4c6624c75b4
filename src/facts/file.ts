import type { Fact, FileState } from '../engine/types.js';

/** A file as it is on the server (content, owner, group, mode), or null when there is none. */
export function fileFact(path: string): Fact<FileState | null> {
  return {
    argv: ['sh', '-c', '[ -f "$1" ] || exit 0; stat -c "%U %G %a" -- "$1"; base64 -w0 -- "$1"; echo', 'sh', path],
    parse: (output) => {
      const [stat, base64 = ''] = output.stdout.split('\n');
      if (!stat) return null;
      const [owner = 'root', group = 'root', mode = '644'] = stat.split(' ');
      return { owner, group, mode: parseInt(mode, 8), content: Buffer.from(base64, 'base64').toString('utf8') };
    },
  };
}
