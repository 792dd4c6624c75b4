import type { TestServer } from '../helpers/test-server.js';

/**
 * What "the server is as it was" means in the drills: every file under the folders golive writes
 * to, byte for byte with its mode and owner, and golive's own plan of the server.
 */

/** Every file golive may touch is under one of these (the drills check each run's manifest against them). */
export const WATCHED = ['/etc', '/srv', '/usr/local/sbin', '/backups'] as const;

export type FilesState = Readonly<Record<string, string>>;

/** sha256, type, mode and owner of everything under each watched folder ("absent" for a folder that is not there). */
export async function filesState(server: TestServer): Promise<FilesState> {
  const state: Record<string, string> = {};
  for (const dir of WATCHED) {
    const result = await server.exec([
      'sh',
      '-c',
      `[ -e "$1" ] || { echo absent; exit 0; }
      cd "$1" && find . -printf '%p %y %m %u %g\\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum`,
      'sh',
      dir,
    ]);
    if (result.exitCode !== 0) throw new Error(`cannot read ${dir} on the server: ${result.stderr}`);
    state[dir] = result.stdout;
  }
  return state;
}

/** What differs, folder by folder: lines only before (-) and only after (+), a few per folder. */
export function filesChanges(before: FilesState, after: FilesState): string[] {
  return WATCHED.flatMap((dir) => {
    if (before[dir] === after[dir]) return [];
    const was = new Set(before[dir]!.split('\n'));
    const now = new Set(after[dir]!.split('\n'));
    const lines = [...[...was].filter((l) => !now.has(l)).map((l) => `- ${l}`), ...[...now].filter((l) => !was.has(l)).map((l) => `+ ${l}`)];
    return [`${dir}: ${lines.slice(0, 6).join(' | ')}${lines.length > 6 ? ` | ... ${lines.length - 6} more` : ''}`];
  });
}

/**
 * `plan --json` without what changes by itself: the round-trip count, and systemd's word for a
 * service that is not running. Debian's stock fail2ban fails at boot (no /var/log/auth.log), which
 * systemd calls "failed"; once rollback has stopped it, as it was, systemd says "inactive".
 */
export function comparablePlan(json: string): string {
  const plan = JSON.parse(json) as Record<string, unknown>;
  delete plan.roundTrips;
  return JSON.stringify(plan, null, 1).replaceAll('fail2ban running: failed', 'fail2ban running: inactive');
}

/** The paths a run's manifest lists that are outside the watched folders: none may be. */
export async function unwatchedPaths(server: TestServer, runDir: string): Promise<string[]> {
  const manifest = JSON.parse(await server.sh(`cat ${runDir}/manifest.json`)) as { files: { path: string }[] };
  return manifest.files.map((f) => f.path).filter((path) => !WATCHED.some((dir) => path === dir || path.startsWith(`${dir}/`)));
}
