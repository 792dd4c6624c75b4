import type { CommandFact, DerivedFact, ProbeOutput } from '../engine/types.js';
import { type UnitInfo, unitInfosFact } from './units.js';

/** `sshd -T` as sshd prints it: the ssh step reads all of it, sshPortsFact its port lines (one command for both). */
export const sshdTFact: CommandFact<ProbeOutput> = { argv: ['sshd', '-T'], parse: (output) => output };

/**
 * The TCP ports sshd really listens on: ssh.socket's ListenStream when socket activation starts
 * sshd per connection (its Port lines are then ignored), else `sshd -T`'s port lines. Made of
 * systemd's view of the units and `sshd -T`, which other facts read too.
 */
export const sshPortsFact: DerivedFact<number[]> = {
  from: { units: unitInfosFact(['ssh.socket', 'ssh.service']), sshd: sshdTFact },
  derive: ({ units, sshd }) => sshdPorts(units as UnitInfo[], sshd as ProbeOutput),
};

function sshdPorts([socket, service]: readonly UnitInfo[], sshd: ProbeOutput): number[] {
  const socketOnly = socket?.active === 'active' && service?.active !== 'active';
  const ports = socketOnly ? (socket?.listen ?? []).map((line) => /:(\d+) \(Stream\)$/.exec(line)?.[1]) : [...sshd.stdout.matchAll(/^port (\d+)$/gm)].map((m) => m[1]);
  return [...new Set(ports.filter((port) => port !== undefined).map(Number))];
}
