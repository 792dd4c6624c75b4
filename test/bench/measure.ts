import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { quoteCommand } from '../../src/target/quote.js';
import type { GoliveRun, GoliveRunner } from '../helpers/test-server.js';

/** How the benchmarks measure: wall time around a whole process, its peak memory from GNU time. */

export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export function spread(values: readonly number[], unit = 'ms'): string {
  return `median ${median(values).toFixed(0)} ${unit} (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
}

export interface TimedRun extends GoliveRun {
  readonly ms: number;
  /** The process's peak resident memory. */
  readonly peakMiB: number;
}

/** One golive process over SSH, timed whole, its peak memory read by GNU time (`%M`, KiB). */
export async function timedRun(golive: GoliveRunner, args: readonly string[], env: Record<string, string> = {}): Promise<TimedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'golive-bench-'));
  try {
    const report = join(dir, 'rss');
    const start = performance.now();
    const run = await golive.run(args, env, 600_000, ['/usr/bin/time', '-f', '%M', '-o', report]);
    const ms = performance.now() - start;
    return { ...run, ms, peakMiB: Number(readFileSync(report, 'utf8').trim().split('\n').pop()) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `args` `runs` times, each expected to exit with `exitCode`. */
export async function timedRuns(golive: GoliveRunner, args: readonly string[], exitCode: number, runs: number): Promise<TimedRun[]> {
  const results: TimedRun[] = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await timedRun(golive, args);
    if (run.exitCode !== exitCode) throw new Error(`golive ${args.join(' ')} exited ${run.exitCode}: ${run.stderr}`);
    results.push(run);
  }
  return results;
}

/** `argv` started in a pseudo-terminal of `columns` x `rows` (script(1)), as on a person's terminal. */
export function inTerminal(argv: readonly string[], env: Record<string, string>, [columns, rows]: readonly [number, number], cwd?: string): ChildProcessByStdio<Writable, Readable, null> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // Without CI (even empty, it switches Ink to CI mode): this is a person's terminal.
  delete childEnv.CI;
  const command = quoteCommand(['sh', '-c', `stty cols ${columns} rows ${rows}; exec "$@"`, 'sh', ...argv]);
  return spawn('script', ['-qec', command, '/dev/null'], { cwd, env: childEnv, stdio: ['pipe', 'pipe', 'ignore'] });
}

/** Time from starting `argv` in an 80x24 pseudo-terminal until `text` shows. */
export function timeToText(argv: readonly string[], text: string, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = inTerminal(argv, env, [80, 24]);
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
