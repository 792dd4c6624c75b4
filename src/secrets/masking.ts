import type { Decision } from './decide.js';
import { type Assignment, type EnvFile, maskValues } from './env-file.js';
import { FORMS, type Weakness } from './forms.js';

/**
 * What the preview shows of a .env file: every line as it is, every value replaced by its length
 * and what golive does with it. The values themselves never leave this module's callers' memory.
 */

function size(value: string): string {
  return value === '' ? '<empty>' : `<${value.length} chars>`;
}

export function maskBefore(env: EnvFile, decisions: readonly Decision[]): string {
  return maskValues(env, (a: Assignment) => {
    const decision = decisions.find((d) => d.name === a.name);
    if (!decision || decision.outcome === 'kept' || decision.outcome === 'rotated' || a.value === '') return size(a.value);
    return `<${decision.outcome}, ${a.value.length} chars>`;
  });
}

export function maskAfter(env: EnvFile, decisions: readonly Decision[]): string {
  return maskValues(env, (a: Assignment) => {
    const decision = decisions.find((d) => d.name === a.name);
    if (!decision || decision.outcome === 'kept') return size(a.value);
    return `<${decision.outcome === 'rotated' ? 'rotated' : 'new'}: ${FORMS[decision.form].describe}>`;
  });
}

const WAS: Readonly<Record<Weakness, string>> = { missing: 'missing', empty: 'empty', placeholder: 'a placeholder', weak: 'too weak', 'wrong length': 'not the length the form needs' };

/** One line per secret, for the plan's notes: `POSTGRES_PASSWORD  new   43 chars base64url (was a placeholder)`. */
export function summary(decisions: readonly Decision[]): string[] {
  const width = Math.max(...decisions.map((d) => d.name.length));
  return decisions.map((d) => {
    const name = d.name.padEnd(width);
    if (d.outcome === 'kept') return `${name}  kept  ${d.value.length} chars, strong enough for ${d.form}`;
    if (d.outcome === 'rotated') return `${name}  new   ${FORMS[d.form].describe} (rotated on request)`;
    return `${name}  new   ${FORMS[d.form].describe} (was ${WAS[d.outcome]})`;
  });
}
