import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/** Writes the export's files under `dir`; a path that would leave it is refused before anything is written. */
export function writeExport(dir: string, files: readonly { readonly path: string; readonly content: string }[]): void {
  const root = resolve(dir);
  const placed = files.map((file) => {
    const path = resolve(root, file.path);
    if (!path.startsWith(root + sep)) throw new InputError(`export: ${JSON.stringify(file.path)} would be written outside ${dir}`);
    return { path, content: file.content };
  });
  try {
    for (const file of placed) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.content);
    }
  } catch (error) {
    throw new InputError(`--output: cannot write to ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
