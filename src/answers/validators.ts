import { InputError } from '../errors.js';

/**
 * Validation of single values that reach a server. Each returns the value in its canonical form or
 * throws an InputError that names the field, the value and what would be accepted.
 */

const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Digits as typed in the wizard or quoted in YAML ("2222") are that number; anything else stays as it is, for a validator to name. */
export function asWholeNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** A whole number from min to max; `what` says what it is in the error ("a whole number from 1 to 10"). */
export function validateWholeNumber(value: unknown, field: string, min: number, max: number, what: string): number {
  const number = asWholeNumber(value);
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new InputError(`${field}: ${show(value)} is not ${what}`);
  }
  return number;
}

export function validatePort(value: unknown, field: string): number {
  return validateWholeNumber(value, field, 1, 65535, 'a port: use a whole number from 1 to 65535');
}

export function validateUserName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !USER_NAME.test(value)) {
    throw new InputError(
      `${field}: ${show(value)} is not a valid user name`,
      'use lower-case letters, digits, _ and -, starting with a letter or _, at most 32 characters',
    );
  }
  return value;
}

export function validateHostName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !(HOST_NAME.test(value) || IPV4.test(value) || (value.includes(':') && IPV6.test(value)))) {
    throw new InputError(`${field}: ${show(value)} is not a host name or IP address`);
  }
  return value;
}

export function validateBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new InputError(`${field}: ${show(value)} is not true or false`);
  return value;
}

export function validateOneOf<T extends string>(value: unknown, choices: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InputError(`${field}: ${show(value)} is not one of ${choices.map((c) => `"${c}"`).join(', ')}`);
  }
  return value as T;
}
