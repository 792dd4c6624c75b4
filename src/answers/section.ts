import { InputError } from '../errors.js';

/**
 * A section of answers as a plain object whose keys are all known: an unknown key is an error that
 * names it by its full path (`ssh.alowUsers`). `path` is '' for the top level.
 */
export function readSection(raw: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  const where = path === '' ? 'the answers' : path;
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${where}: expected a mapping of answers, got ${JSON.stringify(raw)}`);
  const unknown = Object.keys(raw).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new InputError(
      `unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => (path === '' ? k : `${path}.${k}`)).join(', ')}`,
      `the keys ${path === '' ? 'at the top level' : `of ${path}`} are: ${keys.join(', ')}`,
    );
  }
  return raw as Record<string, unknown>;
}
