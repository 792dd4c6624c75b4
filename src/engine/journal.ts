import { createHash, randomBytes } from 'node:crypto';
import type { Target } from '../target/target.js';
import { CommandError } from '../errors.js';
import { quoteCommand } from '../target/quote.js';
import { type FileToWrite, HASH_FUNCTION, writeFilesAfter } from './remote-fs.js';
import { undoScript } from './undo-script.js';
import type { CommandFact, StepId } from './types.js';

/**
 * The journal of a run lives on the server, root-only: /var/lib/golive/runs/RUN_ID/ (0700) holds
 * manifest.json (0600) and a 0600 copy of every file before it changed. The manifest is written
 * BEFORE each change, so a run killed at any moment can still be rolled back. It holds paths,
 * owners, modes and hashes — never file contents.
 */

export const JOURNAL_ROOT = '/var/lib/golive/runs';

export type RunStatus = 'applying' | 'applied' | 'failed' | 'rolling-back' | 'rolled-back' | 'rollback-incomplete';

export interface JournaledFile {
  readonly path: string;
  /** Where the copy of the old file is, relative to the run folder; absent when there was no file. */
  readonly backup: string | undefined;
  readonly before: { readonly uid: string; readonly gid: string; readonly mode: number; readonly owner: string; readonly group: string; readonly sha256: string } | undefined;
  /** sha256 of what golive wrote; null when a command created the file and its content is not known. */
  readonly afterSha256: string | null;
}

/** The manifest's schema: a golive that reads another version lists such a run as unreadable. */
export const MANIFEST_VERSION = 1;

export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly runId: string;
  readonly startedAt: string;
  finishedAt?: string;
  readonly target: string;
  readonly loginUser: string;
  readonly steps: StepId[];
  status: RunStatus;
  message?: string;
  readonly files: JournaledFile[];
  readonly commands: (readonly string[])[];
  readonly validations: (readonly string[])[];
  readonly reloads: (readonly string[])[];
  readonly undo: (readonly string[])[];
  /** Saved state: the output of `save` is in snapshots/NAME; rollback feeds it to `restore`. */
  readonly snapshots: { readonly name: string; readonly restore: readonly string[] }[];
  /** The systemd timer that undoes the run unless golive confirms it in time. */
  undoTimer?: string;
}

