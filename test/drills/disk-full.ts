import { Drill, expect } from './drill.js';
import type { DrillServer } from './drill-server.js';

/**
 * The disk full during a backup: the backup folder made a small tmpfs inside the server (its own
 * mount namespace) and filled, then `golive backup-now`: it must exit non-zero, keep no partial
 * file, and say so in the journal; once there is room again, the next backup works.
 */

/** About 1.3 MB of rows that compress badly: the encrypted dump is far bigger than the room left. */
const SEED = `CREATE TABLE IF NOT EXISTS drill_filler (id serial PRIMARY KEY, noise text NOT NULL);
INSERT INTO drill_filler (noise) SELECT md5(random()::text) || md5(random()::text) FROM generate_series(1, 20000);`;
const DIR = '/backups';

export async function diskFullDrill(target: DrillServer): Promise<Drill> {
  const drill = new Drill('disk full during a backup');
  const { server } = target;
  const ready = await drill.case('the backup job is in place (full apply as deploy)', 360_000, async () => {
    const apply = await target.run(['apply', '--yes']);
    expect(apply.exitCode === 0, `apply failed (exit ${apply.exitCode}): ${apply.stderr}`);
    await target.noteSecrets();
    await server.exec(['runuser', '-u', 'postgres', '--', 'psql', '-X', '--quiet', '--set=ON_ERROR_STOP=1', '--dbname=shop'], SEED);
  });
  if (!ready) {
    drill.notTried(3, 'the backup job could not be put in place');
    return drill;
  }
  // Full before it starts: not a byte of room. Full on the way: 64 KiB of room for a dump of about 1 MB.
  for (const [what, room] of [['no room at all', 0], ['room for 64 KiB of a 1 MB backup', 64]] as const) {
    await drill.case(`backup-now with ${what}`, 180_000, async () => {
      await server.sh(`mount -t tmpfs -o size=512k,mode=0700,uid=0,gid=0 golive-drill-full ${DIR}`);
      try {
        await server.sh(`dd if=/dev/zero of=${DIR}/filler bs=4k 2>/dev/null || true; truncate -s -${room}k ${DIR}/filler || true`);
        const since = (await server.sh('date +%s')).trim();
        const run = await target.run(['backup-now'], {}, 120_000);
        expect(run.exitCode !== 0, `backup-now said it worked with a full disk: ${run.stdout}`);
        expect(/the backup failed/.test(run.stderr), `no clear error: ${run.stderr}`);
        const left = (await server.sh(`ls -A ${DIR}`)).trim();
        expect(left === 'filler', `left in ${DIR}: ${left.split('\n').join(', ')}`);
        const log = await server.sh(`journalctl -t golive-backup --no-pager -o cat --since @${since}`);
        expect(/backup of shop failed .*no file was kept/.test(log), `no journal line saying so: ${log}`);
      } finally {
        await server.sh(`umount ${DIR}`);
      }
    });
  }
  await drill.case('backup-now once there is room again', 180_000, async () => {
    const run = await target.run(['backup-now'], {}, 120_000);
    expect(run.exitCode === 0 && /backup written: \/backups\/shop-\d{8}T\d{6}Z\.dump\.gpg/.test(run.stdout), `exit ${run.exitCode}: ${run.stderr}`);
  });
  return drill;
}
