import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { userInfo } from 'node:os';
import { execa } from 'execa';
import { BaseTarget } from './base-target.js';
import type { ExecResult, OpenCommand } from './target.js';

/** This machine: commands run through execa, never through a shell. */
export class LocalTarget extends BaseTarget {
  readonly label = 'this machine';
  readonly kind = 'local' as const;
  readonly loginUser = userInfo().username;
  override clientAddress = sshClientOfThisSession();

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

/**
 * Where the admin's SSH session comes from: SSH_CONNECTION of golive or of the nearest process
 * above it that has one (sudo drops it from golive's own environment); undefined at a console.
 */
function sshClientOfThisSession(): string | undefined {
  let pid: number | undefined = process.pid;
  for (let depth = 0; pid && pid > 1 && depth < 16; depth += 1) {
    const client = clientIn(pid === process.pid ? process.env.SSH_CONNECTION : environOf(pid).SSH_CONNECTION);
    if (client) return client;
    pid = parentOf(pid);
  }
  return undefined;
}

function clientIn(sshConnection: string | undefined): string | undefined {
  const first = sshConnection?.split(' ')[0] ?? '';
  return isIP(first) ? first : undefined;
}

function environOf(pid: number): Record<string, string> {
  try {
    const entries = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter((e) => e.includes('='));
    return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  } catch {
    return {};
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ")" are plain.
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined;
  } catch {
    return undefined;
  }
}
