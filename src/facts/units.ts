import type { Fact } from '../engine/types.js';

/** A systemd unit as `systemctl show` has it: "active", "inactive"…; "enabled", "disabled", or "not-found" before its package is installed. */
export interface UnitState {
  readonly active: string;
  readonly enabled: string;
}

function unitState(block: string): UnitState {
  return { active: /ActiveState=(\S+)/.exec(block)?.[1] ?? 'unknown', enabled: /UnitFileState=(\S*)/.exec(block)?.[1] || 'not-found' };
}

/** The states of these units (`name.service`), in their order, from one `systemctl show`. */
export function unitStatesFact(units: readonly string[]): Fact<UnitState[]> {
  return {
    argv: ['systemctl', 'show', '-p', 'ActiveState,UnitFileState', ...units],
    parse: (o) => {
      const blocks = o.stdout.split(/\n\s*\n/);
      return units.map((_, index) => unitState(blocks[index] ?? ''));
    },
  };
}

/** One unit's state. */
export function unitStateFact(unit: string): Fact<UnitState> {
  const states = unitStatesFact([unit]);
  return { argv: states.argv, parse: (o) => states.parse(o)[0]! };
}
