/* eslint-disable no-control-regex -- the escape character (\x1b) is what this file parses */
/**
 * A terminal screen as tmux captured it (`capture-pane -e -p`: text with SGR colour codes) drawn as
 * an SVG picture: one cell per character, the 16 ANSI colours of a dark theme, the 256-colour cube,
 * 24-bit colours, bold, dim, underline and inverse.
 */

const CELL_WIDTH = 8.4;
const CELL_HEIGHT = 18;
const FONT_SIZE = 14;
const PADDING = 12;
const BACKGROUND = '#1b1d23';
const FOREGROUND = '#d5d8de';
const ANSI_16 = ['#1b1d23', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#d5d8de', '#5c6370', '#ef8891', '#aee08f', '#f0d08a', '#7dc1f5', '#d79ae8', '#6fd0dc', '#ffffff'];

interface Style {
  readonly fg?: string;
  readonly bg?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
}

interface Run {
  readonly column: number;
  readonly text: string;
  readonly style: Style;
}

export function screenToSvg(capture: string, columns: number, title: string): string {
  const lines = styledLines(capture);
  const width = columns * CELL_WIDTH + 2 * PADDING;
  const height = lines.length * CELL_HEIGHT + 2 * PADDING;
  const body = lines.flatMap((runs, row) => runs.flatMap((run) => drawRun(run, row)));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${BACKGROUND}"/>`,
    `<g font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="${FONT_SIZE}" xml:space="preserve">`,
    ...body,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Each line of the capture as runs of equally styled text, each at the column it starts in. A style
 * goes on into the next lines: tmux writes a code only where a cell differs from the one before it.
 */
export function styledLines(capture: string): Run[][] {
  let style: Style = {};
  return capture.replace(/\n$/, '').split('\n').map((line) => {
    const [runs, after] = styledRuns(line, style);
    style = after;
    return runs;
  });
}

function styledRuns(line: string, initial: Style): [Run[], Style] {
  const runs: Run[] = [];
  let style = initial;
  let column = 0;
  for (const part of line.split(/(\x1b\[[0-9;:]*m)/)) {
    const sgr = /^\x1b\[([0-9;:]*)m$/.exec(part);
    if (sgr) {
      style = applySgr(style, sgr[1]!);
      continue;
    }
    // Other escapes (none expected from capture-pane) are dropped rather than drawn.
    const text = part.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    if (text === '') continue;
    runs.push({ column, text, style });
    column += [...text].length;
  }
  return [runs, style];
}

function applySgr(style: Style, codes: string): Style {
  const numbers = codes === '' ? [0] : codes.split(/[;:]/).map(Number);
  let next: Style = { ...style };
  for (let i = 0; i < numbers.length; i += 1) {
    const code = numbers[i]!;
    if (code === 0) next = {};
    else if (code === 1) next = { ...next, bold: true };
    else if (code === 2) next = { ...next, dim: true };
    else if (code === 4) next = { ...next, underline: true };
    else if (code === 7) next = { ...next, inverse: true };
    else if (code === 22) next = { ...next, bold: false, dim: false };
    else if (code === 24) next = { ...next, underline: false };
    else if (code === 27) next = { ...next, inverse: false };
    else if (code >= 30 && code <= 37) next = { ...next, fg: ANSI_16[code - 30] };
    else if (code >= 90 && code <= 97) next = { ...next, fg: ANSI_16[code - 90 + 8] };
    else if (code >= 40 && code <= 47) next = { ...next, bg: ANSI_16[code - 40] };
    else if (code >= 100 && code <= 107) next = { ...next, bg: ANSI_16[code - 100 + 8] };
    else if (code === 39) next = { ...next, fg: undefined };
    else if (code === 49) next = { ...next, bg: undefined };
    else if (code === 38 || code === 48) {
      const [colour, used] = extendedColour(numbers.slice(i + 1));
      next = code === 38 ? { ...next, fg: colour } : { ...next, bg: colour };
      i += used;
    }
  }
  return next;
}

/** `5;N` (256 colours) or `2;R;G;B`: the colour and how many numbers it took. */
function extendedColour(rest: number[]): [string | undefined, number] {
  if (rest[0] === 5) return [colour256(rest[1] ?? 0), 2];
  if (rest[0] === 2) return [`#${rest.slice(1, 4).map((n) => n.toString(16).padStart(2, '0')).join('')}`, 4];
  return [undefined, 0];
}

function colour256(n: number): string {
  if (n < 16) return ANSI_16[n]!;
  if (n >= 232) {
    const grey = (8 + (n - 232) * 10).toString(16).padStart(2, '0');
    return `#${grey}${grey}${grey}`;
  }
  const levels = [0, 95, 135, 175, 215, 255];
  const index = n - 16;
  return `#${[Math.floor(index / 36), Math.floor(index / 6) % 6, index % 6].map((c) => levels[c]!.toString(16).padStart(2, '0')).join('')}`;
}

function drawRun(run: Run, row: number): string[] {
  const cells = [...run.text].length;
  const x = PADDING + run.column * CELL_WIDTH;
  const y = PADDING + row * CELL_HEIGHT;
  const fg = run.style.inverse ? (run.style.bg ?? BACKGROUND) : (run.style.fg ?? FOREGROUND);
  const bg = run.style.inverse ? (run.style.fg ?? FOREGROUND) : run.style.bg;
  const drawn: string[] = [];
  if (bg) drawn.push(`<rect x="${x}" y="${y}" width="${(cells * CELL_WIDTH).toFixed(1)}" height="${CELL_HEIGHT}" fill="${bg}"/>`);
  if (run.text.trim() === '') return drawn;
  const attributes = [
    `x="${x.toFixed(1)}"`,
    `y="${(y + CELL_HEIGHT * 0.75).toFixed(1)}"`,
    `fill="${fg}"`,
    // Every run spans exactly its cells, whatever the viewer's font: boxes and columns stay aligned.
    `textLength="${(cells * CELL_WIDTH).toFixed(1)}"`,
    'lengthAdjust="spacingAndGlyphs"',
    run.style.bold ? 'font-weight="bold"' : '',
    run.style.dim ? 'opacity="0.6"' : '',
    run.style.underline ? 'text-decoration="underline"' : '',
  ].filter(Boolean);
  drawn.push(`<text ${attributes.join(' ')}>${escapeXml(run.text)}</text>`);
  return drawn;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
