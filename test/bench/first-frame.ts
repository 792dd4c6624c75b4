import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { quoteCommand } from '../../src/target/quote.js';
import { REPO_ROOT } from '../helpers/test-server.js';

/**
 * Time from starting `golive` (the wizard) to its first checklist frame, next to a bare Ink
 * "hello", both in a pseudo-terminal (script(1)) on this machine in the same run. The wizard's
 * target is a closed port on loopback: the first frame must not wait for any server.
 * Run: npm run bench.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function timeToText(argv: readonly string[], text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GOLIVE_SETTINGS_DIR: '/tmp/golive-bench-settings' };
    delete env.CI;
    // script(1)'s terminal has no size of its own: give it the 80x24 of a small terminal.
    const command = quoteCommand(['sh', '-c', 'stty cols 80 rows 24; exec "$@"', 'sh', ...argv]);
    const start = performance.now();
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`never saw ${text}: ${seen}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve(performance.now() - start);
        child.kill();
      }
    });
  });
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

const golive = ['node', join(REPO_ROOT, 'bin', 'golive.js'), '--host', 'nobody@127.0.0.1:1', '--known-hosts', '/dev/null'];
const hello = ['node', join(REPO_ROOT, 'dist', 'test', 'bench', 'ink-hello.js')];
const wizard: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < RUNS; i += 1) {
  wizard.push(await timeToText(golive, 'secrets'));
  baseline.push(await timeToText(hello, 'hello'));
}
console.log(`time to the first frame, in a pseudo-terminal (${RUNS} runs each, median):`);
console.log(`  golive wizard, first checklist frame: ${median(wizard).toFixed(0)} ms (min ${Math.min(...wizard).toFixed(0)}, max ${Math.max(...wizard).toFixed(0)})`);
console.log(`  bare Ink "hello":                     ${median(baseline).toFixed(0)} ms (min ${Math.min(...baseline).toFixed(0)}, max ${Math.max(...baseline).toFixed(0)})`);
