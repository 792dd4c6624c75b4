import { createHash, randomBytes } from 'node:crypto';
import type { Target } from '../target/target.js';
import { writeFileAtomic } from './remote-fs.js';
import type { Fact, StepId } from './types.js';

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

export interface Manifest {
  readonly version: 1;
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

  async save(): Promise<void> {
    await writeFileAtomic(this.target, `${this.dir}/manifest.json`, `${JSON.stringify(this.manifest, null, 2)}\n`, { owner: 'root', group: 'root', mode: 0o600 });
  }
}

const LIST_MANIFESTS = `for f in "$1"/*/manifest.json; do [ -f "$f" ] || continue; printf '%s\\n' "$2"; cat "$f"; done`;
const SEPARATOR = `@@golive-manifest-${randomBytes(6).toString('hex')}`;

/** Every recorded run on the server, newest first: a fact, so it can ride along with a probe. */
export const manifestsFact: Fact<Manifest[]> = {
  argv: ['sh', '-c', LIST_MANIFESTS, 'sh', JOURNAL_ROOT, SEPARATOR],
  parse: (output) =>
    output.stdout
      .split(`${SEPARATOR}\n`)
      .filter((chunk) => chunk.trim() !== '')
      .map((chunk) => JSON.parse(chunk) as Manifest)
      .sort((a, b) => b.runId.localeCompare(a.runId)),
};

export async function readManifests(target: Target): Promise<Manifest[]> {
  const output = await target.execChecked(manifestsFact.argv, { privileged: true });
  return manifestsFact.parse(output);
}
