import { type EnvFile, valueOf } from './env-file.js';
import { type FormName, type Weakness, weakness } from './forms.js';

/** For each secret: keep its value, or write a new one, and why. */

export interface Decision {
  readonly name: string;
  readonly form: FormName;
  /** 'kept', 'rotated' (asked for), or what was wrong with the old value. */
  readonly outcome: 'kept' | 'rotated' | Weakness;
  /** The value the file holds afterwards. */
  readonly value: string;
  /** Whether a non-empty value was there before: something may be using it. */
  readonly hadValue: boolean;
}

/** New random values for this run, made once per key: the plan shown is the plan applied, and verification sees the same values. */
export type Fresh = (key: string, form: FormName) => string;

export function decide(env: EnvFile, variables: Readonly<Record<string, FormName>>, rotate: readonly string[], fresh: Fresh): Decision[] {
  return Object.entries(variables).map(([name, form]) => {
    const current = valueOf(env, name);
    const hadValue = current !== undefined && current !== '';
    if (rotate.includes(name)) {
      // Rotated already when the file holds this run's value (verification plans again after apply).
      const value = fresh(name, form);
      return { name, form, outcome: current === value ? 'kept' : 'rotated', value, hadValue };
    }
    // Every assignment of the name counts: .env readers differ on which of two wins.
    const values = env.assignments.filter((a) => a.name === name).map((a) => a.value);
    const why = values.length === 0 ? 'missing' : values.map((v) => weakness(v, form)).find((w) => w !== undefined);
    return why === undefined ? { name, form, outcome: 'kept', value: current!, hadValue } : { name, form, outcome: why, value: fresh(name, form), hadValue };
  });
}

export function changed(decisions: readonly Decision[]): Decision[] {
  return decisions.filter((d) => d.outcome !== 'kept');
}
