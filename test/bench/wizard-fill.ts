import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GOLIVE_BIN, type GoliveRunner } from '../helpers/test-server.js';
import { Tmux } from '../helpers/tmux.js';
import { sleep } from '../drills/drill.js';

export interface WizardFill {
  /** From the connection being up (the header's "connecting…" gone) to no step left "reading the server…". */
  readonly filledMs: number;
  readonly peakMiB: number;
}

/**
 * The wizard over SSH in a real terminal (tmux, 100x40 so every step's row shows), the screen read
 * every 40 ms (so times are that much late at most); then `q` quits it, and GNU time reports its
 * peak memory.
 */
export async function wizardFill(golive: GoliveRunner): Promise<WizardFill> {
  const dir = mkdtempSync(join(tmpdir(), 'golive-bench-'));
  const report = join(dir, 'rss');
  const env = Object.entries(golive.env).map(([name, value]) => `${name}=${value}`);
  const command = ['env', ...env, '/usr/bin/time', '-f', '%M', '-o', report, 'node', GOLIVE_BIN, ...golive.args('deploy')];
  const tmux = await Tmux.start(`golive-bench-${process.pid}`, command, { columns: 100, rows: 40 }, golive.home);
  try {
    let connecting = false;
    let connectedAt = 0;
    const start = performance.now();
    for (;;) {
      // Every 40 ms: reading the screen starts a tmux client, which would otherwise take the CPU
      // the wizard and the test server need (both share this machine).
      await sleep(40);
      const screen = await tmux.screen();
      const now = performance.now();
      if (now - start > 30_000) throw new Error(`the checklist never filled:\n${screen}`);
      if (screen.includes('connecting…')) connecting = true;
      else if (connecting && connectedAt === 0) connectedAt = now;
      if (connectedAt > 0 && screen.includes('secrets') && !screen.includes('reading the server')) {
        await tmux.press('q');
        return { filledMs: now - connectedAt, peakMiB: await peakOnceExited(report) };
      }
    }
  } finally {
    await tmux.stop();
    rmSync(dir, { recursive: true, force: true });
  }
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
