import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GoliveRunner, REPO_ROOT, TestServer } from '../helpers/test-server.js';

/**
 * Wall time of `golive plan --only ssh` over SSH against a fresh test server, whole process
 * included (node start, one SSH connection, the probe), and the round trips it made.
 * Run: npm run bench (as root: it boots a test server).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

execFileSync('bash', [join(REPO_ROOT, 'scripts', 'testserver', 'setup-host.sh')], { stdio: 'inherit' });
const server = await TestServer.boot('bench-plan', 201, { cloudDropIn: true });
try {
  const golive = new GoliveRunner(server);
  await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  const times: number[] = [];
  let roundTrips = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const run = await golive.run(golive.args('deploy', ['plan', '--only', 'ssh', '--json']));
    times.push(performance.now() - start);
    if (run.exitCode !== 2) throw new Error(`golive plan exited ${run.exitCode}: ${run.stderr}`);
    roundTrips = (JSON.parse(run.stdout) as { roundTrips: number }).roundTrips;
  }
  console.log(`golive plan --only ssh over SSH (${RUNS} runs, whole process):`);
  console.log(`  wall time: median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`);
  console.log(`  SSH connections: 1; round trips (commands sent): ${roundTrips}`);
} finally {
  await server.destroy();
}
