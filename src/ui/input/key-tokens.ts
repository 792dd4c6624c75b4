/**
 * Splits what a terminal sends into keys, one string per key press, in the shape Ink's useInput
 * parses: a CSI or SS3 sequence (arrows, Delete, F-keys), Alt+key (ESC and one character), a lone
 * Esc, one control byte (Enter, Tab, Backspace, Ctrl+C...), or one printable character — letters
 * are keys here too (j/k scroll, y/n answer, q quits), so a run of them is never one key.
 * A bracketed paste is one key: its text, flattened to one line (see flattenPaste).
 */

const ESC = '\u001b';
export const PASTE_START = '\u001b[200~';
export const PASTE_END = '\u001b[201~';

export interface SplitKeys {
  /** The complete keys, in order. */
  readonly keys: string[];
  /** An unfinished tail (an escape sequence or paste cut by the chunk boundary): put it before the next chunk. */
  readonly rest: string;
}

/** A key read at some index: the key (none for a stray paste end or an empty paste) and where the next one starts. */
type Read = { readonly key?: string; readonly next: number } | 'incomplete';

/**
 * `final`: no more input is coming soon, so nothing is left unfinished — a tail that only starts
 * an escape sequence is a lone Esc followed by ordinary keys, and an unclosed paste ends here.
 */
export function splitKeys(text: string, { final = false }: { final?: boolean } = {}): SplitKeys {
  const keys: string[] = [];
  let at = 0;
  while (at < text.length) {
    const read = text[at] === ESC ? readEscape(text, at, final) : readCharacter(text, at, final);
    if (read === 'incomplete') return { keys, rest: text.slice(at) };
    if (read.key) keys.push(read.key);
    at = read.next;
  }
  return { keys, rest: '' };
}

/**
 * The pasted text as one line for the wizard's one-line fields: line breaks at either end (a copied
 * line's own) are dropped, those inside and tabs become spaces, so a paste never presses Enter or
 * Tab; other control characters are removed.
 */
export function flattenPaste(text: string): string {
  return (
    text
      .replace(/^[\r\n]+|[\r\n]+$/g, '')
      .replace(/\r\n|[\r\n\t]/g, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
  );
}

/** One character, a surrogate pair kept whole (a high surrogate at the end waits for its pair). */
function readCharacter(text: string, at: number, final: boolean): Read {
  const length = characterLength(text, at);
  if (length === 'incomplete') return final ? { key: text[at], next: at + 1 } : 'incomplete';
  return { key: text.slice(at, at + length), next: at + length };
}

function characterLength(text: string, at: number): number | 'incomplete' {
  const code = text.charCodeAt(at);
  const isHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  if (!isHighSurrogate) return 1;
  if (at + 1 >= text.length) return 'incomplete';
  const low = text.charCodeAt(at + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

function readEscape(text: string, at: number, final: boolean): Read {
  const loneEscape = { key: ESC, next: at + 1 };
  if (at + 1 >= text.length) return final ? loneEscape : 'incomplete';
  const introducer = text[at + 1];
  if (introducer === '[') return readCsi(text, at, final);
  if (introducer === 'O') return readSs3(text, at, final);
  if (introducer === ESC) return readMetaSequence(text, at, final);
  if (isControlWithoutAltForm(text.charCodeAt(at + 1))) return loneEscape;
  const alt = readCharacter(text, at + 1, final);
  if (alt === 'incomplete') return 'incomplete';
  return { key: ESC + (alt.key ?? ''), next: alt.next };
}

/** Ink knows Alt+Enter, Alt+Backspace and Alt+Space; Esc then another control key are two keys. */
function isControlWithoutAltForm(code: number): boolean {
  const isControl = code < 0x20 || code === 0x7f;
  return isControl && code !== 0x0d && code !== 0x08 && code !== 0x7f;
}

/** ESC [ parameters intermediates final-byte; ESC [ [ A is the Linux console's F1. */
function readCsi(text: string, at: number, final: boolean): Read {
  let index = at + 2;
  if (text[index] === '[') index += 1;
  for (; index < text.length; index += 1) {
    const byte = text.charCodeAt(index);
    if (byte >= 0x20 && byte <= 0x3f) continue;
    if (byte < 0x40 || byte > 0x7e) return { key: text.slice(at, at + 2), next: at + 2 };
    const sequence = text.slice(at, index + 1);
    if (sequence === PASTE_START) return readPaste(text, index + 1, final);
    if (sequence === PASTE_END) return { next: index + 1 };
    return { key: sequence, next: index + 1 };
  }
  return final ? { key: ESC, next: at + 1 } : 'incomplete';
}

/** ESC O final-byte: arrows and F1-F4 in application cursor mode. */
function readSs3(text: string, at: number, final: boolean): Read {
  if (at + 2 >= text.length) return final ? { key: ESC, next: at + 1 } : 'incomplete';
  const byte = text.charCodeAt(at + 2);
  if (byte >= 0x40 && byte <= 0x7e) return { key: text.slice(at, at + 3), next: at + 3 };
  return { key: text.slice(at, at + 2), next: at + 2 };
}

/** ESC ESC [ A is Alt+Up in some terminals, as Ink reads it; ESC ESC alone is two Esc presses. */
function readMetaSequence(text: string, at: number, final: boolean): Read {
  if (at + 2 >= text.length) return final ? { key: ESC, next: at + 1 } : 'incomplete';
  const introducer = text[at + 2];
  if (introducer !== '[' && introducer !== 'O') return { key: ESC, next: at + 1 };
  const inner = readEscape(text, at + 1, final);
  if (inner === 'incomplete') return 'incomplete';
  const isSequence = inner.key !== undefined && inner.key.length > 2 && inner.key.startsWith(ESC);
  return isSequence ? { key: ESC + inner.key, next: inner.next } : { key: ESC, next: at + 1 };
}

/** Everything up to the paste end marker is one key; an unclosed paste waits for the rest. */
function readPaste(text: string, start: number, final: boolean): Read {
  const end = text.indexOf(PASTE_END, start);
  if (end === -1 && !final) return 'incomplete';
  const pasted = end === -1 ? withoutPartialEndMarker(text.slice(start)) : text.slice(start, end);
  const key = flattenPaste(pasted);
  return { key: key === '' ? undefined : key, next: end === -1 ? text.length : end + PASTE_END.length };
}

function withoutPartialEndMarker(pasted: string): string {
  for (let length = PASTE_END.length - 1; length > 0; length -= 1) {
    if (pasted.endsWith(PASTE_END.slice(0, length))) return pasted.slice(0, -length);
  }
  return pasted;
}
