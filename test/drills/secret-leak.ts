import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ENV, whereOnServer } from '../helpers/six-steps.js';
import { atTerminal } from '../helpers/terminal.js';
import { Drill, expect, Lost } from './drill.js';
import type { DrillServer } from './drill-server.js';

/**
 * After a full run with password sudo (ops, at a terminal, the POSTGRES_PASSWORD set on the
 * database role too): no secret — sudo's password, and every value golive wrote into the app's
 * .env in this run or any killed one — in any output golive gave in the drills, anywhere on the
 * server but the .env itself (files, logs, the systemd journal), or in golive's files here
 * (local settings, answers, known_hosts).
 */

/** Everything on the server but the kernel's views. */
const SERVER_FOLDERS = ['/etc', '/srv', '/var', '/usr', '/opt', '/root', '/home', '/tmp', '/run', '/boot', '/backups', '/mnt', '/media'];

export async function secretLeakDrill(target: DrillServer): Promise<Drill> {
  const drill = new Drill('secret-leak scan (password sudo)');
  target.useAnswers({ postgresRole: 'app' });
  const applied = await drill.case('a full apply as ops, whose sudo asks for a password', 360_000, async () => {
    const run = await atTerminal(target.golive, target.golive.args('ops', ['apply', '--yes']), 'sudo password for ops', target.opsPassword);
    target.transcript.push(run.screen);
    expect(run.exitCode === 0 && /^applied and verified/m.test(run.screen), `exit ${run.exitCode}: ${run.screen.slice(-1500)}`);
    await target.noteSecrets();
  });
  target.useAnswers();
  if (!applied) {
    drill.notTried(1, 'no full run to scan');
    return drill;
  }
  const secrets = [
    ['sudo password', target.opsPassword],
    ...[...target.secretsSeen].map((value, n) => [`generated value ${n + 1} (${value.length} chars)`, value]),
  ] as const;
  await drill.case('the scan finds the values where they are (the .env itself)', 120_000, async () => {
    const current = await target.server.sh(`sed -n 's/^SECRET_KEY=//p' ${APP_ENV}`);
    expect(current.trim().length >= 32, 'no SECRET_KEY in the .env');
    expect((await whereOnServer(target.server, [current.trim()], ['/srv'])) === APP_ENV, 'the scan does not find a value in the file that holds it');
  });
  // One scan of the whole server for all of them; only what it finds is looked at secret by secret.
  const anywhere = await whereOnServer(target.server, secrets.map(([, value]) => value), SERVER_FOLDERS, [APP_ENV]);
  for (const [name, value] of secrets) {
    await drill.case(`${name}: in no output, server file, journal or local file`, 120_000, async () => {
      const where = [
        ...(target.transcript.some((text) => text.includes(value)) ? ['golive output'] : []),
        ...(anywhere ? (await whereOnServer(target.server, [value], SERVER_FOLDERS, [APP_ENV])).split('\n').filter(Boolean).map((w) => `server ${w}`) : []),
        ...(localFilesHolding(target.golive.home, value) ? ['golive files here'] : []),
      ];
      if (where.length > 0) throw new Lost(`${value.slice(0, 4)}… found in ${where.join(', ')}`);
    });
  }
  return drill;
}

/** Whether any file under golive's home here (settings, golive.yml, known_hosts) holds the value. */
function localFilesHolding(home: string, value: string): boolean {
  const patterns = join(home, '..', `golive-drill-pattern-${process.pid}`);
  writeFileSync(patterns, `${value}\n`, { mode: 0o600 });
  try {
    execFileSync('grep', ['-rlaF', '-f', patterns, home]);
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-f', patterns]);
  }
}