/** What a run of commands did: see Journal.saveThenRun. */
export interface CommandsRun {
  readonly ran: number;
  readonly failure?: CommandError;
  readonly hashes: readonly (string | null)[];
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function isRunId(text: string): boolean {
  return /^\d{8}T\d{6}Z-[0-9a-f]{6}$/.test(text);
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export class Journal {
  readonly dir: string;

  constructor(
    private readonly target: Target,
    readonly manifest: Manifest,
  ) {
    this.dir = `${JOURNAL_ROOT}/${manifest.runId}`;
  }

  static async open(target: Target, manifest: Manifest): Promise<Journal> {
    const journal = new Journal(target, manifest);
    await target.execChecked(
      ['sh', '-c', 'umask 077 && mkdir -p -- "$1/files" && chmod 0700 /var/lib/golive "$2" "$1" "$1/files"', 'sh', journal.dir, JOURNAL_ROOT],
      { privileged: true },
    );
    await journal.save();
    return journal;
  }

  backupPath(index: number): string {
    return `files/${index}`;
  }

  absolute(relative: string): string {
    return `${this.dir}/${relative}`;
  }

  /**
   * Saves the manifest, then runs commands that read nothing on stdin, in one round trip: how many
   * ran, the failure of the next one, and (when all ran) the sha256 of each of `touches` after them
   * (null: absent).
   */
  async saveThenRun(commands: readonly (readonly string[])[], touches: readonly string[]): Promise<CommandsRun> {
    const marker = `@@golive-${randomBytes(6).toString('hex')}`;
    const result = await this.target.exec(['sh', '-c', saveThenRunScript(commands), 'sh', this.dir, undoScript(this.manifest), marker, ...touches], {
      privileged: true,
      stdin: `${JSON.stringify(this.manifest, null, 2)}\n`,
    });
    if (result.exitCode !== 0) {
      const ran = [...result.stdout.matchAll(new RegExp(`^${marker} ran \\d+$`, 'gm'))].length;
      return { ran, failure: new CommandError(commands[ran] ?? ['sh'], result.exitCode, result.stderr), hashes: [] };
    }
    const hashesAfter = `${marker} hashes\n`;
    const hashes = result.stdout.slice(result.stdout.indexOf(hashesAfter) + hashesAfter.length).split('\n').slice(0, touches.length);
    return { ran: commands.length, hashes: hashes.map((line) => (line === 'absent' ? null : line)) };
  }

  /** Saves the manifest, then writes the files (see writeFilesAfter), in one round trip. */
  async saveThenWrite(files: readonly FileToWrite[]): Promise<{ readonly written: number; readonly error?: string }> {
    const manifest = Buffer.from(`${JSON.stringify(this.manifest, null, 2)}\n`);
    const prefix = `head -c "$3" | save "$1" "$2" || { echo 'golive: the journal could not be saved, so nothing was written' >&2; exit 125; }`;
    return writeFilesAfter(this.target, `${SAVE_FUNCTION}\n${prefix}`, [this.dir, undoScript(this.manifest), String(manifest.length)], manifest, files);
  }

  /** Writes the manifest, and beside it the shell script that undoes the run without golive. */
  async save(): Promise<void> {
    await this.target.execChecked(['sh', '-c', SAVE_MANIFEST, 'sh', this.dir, undoScript(this.manifest)], {
      privileged: true,
      stdin: `${JSON.stringify(this.manifest, null, 2)}\n`,
    });
  }
}

/** Manifest on stdin, undo script as $2; each written to a temporary file, then renamed. */
const SAVE_FUNCTION = `save() (
  set -e
  umask 077
  cat >"$1/.manifest.json.tmp"
  printf '%s' "$2" >"$1/.undo.sh.tmp"
  mv -f "$1/.undo.sh.tmp" "$1/undo.sh"
  mv -f "$1/.manifest.json.tmp" "$1/manifest.json"
)`;

const SAVE_MANIFEST = `${SAVE_FUNCTION}
save "$1" "$2"`;

/**
 * Saves the manifest, then runs commands in order (stdin: nothing), stopping at the first that
 * fails, then prints the sha256 of each file they may have rewritten: one round trip. Arguments:
 * DIR UNDO MARKER FILE…; the commands follow as quoted lines. "MARKER ran N" after each command.
 */
function saveThenRunScript(commands: readonly (readonly string[])[]): string {
  return `${SAVE_FUNCTION}
${HASH_FUNCTION}
d=$1 u=$2 m=$3; shift 3
save "$d" "$u" || { echo 'golive: the journal could not be saved, so no command was run' >&2; exit 125; }
n=0
ran() { n=$((n + 1)); echo "$m ran $n"; }
${commands.map((argv) => `${quoteCommand(argv)} </dev/null || exit; ran`).join('\n')}
echo "$m hashes"
for f in "$@"; do hash_of "$f"; done`;
}

/** Every manifest after a line naming it, from one awk however many runs there are (an empty one is named all the same). */
const LIST_MANIFESTS = `r=$1 s=$2; shift 2
for f in "$r"/*/manifest.json; do
  [ -f "$f" ] || continue
  if [ -s "$f" ]; then set -- "$@" "$f"; else printf '%s %s\\n' "$s" "$f"; fi
done
[ $# -gt 0 ] || exit 0
awk -v s="$s" 'FNR == 1 { print s " " FILENAME } { print }' "$@"`;
const SEPARATOR = `@@golive-manifest-${randomBytes(6).toString('hex')}`;

/** A run folder whose manifest golive cannot read: listed with why, and never in the way of the others. */
export interface UnreadableRun {
  readonly path: string;
  readonly reason: string;
}

export interface JournalListing {
  /** Newest first. */
  readonly runs: Manifest[];
  readonly unreadable: UnreadableRun[];
}

/**
 * By start time to the millisecond, then run id: two runs in one second (a refused apply, then the
 * next) have run ids whose order within that second is their random part's.
 */
function newestFirst(a: Manifest, b: Manifest): number {
  return String(b.startedAt ?? '').localeCompare(String(a.startedAt ?? '')) || b.runId.localeCompare(a.runId);
}

/** Every recorded run on the server: a fact, so it can ride along with a probe. */
export const manifestsFact: CommandFact<JournalListing> = {
  argv: ['sh', '-c', LIST_MANIFESTS, 'sh', JOURNAL_ROOT, SEPARATOR],
  parse: (output) => {
    const runs: Manifest[] = [];
    const unreadable: UnreadableRun[] = [];
    for (const chunk of output.stdout.split(`${SEPARATOR} `).filter((c) => c.trim() !== '')) {
      const newline = chunk.indexOf('\n');
      const path = chunk.slice(0, newline < 0 ? undefined : newline);
      const parsed = parseManifest(newline < 0 ? '' : chunk.slice(newline + 1));
      if ('reason' in parsed) unreadable.push({ path, reason: parsed.reason });
      else runs.push(parsed);
    }
    return { runs: runs.sort(newestFirst), unreadable };
  },
};

/** A manifest, or why it is not one this golive can use: cut short, not JSON, another version. */
export function parseManifest(text: string): Manifest | { readonly reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: text.trim() === '' ? 'empty' : 'not JSON (cut short?)' };
  }
  const manifest = value as Partial<Manifest> | null;
  if (typeof manifest !== 'object' || manifest === null) return { reason: 'not a manifest' };
  if (manifest.version !== MANIFEST_VERSION) return { reason: `schema version ${JSON.stringify(manifest.version ?? null)}, this golive reads version ${MANIFEST_VERSION}` };
  if (typeof manifest.runId !== 'string' || !isRunId(manifest.runId) || !Array.isArray(manifest.files) || !Array.isArray(manifest.steps)) return { reason: 'fields are missing' };
  return manifest as Manifest;
}

export async function readManifests(target: Target): Promise<JournalListing> {
  const output = await target.execChecked(manifestsFact.argv, { privileged: true });
  return manifestsFact.parse(output);
}
