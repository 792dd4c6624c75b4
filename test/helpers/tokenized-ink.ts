import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { tokenizedStdin, type KeySource } from '../../src/ui/input/tokenized-stdin.js';

/** A terminal's input as ink-testing-library fakes it: each write is one read, as a terminal's chunk. */
export class FakeTerminalInput extends EventEmitter implements KeySource {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  private chunks: (string | Buffer)[] = [];

  write(chunk: string | Buffer) {
    this.chunks.push(chunk);
    this.emit('readable');
  }

  read(): string | Buffer | null {
    return this.chunks.shift() ?? null;
  }

  setRawMode(enabled: boolean) {
    this.rawModes.push(enabled);
  }

  setEncoding() {}
  ref() {}
  unref() {}
}

class FakeTerminalOutput extends EventEmitter {
  readonly columns = 100;
  lastFrame = '';
  write = (frame: string) => {
    this.lastFrame = frame;
  };
}

/**
 * Renders like test/helpers/ink.ts, but with the wizard's key splitting between the fake terminal
 * and Ink, as run-wizard.tsx wires it: `send` writes one chunk, however many keys it holds.
 */
export function renderWithKeySplitting(element: ReactElement) {
  const input = new FakeTerminalInput();
  const output = new FakeTerminalOutput();
  const instance = render(element, {
    stdin: tokenizedStdin(input),
    stdout: output as unknown as NodeJS.WriteStream,
    stderr: new FakeTerminalOutput() as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const nextFrame = () => new Promise<void>((resolve) => setImmediate(() => setTimeout(resolve, 10)));
  return {
    frame: () => output.lastFrame,
    unmount: () => instance.unmount(),
    send(chunk: string | Buffer) {
      input.write(chunk);
    },
    /** Waits until the screen shows `pattern` (or, with `gone`, no longer shows it). */
    async waitFor(pattern: RegExp, { gone = false, timeoutMs = 2000 } = {}) {
      const start = Date.now();
      while (pattern.test(output.lastFrame) === gone) {
        if (Date.now() - start > timeoutMs) throw new Error(`the screen ${gone ? 'still showed' : 'never showed'} ${pattern}:\n${output.lastFrame}`);
        await nextFrame();
      }
      // Let the drawn screen's effects (its input handlers) attach before the next chunk.
      await nextFrame();
    },
  };
}
