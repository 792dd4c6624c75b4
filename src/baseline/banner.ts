import { show } from '../answers/validators.js';
import { InputError } from '../errors.js';

export const ISSUE = '/etc/issue';
export const ISSUE_NET = '/etc/issue.net';
export const BANNER_MAX = 2000;

/** Words Lynis (BANN-7126/7130) and auditors look for: who may use the system, and that it is watched. */
export const DEFAULT_BANNER = [
  'This is a private system. Access is restricted to authorized users only.',
  'Unauthorized access is prohibited and may be prosecuted under the law.',
  'All connections are monitored and recorded; evidence may be given to law enforcement.',
].join('\n');

/**
 * The banner text: printable, lines apart; no control character (a terminal obeys them), no
 * backslash (agetty reads `\\x` in /etc/issue as an escape), at most 2000 characters.
 */
export function validateBanner(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InputError(`${field}: ${show(value)} is not text`);
  const text = value.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  if (text.trim() === '') throw new InputError(`${field}: the banner is empty`, 'leave baseline.banner out for the default text, or set baseline.banners: false');
  if (text.length > BANNER_MAX) throw new InputError(`${field}: the banner has ${text.length} characters; at most ${BANNER_MAX}`);
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/.exec(text);
  if (control) throw new InputError(`${field}: the banner holds a control character (U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()})`, 'use printable text; lines are separated by line breaks');
  if (text.includes('\\')) throw new InputError(`${field}: the banner holds a backslash`, 'the console reads \\ in /etc/issue as an escape: leave it out');
  return text;
}

/** The file's text: the banner and a final newline. */
export const bannerFile = (banner: string): string => `${banner}\n`;
