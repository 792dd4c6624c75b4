import type { CommandFact } from '../engine/types.js';
import { GoliveError } from '../errors.js';
import { printableBytes } from './printable.js';

/**
 * Every process on the server, read from /proc as root: its name (comm) and the file it runs (the
 * /proc/PID/exe link's target, " (deleted)" when the file is gone). Processes in containers are
 * there too, their paths as seen inside the container. Only `base64` and `readlink` run: nothing
 * found is executed, and each field travels base64-encoded, so a name holding a newline or shell
 * characters can neither split a line nor run.
 */

export interface ProcessSeen {
  readonly pid: number;
  /** Printable: control characters escaped. */
  readonly comm: string;
  /** The executable's path, printable; undefined for kernel threads and processes that just ended. */
  readonly exe: string | undefined;
}

const LIST_PROCESSES = `cd /proc || exit 1
for p in [0-9]*; do
  c=$(base64 -w0 <"$p/comm" 2>/dev/null) || continue
  e=$(readlink -- "$p/exe" 2>/dev/null | base64 -w0)
  printf '%s %s %s\\n' "$p" "$c" "$e"
done`;

export const processesFact: CommandFact<ProcessSeen[]> = {
  argv: ['sh', '-c', LIST_PROCESSES],
  parse: (output) => {
    const processes = parseProcessList(output.stdout);
    if (processes.length === 0) throw new GoliveError(`no process could be read from /proc (exit ${output.exitCode}: ${output.stderr.trim().slice(0, 200) || 'no error output'})`, 'check that /proc is mounted and readable by root');
    return processes;
  },
};

/** Lines of "PID COMM_BASE64 EXE_BASE64"; the kernel ends comm with a newline, readlink its target. */
export function parseProcessList(stdout: string): ProcessSeen[] {
  const processes: ProcessSeen[] = [];
  for (const line of stdout.split('\n')) {
    const [pid = '', comm = '', exe = ''] = line.split(' ');
    if (!/^\d+$/.test(pid)) continue;
    processes.push({ pid: Number(pid), comm: decodeField(comm) ?? '', exe: decodeField(exe) });
  }
  return processes;
}

function decodeField(base64: string): string | undefined {
  const bytes = Buffer.from(base64, 'base64');
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  return end === 0 ? undefined : printableBytes(bytes.subarray(0, end));
}
