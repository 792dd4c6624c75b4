import type { Fact } from '../engine/types.js';

/**
 * The TCP ports sshd really listens on: ssh.socket's ListenStream when socket activation starts
 * sshd per connection (its Port lines are then ignored), else `sshd -T`'s port lines.
 */
const SCRIPT = `if [ "$(systemctl is-active ssh.socket 2>/dev/null)" = active ] && [ "$(systemctl is-active ssh.service 2>/dev/null)" != active ]; then
  systemctl show -p Listen ssh.socket | grep -o ':[0-9]* (Stream)' | tr -dc '0-9\\n'
else
  sshd -T 2>/dev/null | sed -n 's/^port //p'
fi`;

export const sshPortsFact: Fact<number[]> = {
  argv: ['sh', '-c', SCRIPT],
  parse: (output) => [...new Set(output.stdout.split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number))],
};
