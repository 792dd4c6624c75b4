/**
 * `text` as lines of at most `width` characters: its own lines, each broken at the last space that
 * fits (or cut, for a word longer than the width). Screens that scroll count these lines exactly.
 */
export function wrapLines(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  return text.split('\n').flatMap((line) => wrapLine(line, limit));
}

function wrapLine(line: string, width: number): string[] {
  const lines: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > 0 ? space : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  lines.push(rest);
  return lines;
}
