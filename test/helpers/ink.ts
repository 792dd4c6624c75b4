import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';

/**
 * ink-testing-library 4 predates React 19's scheduling: after each key, wait for the frame it
 * causes instead of sleeping a fixed time.
 */
export function renderInk(element: ReactElement) {
  const instance = render(element);
  const nextFrame = () => new Promise<void>((resolve) => setImmediate(() => setTimeout(resolve, 10)));
  return {
    ...instance,
    frame: () => instance.lastFrame() ?? '',
    async press(input: string) {
      instance.stdin.write(input);
      await nextFrame();
      await nextFrame();
    },
    /**
     * Presses `input` until `pattern` shows: on a loaded machine a key can land before the screen's
     * input handler is attached (the first frame is drawn before its effects run), and is dropped.
     */
    async pressUntil(input: string, pattern: RegExp, tries = 3) {
      for (let attempt = 1; ; attempt += 1) {
        await this.press(input);
        try {
          return await this.waitFor(pattern, 1000);
        } catch (error) {
          if (attempt >= tries) throw error;
        }
      }
    },
    async waitFor(pattern: RegExp, timeoutMs = 2000) {
      const start = Date.now();
      while (!pattern.test(instance.lastFrame() ?? '')) {
        if (Date.now() - start > timeoutMs) throw new Error(`the screen never showed ${pattern}:\n${instance.lastFrame()}`);
        await nextFrame();
      }
      // What was drawn is on screen; let its effects (input handlers) attach before the next key.
      await nextFrame();
    },
  };
}

export const KEYS = {
  enter: '\r',
  down: '\u001b[B',
  up: '\u001b[A',
  left: '\u001b[D',
  right: '\u001b[C',
  pageDown: '\u001b[6~',
  pageUp: '\u001b[5~',
  escape: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;
