import type { Fact } from '../engine/types.js';

/**
 * The TCP ports sshd really listens on: ssh.socket's ListenStream when socket activation starts
 * sshd per connection (its Port lines are then ignored), else `sshd -T`'s port lines. Both are read
 * raw and sorted out here: two processes on the server.
 */
const SCRIPT = `systemctl show -p ActiveState,Listen ssh.socket ssh.service 2>/dev/null
echo @@sshd
sshd -T 2>/dev/null`;

export const sshPortsFact: Fact<number[]> = {
  argv: ['sh', '-c', SCRIPT],
  parse: (output) => {
    const [units = '', sshd = ''] = output.stdout.split('@@sshd\n');
    const [socket = '', service = ''] = units.split(/\n\s*\n/);
    const socketOnly = /^ActiveState=active$/m.test(socket) && !/^ActiveState=active$/m.test(service);
    const ports = socketOnly ? [...socket.matchAll(/^Listen=.*:(\d+) \(Stream\)$/gm)] : [...sshd.matchAll(/^port (\d+)$/gm)];
    return [...new Set(ports.map((m) => Number(m[1])))];
  },
};
