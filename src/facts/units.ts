import type { CommandFact } from '../engine/types.js';

/**
 * Every systemd unit golive asks about, read by one `systemctl show` that every step's unit fact
 * shares (a probe runs a command once, however many facts ask for it). A unit asked for that is
 * not listed here is added to the end of that fact's own command.
 */
const WATCHED_UNITS = [
  'ssh.socket',
  'ssh.service',
  'sshd.service',
  'fail2ban.service',
  'apt-daily.timer',
  'apt-daily-upgrade.timer',
  'crowdsec.service',
  'crowdsec-firewall-bouncer.service',
  'caddy.service',
  'acct.service',
  'auditd.service',
  'usbguard.service',
  'golive-aide-init.service',
];

const PROPERTIES = 'Id,ActiveState,SubState,Result,UnitFileState,Listen';

/** A systemd unit as `systemctl show` has it: "active", "inactive"…; "enabled", "disabled", or "not-found" before its package is installed. */
export interface UnitState {
  readonly active: string;
  readonly enabled: string;
}

/** All `systemctl show` says of a unit that golive reads. */
export interface UnitInfo extends UnitState {
  /** The unit's own name (an alias, sshd.service, shows ssh.service). */
  readonly id: string;
  /** `Listen=` of a socket unit, one line per address: "[::]:22 (Stream)". */
  readonly listen: readonly string[];
  /** "running", "exited", "dead"…; and how its last run ended: "success", "exit-code"…. */
  readonly subState: string;
  readonly result: string;
}

function unitInfo(block: string): UnitInfo {
  const values = (key: string) => [...block.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);
  const value = (key: string) => values(key)[0] ?? '';
  return { id: value('Id'), active: value('ActiveState') || 'unknown', subState: value('SubState'), result: value('Result'), enabled: value('UnitFileState') || 'not-found', listen: values('Listen') };
}

/** What systemd says of each of these units (`name.service`), in their order. */
export function unitInfosFact(units: readonly string[]): CommandFact<UnitInfo[]> {
  const asked = [...WATCHED_UNITS, ...units.filter((unit) => !WATCHED_UNITS.includes(unit))];
  return {
    argv: ['systemctl', 'show', '-p', PROPERTIES, ...asked],
    parse: (o) => {
      const blocks = o.stdout.split(/\n\s*\n/);
      return units.map((unit) => unitInfo(blocks[asked.indexOf(unit)] ?? ''));
    },
  };
}

/** The states of these units, in their order. */
export function unitStatesFact(units: readonly string[]): CommandFact<UnitState[]> {
  const infos = unitInfosFact(units);
  return { argv: infos.argv, parse: (o) => infos.parse(o).map(({ active, enabled }) => ({ active, enabled })) };
}

/** One unit's state. */
export function unitStateFact(unit: string): CommandFact<UnitState> {
  const states = unitStatesFact([unit]);
  return { argv: states.argv, parse: (o) => states.parse(o)[0]! };
}
