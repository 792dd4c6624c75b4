import type { Fact, ProbeOutput } from '../engine/types.js';

/**
 * The TCP ports sshd really listens on: ssh.socket's ListenStream when socket activation starts
 * sshd per connection (its Port lines are then ignored), else `sshd -T`'s port lines. Both are read
 * raw and sorted out here: two processes on the server. The same command is the ssh step's
 * `sshd -T` (its output, errors and exit code are sshd's), so the probe runs sshd -T once.
 */
const SCRIPT = `systemctl show -p ActiveState,Listen ssh.socket ssh.service 2>/dev/null
echo @@sshd
sshd -T`;

export const SSHD_T_WITH_UNITS: readonly string[] = ['sh', '-c', SCRIPT];

/** `sshd -T`'s own output, from SSHD_T_WITH_UNITS. */
export function sshdTOutput(output: ProbeOutput): ProbeOutput {
  return { ...output, stdout: output.stdout.split('@@sshd\n')[1] ?? '' };
}

export const sshPortsFact: Fact<number[]> = {
  argv: SSHD_T_WITH_UNITS,
  parse: (output) => {
    const [units = '', sshd = ''] = output.stdout.split('@@sshd\n');
    const [socket = '', service = ''] = units.split(/\n\s*\n/);
    const socketOnly = /^ActiveState=active$/m.test(socket) && !/^ActiveState=active$/m.test(service);
    const ports = socketOnly ? [...socket.matchAll(/^Listen=.*:(\d+) \(Stream\)$/gm)] : [...sshd.matchAll(/^port (\d+)$/gm)];
    return [...new Set(ports.map((m) => Number(m[1])))];
  },
};
