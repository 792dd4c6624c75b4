/**
 * Names read from a server (a process's name, a cron line) are hostile input: a process may name
 * itself with a newline, an escape sequence that rewrites the terminal, or a right-to-left mark that
 * reverses what the admin reads. Shown as evidence, every such character is spelled out instead.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\\]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/** The text with every control, line-breaking or direction-changing character escaped (`\n`, `\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNSAFE, (char) => NAMED[char] ?? escapeCode(char.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text: UTF-8 when they are, else each byte outside printable ASCII as `\xNN`; then made printable. */
export function printableBytes(bytes: Uint8Array): string {
  try {
    return printable(utf8.decode(bytes));
  } catch {
    return [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : escapeCode(byte))).join('');
  }
}

/** At most `max` characters, marked when cut. */
export function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
