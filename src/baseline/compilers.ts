import type { Change, Check, CommandFact } from '../engine/types.js';

/** The compilers and the assembler Lynis looks for (HRDN-7220, HRDN-7222). */
const NAMES = ['as', 'cc', 'clang', 'gcc', 'g++'];

/** The real file behind a compiler's name, its mode, and whether dpkg already has an override for it. */
export interface CompilerFile {
  readonly path: string;
  readonly mode: number;
  readonly overridden: boolean;
}

/**
 * The real files behind the names (one readlink, one stat for all), then dpkg's own list of
 * overrides (the database dpkg-statoverride reads: OWNER GROUP MODE PATH per line).
 */
const LIST = `IFS='
'
set -- $(for n in ${NAMES.join(' ')}; do command -v "$n"; done)
[ $# -gt 0 ] || exit 0
set -- $(readlink -f -- "$@")
stat -c '%n\t%a' -- "$@"
echo @@overrides
[ -f /var/lib/dpkg/statoverride ] && while IFS= read -r line || [ -n "$line" ]; do printf '%s\\n' "$line"; done </var/lib/dpkg/statoverride
exit 0`;

export const compilersFact: CommandFact<readonly CompilerFile[]> = {
  argv: ['sh', '-c', LIST],
  parse: (o) => {
    const [files = '', overrides = ''] = o.stdout.split('@@overrides\n');
    const overridden = new Set(overrides.split('\n').map((line) => line.split(' ').slice(3).join(' ')));
    const byPath = new Map<string, CompilerFile>();
    for (const line of files.split('\n')) {
      const [path, mode] = line.split('\t');
      if (path && mode && /^[0-7]+$/.test(mode)) byPath.set(path, { path, mode: parseInt(mode, 8), overridden: overridden.has(path) });
    }
    return [...byPath.values()];
  },
};

const octal = (mode: number) => mode.toString(8).padStart(4, '0');
const worldRuns = (file: CompilerFile) => (file.mode & 0o001) !== 0;

/**
 * Compilers for root only, through dpkg-statoverride so that an upgrade of the package keeps the
 * mode; a file with an override of the admin's own is left alone (and said).
 */
export function restrictCompilers(files: readonly CompilerFile[]): { changes: Change[]; undo: string[][]; notes: string[] } {
  const open = files.filter((f) => worldRuns(f) && !f.overridden);
  return {
    changes: open.map((f) => ({ kind: 'command', argv: ['dpkg-statoverride', '--update', '--add', 'root', 'root', octal(f.mode & 0o7770), f.path], why: 'only root may run it (dpkg keeps the mode through upgrades)' })),
    undo: open.flatMap((f) => [['dpkg-statoverride', '--remove', f.path], ['chmod', octal(f.mode), f.path]]),
    notes: files.filter((f) => worldRuns(f) && f.overridden).map((f) => `${f.path} has a dpkg-statoverride of its own: left as it is`),
  };
}

export function compilerNotes(files: readonly CompilerFile[], restricting: boolean): string[] {
  const open = files.filter(worldRuns);
  if (open.length === 0 || restricting) return [];
  return [`every user can run ${open.map((f) => f.path).join(', ')}: baseline.compilers: true keeps them for root`];
}

export function compilerCheck(files: readonly CompilerFile[]): Check {
  const open = files.filter(worldRuns);
  return { name: 'compilers for root only', ok: open.length === 0, detail: open.length === 0 ? (files.length === 0 ? 'none installed' : files.map((f) => `${f.path} ${octal(f.mode)}`).join(', ')) : `others may run ${open.map((f) => f.path).join(', ')}` };
}
