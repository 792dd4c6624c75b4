import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareSixSteps, sixStepAnswers } from '../helpers/six-steps.js';
import { GoliveRunner, TestServer } from '../helpers/test-server.js';

/**
 * Lynis's hardening index of a stock Debian 12 test server: stock, after a full `golive apply` with
 * the defaults, then with what can break something turned on too (STRICT), with each Lynis test that
 * did not get its full points.
 * Lynis comes from Debian, through the test host's apt proxy.
 * Run as root: node dist/test/bench/lynis.js [NAME INDEX] (default base-2 111);
 * GOLIVE_BENCH_KEEP=1 leaves the server running for a look (machinectl shell NAME).
 */

const [name = 'base-2', index = '111'] = process.argv.slice(2);

/** Every baseline group that is off by default, but apt-listbugs (it needs bugs.debian.org), and no SSH forwarding. */
const STRICT = 'baseline:\n  compilers: true\n  idleLogout: true\n  usbGuard: true\nssh:\n  forwarding: false\n';

/** Lynis's log says which test it is running, then what each check of it scored. */
export function pointsLost(log: string): string[] {
  const lost = new Map<string, number>();
  let test = '?';
  for (const line of log.split('\n')) {
    const started = /Performing test ID (\S+)/.exec(line);
    if (started) test = started[1]!;
    const scored = /Hardening: assigned partial number of hardening points \((\d+) of (\d+)\)/.exec(line);
    if (scored && Number(scored[1]) < Number(scored[2])) lost.set(test, (lost.get(test) ?? 0) + Number(scored[2]) - Number(scored[1]));
  }
  return [...lost].sort((a, b) => b[1] - a[1]).map(([id, points]) => `${id} -${points}`);
}

async function hardeningIndex(server: TestServer, label: string): Promise<void> {
  await server.sh('lynis audit system --quick --no-colors >/var/log/lynis-golive.out 2>&1 || true');
  const report = await server.sh('cat /var/log/lynis-report.dat');
  const index = /^hardening_index=(\d+)$/m.exec(report)?.[1] ?? '?';
  const suggestions = report.split('\n').filter((l) => l.startsWith('suggestion[]=')).map((l) => l.slice(13).split('|')[0]);
  console.log(`${label}: hardening index ${index}, ${suggestions.length} suggestions (${suggestions.join(' ')})`);
  console.log(`  points lost: ${pointsLost(await server.sh('cat /var/log/lynis.log')).join(', ')}`);
}

async function apply(golive: GoliveRunner, only?: string): Promise<void> {
  const run = await golive.run(golive.args('deploy', ['apply', ...(only ? ['--only', only] : []), '--yes']), {}, 900_000);
  if (run.exitCode !== 0) throw new Error(`golive apply ${only ?? ''} failed (${run.exitCode}):\n${run.stderr}\n${run.stdout}`);
}

const server = await TestServer.boot(name, Number(index), { aptProxy: true });
try {
  await server.sh('export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y -q lynis >/dev/null');
  console.log(`lynis ${(await server.sh('lynis show version')).trim()} on a stock Debian 12 test server (systemd-nspawn)`);
  await hardeningIndex(server, 'stock');
  const golive = new GoliveRunner(server);
  await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  const key = await prepareSixSteps(server, 'ops-password-for-bench');
  writeFileSync(join(golive.home, 'golive.yml'), sixStepAnswers(key));
  await apply(golive);
  await hardeningIndex(server, 'after golive apply (every step, defaults)');
  writeFileSync(join(golive.home, 'golive.yml'), `${sixStepAnswers(key)}${STRICT}`);
  await apply(golive);
  await hardeningIndex(server, 'after golive apply again, with what can break something turned on too');
} finally {
  if (process.env.GOLIVE_BENCH_KEEP !== '1') await server.destroy();
}
