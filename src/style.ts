import type { Environment } from './environment.js';

/** Colour only for a person at a terminal who has not asked for NO_COLOR. */
export function useColor(environment: Pick<Environment, 'colorAllowed'>, stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && environment.colorAllowed;
}

const codes = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;

export function paint(text: string, color: keyof typeof codes, enabled: boolean): string {
  return enabled ? `\u001b[${codes[color]}m${text}\u001b[0m` : text;
}

/** A preview with its diff lines coloured the way `git diff` does. */
export function colorPreview(text: string, enabled: boolean): string {
  if (!enabled) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('==')) return paint(line, 'bold', true);
      if (line.startsWith('+')) return paint(line, 'green', true);
      if (line.startsWith('-')) return paint(line, 'red', true);
      if (line.startsWith('@@')) return paint(line, 'cyan', true);
      return line;
    })
    .join('\n');
}
