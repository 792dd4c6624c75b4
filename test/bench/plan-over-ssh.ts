import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeAnswers } from '../helpers/six-steps.js';
import { GoliveRunner, REPO_ROOT, TestServer } from '../helpers/test-server.js';

/**
 * Wall time of `golive plan --only ssh`, of `--only crowdsec,tls` and of `golive audit` over SSH against a fresh test
 * server, whole process included (node start, one SSH connection, the probe), and the round trips
 * the plan made.
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
  const plan = await timed(golive, ['plan', '--only', 'ssh', '--json'], 2);
  console.log(`golive plan --only ssh over SSH (${RUNS} runs, whole process):`);
  console.log(`  wall time: ${plan.summary}`);
  console.log(`  SSH connections: 1; round trips (commands sent): ${(JSON.parse(plan.lastOutput) as { roundTrips: number }).roundTrips}`);
  writeAnswers(golive, 'crowdsec: {}\ntls:\n  domains: [app.example.com]\n  upstream: 127.0.0.1:8080\n  certificates: internal\n');
  const newSteps = await timed(golive, ['plan', '--only', 'crowdsec,tls', '--json'], 2);
  console.log(`golive plan --only crowdsec,tls over SSH, neither installed (${RUNS} runs, whole process):`);
  console.log(`  wall time: ${newSteps.summary}`);
  const audit = await timed(golive, ['audit', '--json'], 2);
  const processes = (await server.exec(['sh', '-c', 'ls -d /proc/[0-9]* | wc -l'])).stdout.trim();
  console.log(`golive audit over SSH, every item in one probe (${RUNS} runs, whole process, ${processes} processes on the server):`);
  console.log(`  wall time: ${audit.summary}; items: ${(JSON.parse(audit.lastOutput) as { items: unknown[] }).items.length}`);
} finally {
  await server.destroy();
}

/** RUNS runs of golive with `args`, each expected to exit with `exitCode`. */
async function timed(golive: GoliveRunner, args: readonly string[], exitCode: number): Promise<{ summary: string; lastOutput: string }> {
  const times: number[] = [];
  let lastOutput = '';
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const run = await golive.run(golive.args('deploy', args));
    times.push(performance.now() - start);
    if (run.exitCode !== exitCode) throw new Error(`golive ${args[0]} exited ${run.exitCode}: ${run.stderr}`);
    lastOutput = run.stdout;
  }
  return { summary: `median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`, lastOutput };
}
