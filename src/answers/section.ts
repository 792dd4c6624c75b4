import { InputError } from '../errors.js';

/** A section of answers as a plain object whose keys are all known: an unknown key is an error that names it. */
export function readSection(raw: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${field}: expected a mapping of answers, got ${JSON.stringify(raw)}`);
  const unknown = Object.keys(raw).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new InputError(
      `${field}: unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => `${field}.${k}`).join(', ')}`,
      `the keys of ${field} are: ${keys.join(', ')}`,
    );
  }
  return raw as Record<string, unknown>;
}
