import { PIN_FUNCTION, READ_FUNCTION } from '../engine/no-follow.js';
import type { Fact, FileState } from '../engine/types.js';
import { InputError, OperationError } from '../errors.js';

/**
 * What is at the .env path, and who owns its folder (the owner a new file, or a new .gitignore
 * beside it, gets). The content travels as base64 so every byte comes back as it is. The folder is
 * usually the app user's: nothing is read through a link (see no-follow.ts).
 */

export type EnvPath =
  | { readonly kind: 'file'; readonly file: FileState; readonly folder: Owner; readonly utf8: boolean }
  | { readonly kind: 'absent'; readonly folder: Owner }
  | { readonly kind: 'folder' | 'symlink' | 'other' | 'no-folder' };

export interface Owner {
  readonly owner: string;
  readonly group: string;
}

const ENV_PATH = `${PIN_FUNCTION}
${READ_FUNCTION}
d=$(dirname -- "$1") n=$(basename -- "$1")
[ -d "$d" ] || [ -L "$d" ] || { echo no-folder; exit 0; }
pin "$d" 2>/dev/null || { echo through-link; exit 0; }
if [ -L "$n" ]; then echo symlink; exit 0; fi
if [ -d "$n" ]; then echo folder; exit 0; fi
if [ -e "$n" ] && [ ! -f "$n" ]; then echo other; exit 0; fi
stat -c 'folder %U %G' -- .
[ -f "$n" ] || { echo absent; exit 0; }
stat -c 'file %U %G %a' -- "$n"
read_file "$n" | base64 -w0; echo`;

export function envPathFact(path: string): Fact<EnvPath> {
  return {
    argv: ['sh', '-c', ENV_PATH, 'sh', path],
    parse: (output) => {
      const [first = '', second = '', base64 = ''] = output.stdout.split('\n');
      if (first === 'through-link') throw new InputError(`secrets.envFile: the folder of ${path} is reached through a symbolic link; golive does not write through links`, 'give the real path (readlink -f)');
      if (first === 'symlink' || first === 'folder' || first === 'other' || first === 'no-folder') return { kind: first };
      const [, owner = 'root', group = 'root'] = first.split(' ');
      const folder = { owner, group };
      if (second === 'absent') return { kind: 'absent', folder };
      if (!first.startsWith('folder ') || !second.startsWith('file ')) throw new OperationError(`could not read ${path} (exit ${output.exitCode}): ${output.stderr.trim()}`, 'check the file on the server (ls -l), then run golive again');
      const [, fileOwner = 'root', fileGroup = 'root', mode = '600'] = second.split(' ');
      const bytes = Buffer.from(base64, 'base64');
      const content = bytes.toString('utf8');
      // Only text that survives decoding can be edited byte for byte.
      const utf8 = Buffer.from(content, 'utf8').equals(bytes);
      return { kind: 'file', file: { content, owner: fileOwner, group: fileGroup, mode: parseInt(mode, 8) }, folder, utf8 };
    },
  };
}
