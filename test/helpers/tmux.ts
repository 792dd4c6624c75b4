import { execa } from 'execa';

/**
 * A real terminal for end-to-end tests of the wizard: tmux on its own socket (never the user's
 * server), keys sent one at a time as a person types them, the screen read with capture-pane.
 */
export class Tmux {
  private constructor(private readonly socket: string) {}

  /** `cwd`: where the command starts (golive reads ./golive.yml there). */
  static async start(socket: string, command: readonly string[], size = { columns: 80, rows: 24 }, cwd?: string): Promise<Tmux> {
    const tmux = new Tmux(socket);
    // Without CI in its environment (even empty, it switches Ink to CI mode): this is a person's terminal.
    const env = { ...process.env };
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    await execa('tmux', ['-L', socket, 'new-session', '-d', ...(cwd ? ['-c', cwd] : []), '-s', 'golive', '-x', String(size.columns), '-y', String(size.rows), ...command], { env, extendEnv: false });
    return tmux;
  }

  async screen(): Promise<string> {
    return (await execa('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', 'golive'])).stdout;
  }

  /** The screen with its colours and attributes, as SGR escape codes. */
  async colouredScreen(): Promise<string> {
    return (await execa('tmux', ['-L', this.socket, 'capture-pane', '-e', '-p', '-t', 'golive'])).stdout;
  }

  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await execa('tmux', ['-L', this.socket, 'send-keys', '-t', 'golive', key]);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  /** Types text as it is (no key names, no tmux parsing of ; or spaces). */
  async type(text: string): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'send-keys', '-t', 'golive', '-l', text]);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const screen = await this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() - start > timeoutMs) throw new Error(`the terminal never showed ${pattern}:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Moves the checklist menu's cursor down to the item and picks it. Each Down waits for the cursor
   * to move before the next (on a loaded machine the screen lags the keys, and the cursor would
   * overshoot); the menu scrolls, so an item below its window shows once the cursor comes near.
   */
  async choose(label: string): Promise<void> {
    const target = `❯ ${label}`;
    const cursor = async () => /❯ .*/.exec(await this.screen())?.[0];
    await this.waitFor(/❯ /);
    for (let i = 0; i < 40; i += 1) {
      const before = await cursor();
      if (before?.startsWith(target)) break;
      await this.press('Down');
      for (let t = 0; t < 20 && (await cursor()) === before; t += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.waitFor(new RegExp(target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await this.press('Enter');
  }

  /** On a step's answers screen: down to "Continue to the preview", and Enter. */
  async continueToPreview(): Promise<void> {
    for (let i = 0; i < 10 && !(await this.screen()).includes('› [ Continue to the preview ]'); i += 1) await this.press('Down');
    await this.press('Enter');
  }

  async stop(): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'kill-server'], { reject: false });
  }
}
