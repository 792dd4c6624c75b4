import { join } from 'node:path';
import { execa } from 'execa';
import { quoteCommand } from '../../src/target/quote.js';
import { GOLIVE_BIN, type GoliveRunner } from './test-server.js';

export interface TerminalRun {
  readonly exitCode: number;
  /** Everything golive wrote to the terminal, as a person would have seen it. */
  readonly screen: string;
}

/**
 * The real golive in a pseudo-terminal (script(1)), so it may ask questions; `reply` is typed once
 * `prompt` first shows on the screen.
 */
export async function atTerminal(golive: GoliveRunner, args: readonly string[], prompt: string, reply: string): Promise<TerminalRun> {
  const command = quoteCommand(['node', GOLIVE_BIN, ...args]);
  const child = execa('script', ['-qec', command, '/dev/null'], {
    reject: false,
    cwd: golive.home,
    env: { CI: '', NO_COLOR: '1', SSH_AUTH_SOCK: '', GOLIVE_SETTINGS_DIR: join(golive.home, 'settings') },
  });
  let screen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const before = screen;
    screen += chunk.toString();
    if (!before.includes(prompt) && screen.includes(prompt)) child.stdin?.write(`${reply}\r`);
  });
  const result = await child;
  return { exitCode: result.exitCode ?? 1, screen };
}
