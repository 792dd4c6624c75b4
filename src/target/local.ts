import { userInfo } from 'node:os';
import { execa } from 'execa';
import { BaseTarget } from './base-target.js';
import type { ExecResult } from './target.js';

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

  async close(): Promise<void> {}
}
