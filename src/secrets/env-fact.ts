import type { Fact, FileState } from '../engine/types.js';

/**
 * What is at the .env path, and who owns its folder (the owner a new file, or a new .gitignore
 * beside it, gets). The content travels as base64 so every byte comes back as it is.
 */

export type EnvPath =
  | { readonly kind: 'file'; readonly file: FileState; readonly folder: Owner; readonly utf8: boolean }
  | { readonly kind: 'absent'; readonly folder: Owner }
  | { readonly kind: 'folder' | 'symlink' | 'other' | 'no-folder' };

export interface Owner {
  readonly owner: string;
  readonly group: string;
}

const ENV_PATH = `if [ -L "$1" ]; then echo symlink; exit 0; fi
if [ -d "$1" ]; then echo folder; exit 0; fi
if [ -e "$1" ] && [ ! -f "$1" ]; then echo other; exit 0; fi
d=$(dirname -- "$1")
[ -d "$d" ] || { echo no-folder; exit 0; }
stat -c 'folder %U %G' -- "$d"
[ -f "$1" ] || { echo absent; exit 0; }
stat -c 'file %U %G %a' -- "$1"
base64 -w0 -- "$1"; echo`;

export function envPathFact(path: string): Fact<EnvPath> {
  return {
    argv: ['sh', '-c', ENV_PATH, 'sh', path],
    parse: (output) => {
      const [first = '', second = '', base64 = ''] = output.stdout.split('\n');
      if (first === 'symlink' || first === 'folder' || first === 'other' || first === 'no-folder') return { kind: first };
      const [, owner = 'root', group = 'root'] = first.split(' ');
      const folder = { owner, group };
      if (second === 'absent') return { kind: 'absent', folder };
      if (!first.startsWith('folder ') || !second.startsWith('file ')) throw new Error(`could not read ${path} (exit ${output.exitCode}): ${output.stderr.trim()}`);
      const [, fileOwner = 'root', fileGroup = 'root', mode = '600'] = second.split(' ');
      const bytes = Buffer.from(base64, 'base64');
      const content = bytes.toString('utf8');
      // Only text that survives decoding can be edited byte for byte.
      const utf8 = Buffer.from(content, 'utf8').equals(bytes);
      return { kind: 'file', file: { content, owner: fileOwner, group: fileGroup, mode: parseInt(mode, 8) }, folder, utf8 };
    },
  };
}
