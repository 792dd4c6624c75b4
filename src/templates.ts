import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Templates are plain files in templates/, as an admin will find them on the server. `{{name}}` is
 * replaced by its value; a line whose placeholders all render empty is dropped (an option golive
 * leaves to the server's default).
 */

// The single executable (scripts/sea.js) carries templates/ and package.json inside it, by path.
declare const GOLIVE_EMBEDDED_FILES: Readonly<Record<string, string>> | undefined;
const EMBEDDED_FILES = typeof GOLIVE_EMBEDDED_FILES === 'undefined' ? undefined : GOLIVE_EMBEDDED_FILES;

/** A file of golive's package, by its path there: two folders up from tsc's dist/src/ or a chunk of dist/bundle/. */
function packageFile(path: string): string {
  if (!EMBEDDED_FILES) return readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', path), 'utf8');
  const contents = EMBEDDED_FILES[path];
  if (contents === undefined) throw new Error(`${path} is not inside this golive executable`);
  return contents;
}

export function readTemplate(name: string): string {
  return packageFile(`templates/${name}`);
}

export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const lines: string[] = [];
  for (const line of template.split('\n')) {
    const names = [...line.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    if (names.length > 0 && names.every((name) => values[name] === '')) continue;
    lines.push(
      line.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`template value ${name} is missing`);
        return value;
      }),
    );
  }
  return lines.join('\n');
}

export function packageVersion(): string {
  return (JSON.parse(packageFile('package.json')) as { version: string }).version;
}
