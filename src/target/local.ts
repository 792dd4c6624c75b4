import { userInfo } from 'node:os';
import { execa } from 'execa';
import { BaseTarget } from './base-target.js';
import type { ExecResult, OpenCommand } from './target.js';

/** This machine: commands run through execa, never through a shell. */
export class LocalTarget extends BaseTarget {
  readonly label = 'this machine';
  readonly kind = 'local' as const;
  readonly loginUser = userInfo().username;

  protected async execRaw(argv: readonly string[], stdin: Buffer | undefined): Promise<ExecResult> {
    const [file, ...args] = argv;
    if (!file) throw new Error('empty command');
    const result = await execa(file, args, {
      reject: false,
      stripFinalNewline: false,
      input: stdin ?? '',
    });
    const exitCode = result.exitCode ?? (result.failed ? 127 : 1);
    return { exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? result.message ?? '') };
  }

  protected async openRaw(argv: readonly string[]): Promise<OpenCommand> {
    const [file, ...args] = argv;
    if (!file) throw new Error('empty command');
    const child = execa(file, args, { reject: false, stripFinalNewline: false, stdin: 'pipe', buffer: true });
    const exited = child.then((result) => ({ exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? result.message ?? '') }));
    return {
      onStdout: (listener) => child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
      write: (text) => child.stdin?.write(text),
      end: () => child.stdin?.end(),
      exited,
    };
  }

  async close(): Promise<void> {}
}
