/**
 * A .env file read and edited without disturbing it: only the value part of chosen assignments
 * changes; comments, order, blank lines, quotes, `export ` prefixes and line endings (LF or CRLF)
 * stay byte for byte. Positions are offsets into the whole text, so a quoted value that spans
 * lines is one value.
 */

export interface Assignment {
  readonly name: string;
  /** The value as written between its quotes (escapes left as they are). */
  readonly value: string;
  /** Where that text sits in the file: content.slice(start, end) === value. */
  readonly start: number;
  readonly end: number;
}

/** A span of the file that holds a value but is not an assignment golive edits: a commented-out one, an unclosed quote. */
interface Hidden {
  readonly start: number;
  readonly end: number;
}

export interface EnvFile {
  readonly content: string;
  readonly assignments: readonly Assignment[];
  readonly hidden: readonly Hidden[];
}

const ASSIGNMENT = /^([ \t\uFEFF]*(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*)([ \t]*=)/;
const COMMENTED = /^[ \t\uFEFF]*#[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*=/;

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseEnv(content: string): EnvFile {
  const assignments: Assignment[] = [];
  const hidden: Hidden[] = [];
  let at = 0;
  while (at < content.length) {
    const lineEnd = endOfLine(content, at);
    const line = content.slice(at, lineEnd);
    const match = ASSIGNMENT.exec(line);
    let next = nextLine(content, lineEnd);
    if (match) {
      const afterEquals = at + match[0].length;
      const found = readValue(content, afterEquals, lineEnd);
      if (found.closed) {
        assignments.push({ name: match[2]!, value: content.slice(found.start, found.end), start: found.start, end: found.end });
        if (found.end > lineEnd) next = nextLine(content, endOfLine(content, found.end));
      } else {
        hidden.push({ start: afterEquals, end: lineEnd });
      }
    } else {
      const commented = COMMENTED.exec(line);
      if (commented && commented[0].length < line.length) hidden.push({ start: at + commented[0].length, end: lineEnd });
    }
    at = next;
  }
  return { content, assignments, hidden };
}

function endOfLine(content: string, from: number): number {
  const newline = content.indexOf('\n', from);
  const end = newline < 0 ? content.length : newline;
  return end > from && content[end - 1] === '\r' ? end - 1 : end;
}

function nextLine(content: string, lineEnd: number): number {
  const newline = content.indexOf('\n', lineEnd);
  return newline < 0 ? content.length : newline + 1;
}

/** The value after `=`: quoted (to its closing quote, which may be on a later line) or bare (to an inline ` #` comment). */
function readValue(content: string, from: number, lineEnd: number): { start: number; end: number; closed: boolean } {
  let start = from;
  while (start < lineEnd && (content[start] === ' ' || content[start] === '\t')) start += 1;
  const quote = content[start];
  if (quote === '"' || quote === "'" || quote === '`') {
    for (let i = start + 1; i < content.length; i += 1) {
      if (quote === '"' && content[i] === '\\') i += 1;
      else if (content[i] === quote) return { start: start + 1, end: i, closed: true };
    }
    return { start, end: lineEnd, closed: false };
  }
  // "KEY= # note" is an empty value followed by a comment; "KEY=#abc" is the value "#abc".
  if (start > from && content[start] === '#') return { start: from, end: from, closed: true };
  const rest = content.slice(start, lineEnd);
  const comment = /[ \t]#/.exec(rest);
  const bare = (comment ? rest.slice(0, comment.index) : rest).trimEnd();
  return { start, end: start + bare.length, closed: true };
}

/** The line ending most lines use; LF for a file with none. */
export function lineEnding(content: string): string {
  const crlf = content.split('\r\n').length - 1;
  const lf = content.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * The file with new values: every assignment of a name in `values` gets its value (inside the
 * quotes it had), names not assigned yet are appended as `NAME=value`. Nothing else changes.
 */
export function setValues(env: EnvFile, values: ReadonlyMap<string, string>): string {
  let content = replaceSpans(
    env.content,
    env.assignments.filter((a) => values.has(a.name)).map((a) => ({ start: a.start, end: a.end, text: values.get(a.name)! })),
  );
  const missing = [...values].filter(([name]) => !env.assignments.some((a) => a.name === name));
  if (missing.length === 0) return content;
  const eol = lineEnding(env.content);
  if (content !== '' && !content.endsWith('\n')) content += eol;
  return content + missing.map(([name, value]) => `${name}=${value}${eol}`).join('');
}

/** The file as a preview may show it: every value replaced by what `mask` says of it, commented-out values too. */
export function maskValues(env: EnvFile, mask: (assignment: Assignment) => string): string {
  return replaceSpans(env.content, [
    ...env.assignments.map((a) => ({ start: a.start, end: a.end, text: mask(a) })),
    ...env.hidden.map((h) => ({ start: h.start, end: h.end, text: '<hidden>' })),
  ]);
}

/** The last value a name is given (what most .env readers use), or undefined. */
export function valueOf(env: EnvFile, name: string): string | undefined {
  return env.assignments.findLast((a) => a.name === name)?.value;
}

function replaceSpans(content: string, spans: readonly { start: number; end: number; text: string }[]): string {
  let result = content;
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, span.start) + span.text + result.slice(span.end);
  }
  return result;
}
