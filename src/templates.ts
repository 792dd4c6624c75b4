import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Templates are plain files in templates/, as an admin will find them on the server. `{{name}}` is
 * replaced by its value; a line whose placeholders all render empty is dropped (an option golive
 * leaves to the server's default).
 */

// Two folders up from this module, whether tsc's dist/src/templates.js or a chunk of dist/bundle/.
const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readTemplate(name: string): string {
  return readFileSync(join(PACKAGE_ROOT, 'templates', name), 'utf8');
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
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
