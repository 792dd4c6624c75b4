import { join } from 'node:path';
import { prepareSixSteps, sixStepAnswers } from '../helpers/six-steps.js';
import { GoliveRunner, TestServer } from '../helpers/test-server.js';
import { writeFileSync } from 'node:fs';

/**
 * Lynis's hardening index of a stock Debian 12 test server, after `golive apply --only baseline`,
 * then after every other step too. Lynis comes from Debian, through the test host's apt proxy.
 * Run as root: node dist/test/bench/lynis.js [NAME INDEX] (default base-2 111).
 */

const [name = 'base-2', index = '111'] = process.argv.slice(2);

async function hardeningIndex(server: TestServer, label: string): Promise<void> {
  await server.sh('lynis audit system --quick --no-colors >/var/log/lynis-golive.out 2>&1 || true');
  const report = await server.sh('cat /var/log/lynis-report.dat');
  const index = /^hardening_index=(\d+)$/m.exec(report)?.[1] ?? '?';
  const suggestions = report.split('\n').filter((l) => l.startsWith('suggestion[]=')).map((l) => l.slice(13).split('|')[0]);
  console.log(`${label}: hardening index ${index}, ${suggestions.length} suggestions (${suggestions.join(' ')})`);
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
  writeFileSync(join(golive.home, 'golive.yml'), `${sixStepAnswers(key)}baseline: {}\n`);
  await apply(golive, 'baseline');
  await hardeningIndex(server, 'after golive apply --only baseline');
  await apply(golive);
  await hardeningIndex(server, 'after golive apply (every step)');
} finally {
  await server.destroy();
}
