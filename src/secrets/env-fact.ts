import type { CommandFact, FileState } from '../engine/types.js';
import { InputError, OperationError } from '../errors.js';
import { fileReadingFact } from '../facts/file.js';

/**
 * What is at the .env path, and who owns its folder (the owner a new file, or a new .gitignore
 * beside it, gets). Every byte comes back as it is. The folder is usually the app user's: nothing
 * is read through a link (see facts/file.ts).
 */

export type EnvPath =
  | { readonly kind: 'file'; readonly file: FileState; readonly folder: Owner; readonly utf8: boolean }
  | { readonly kind: 'absent'; readonly folder: Owner }
  | { readonly kind: 'folder' | 'symlink' | 'other' | 'no-folder' };

export interface Owner {
  readonly owner: string;
  readonly group: string;
}

export function envPathFact(path: string): CommandFact<EnvPath> {
  const reading = fileReadingFact(path);
  return {
    ...reading,
    parse: (output) => {
      const read = reading.parse(output);
      switch (read.kind) {
        case 'through-link':
          throw new InputError(`secrets.envFile: the folder of ${path} is reached through a symbolic link; golive does not write through links`, 'give the real path (readlink -f)');
        case 'unreadable':
          throw new OperationError(`could not read ${path}: ${read.reason}`, 'check the file on the server (ls -l), then run golive again');
        case 'not-a-folder':
          return { kind: 'no-folder' };
        case 'file':
          // Only text that survives decoding can be edited byte for byte.
          return { kind: 'file', file: read.file, folder: read.folder, utf8: Buffer.from(read.file.content, 'utf8').equals(read.bytes) };
        case 'absent':
          return read;
        default:
          return { kind: read.kind };
      }
    },
  };
}
