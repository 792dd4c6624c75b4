import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GOLIVE_BIN, type GoliveRunner } from '../helpers/test-server.js';
import { sleep } from '../drills/drill.js';
import { inTerminal } from './measure.js';

export interface WizardFill {
  /** From the connection being up (the header's "connecting…" gone) to no step left "reading the server…". */
  readonly filledMs: number;
  readonly peakMiB: number;
}

/** Where Ink's frames end: each is written as one synchronized update (DEC mode 2026). */
const FRAME_END = '\x1b[?2026l';
// eslint-disable-next-line no-control-regex -- the escape sequences a terminal reads are what is stripped
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * The wizard over SSH in a pseudo-terminal (script(1), 100x40 so every step's row shows), its
 * output read as it comes: each frame Ink writes is timed when it arrives, as a terminal would show
 * it. Nothing polls the screen (a tmux client every few milliseconds took the CPU the wizard and the
 * test server share here). Then `q` quits it, and GNU time reports its peak memory.
 */
export async function wizardFill(golive: GoliveRunner): Promise<WizardFill> {
  const dir = mkdtempSync(join(tmpdir(), 'golive-bench-'));
  const report = join(dir, 'rss');
  const argv = ['/usr/bin/time', '-f', '%M', '-o', report, 'node', GOLIVE_BIN, ...golive.args('deploy')];
  const child = inTerminal(argv, golive.env, [100, 40], golive.home);
  try {
    const filledMs = await untilFilled(child.stdout);
    child.stdin.write('q');
    return { filledMs, peakMiB: await peakOnceExited(report) };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function untilFilled(output: NodeJS.ReadableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let connecting = false;
    let connectedAt = 0;
    let last = '';
    const timer = setTimeout(() => reject(new Error(`the checklist never filled:\n${last}`)), 30_000);
    output.on('data', (chunk: Buffer) => {
      const now = performance.now();
      pending += chunk.toString();
      for (let end = pending.indexOf(FRAME_END); end >= 0; end = pending.indexOf(FRAME_END)) {
        last = pending.slice(0, end).replace(ESCAPES, '');
        pending = pending.slice(end + FRAME_END.length);
        if (last.includes('connecting…')) connecting = true;
        else if (connecting && connectedAt === 0) connectedAt = now;
        if (connectedAt > 0 && last.includes('secrets') && !last.includes('reading the server')) {
          clearTimeout(timer);
          resolve(now - connectedAt);
          return;
        }
      }
    });
  });
}

/** GNU time opens its report at the start and writes it when the process exits. */
async function peakOnceExited(report: string): Promise<number> {
  for (let i = 0; i < 200; i += 1) {
    const text = readFileSync(report, 'utf8').trim();
    if (text) return Number(text.split('\n').pop()) / 1024;
    await sleep(50);
  }
  throw new Error('the wizard did not quit on q');
}
