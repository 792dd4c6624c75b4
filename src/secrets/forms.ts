import { randomBytes, randomInt } from 'node:crypto';

/**
 * The forms a secret value takes: how it is made (node:crypto, on the admin's machine), how long
 * it is, and how strong an existing value must be to be kept. Every alphabet is safe in a .env
 * line without quotes, in a shell and in a URL's password part.
 *
 * base64 is base64url without padding (RFC 4648 §5, A-Z a-z 0-9 - _): standard base64's `+`, `/`
 * and `=` break URLs built from the value (postgres://user:VALUE@host) and `=` padding trips
 * parsers that split on it, so none of the three may appear.
 */

export const FORM_NAMES = ['hex16', 'hex32', 'base64-32', 'base64-48', 'chars32'] as const;
export type FormName = (typeof FORM_NAMES)[number];

export interface Form {
  /** How the preview names it: "43 chars base64url". */
  readonly describe: string;
  readonly length: number;
  /** The strength a value of this form has; an existing value must reach it to be kept. */
  readonly bits: number;
  /** Only this exact length works (an AES-256 key given as 32 characters). */
  readonly exactLength: boolean;
  make(): string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const hex = (bytes: number): Form => ({ describe: `${bytes * 2} chars hex`, length: bytes * 2, bits: bytes * 8, exactLength: false, make: () => randomBytes(bytes).toString('hex') });
const base64url = (bytes: number): Form => ({
  describe: `${Math.ceil((bytes * 4) / 3)} chars base64url`,
  length: Math.ceil((bytes * 4) / 3),
  bits: bytes * 8,
  exactLength: false,
  make: () => randomBytes(bytes).toString('base64url'),
});

export const FORMS: Readonly<Record<FormName, Form>> = {
  hex16: hex(16),
  hex32: hex(32),
  'base64-32': base64url(32),
  'base64-48': base64url(48),
  chars32: {
    describe: '32 chars A-Z a-z 0-9',
    length: 32,
    bits: Math.floor(32 * Math.log2(ALPHANUMERIC.length)),
    exactLength: true,
    // randomInt draws without modulo bias.
    make: () => Array.from({ length: 32 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join(''),
  },
};

/**
 * Words that mark a value someone was meant to replace. Matched case-insensitively inside the
 * value, so "your-super-secret-jwt-key" is caught however long it is; "xxx" only as the whole value.
 * Short words match only standing apart ("todo-key", not "xTodOq"): one random 64-character value
 * in ten thousand holds "todo" somewhere, and a strong value must not be replaced for it.
 */
const PLACEHOLDER_WORDS = ['changeme', 'change_me', 'change-me', 'changethis', 'change_this', 'change-this', 'example', 'password', 'secret', 'placeholder', 'replace', 'default', 'sample'];
const PLACEHOLDER_SHORT_WORD = /(^|[^a-z0-9])(your|todo|fixme|dummy)([^a-z0-9]|$)/i;
const PLACEHOLDER_WHOLE = /^(x{3,}|\.{3,}|\*{3,}|<[^>]*>|test|admin|root|12345\d*|none|null)$/i;

export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  return PLACEHOLDER_WHOLE.test(value) || PLACEHOLDER_SHORT_WORD.test(value) || PLACEHOLDER_WORDS.some((word) => lower.includes(word));
}

/**
 * The length of the shortest unit the value repeats at least twice ("abcabcab": 3); its own length
 * when none. A unit that fits only once is no pattern: 6% of random 64-character hex values happen
 * to end with their first character, and must not lose strength for it.
 */
function period(value: string): number {
  for (let p = 1; p <= value.length / 2; p += 1) {
    let repeats = true;
    for (let i = p; i < value.length && repeats; i += 1) repeats = value[i] === value[i - p];
    if (repeats) return p;
  }
  return value.length;
}

/**
 * The size of the alphabet a value seems drawn from. A random base64 value need not show a digit or a
 * "-" (13% of 64-character ones do not), so any value in base64's alphabet with both cases counts as
 * base64: otherwise `openssl rand -base64 48` would often be called weak and replaced.
 */
function alphabetSize(value: string): number {
  if (/^[0-9a-fA-F]+$/.test(value)) return 16;
  if (/^[A-Za-z0-9+/_=-]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value)) return 64;
  return (/[a-z]/.test(value) ? 26 : 0) + (/[A-Z]/.test(value) ? 26 : 0) + (/[0-9]/.test(value) ? 10 : 0) + (/[^A-Za-z0-9]/.test(value) ? 33 : 0);
}

/**
 * A rough upper bound of a value's strength: the length of its repeating unit (a pattern typed
 * four times is no stronger than once) times the bits of the alphabets it draws from.
 */
export function estimatedBits(value: string): number {
  if (value === '') return 0;
  const alphabet = alphabetSize(value);
  // A value of a few repeated characters is weak whatever its length.
  const distinct = new Set(value).size;
  return period(value) * Math.log2(Math.min(alphabet, distinct < 8 ? distinct : alphabet));
}

export type Weakness = 'missing' | 'empty' | 'placeholder' | 'weak' | 'wrong length';

/** Why an existing value must be replaced, or undefined when it is strong enough to keep. */
export function weakness(value: string | undefined, form: FormName): Weakness | undefined {
  const spec = FORMS[form];
  if (value === undefined) return 'missing';
  if (value === '') return 'empty';
  if (isPlaceholder(value)) return 'placeholder';
  if (spec.exactLength && value.length !== spec.length) return 'wrong length';
  if (estimatedBits(value) < spec.bits) return 'weak';
  return undefined;
}

/** A new value of the form; made again in the rare case chance produced one the strength test would reject, so a second plan never replaces it. */
export function generate(form: FormName): string {
  for (;;) {
    const value = FORMS[form].make();
    if (weakness(value, form) === undefined) return value;
  }
}
