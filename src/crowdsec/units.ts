import type { CommandFact } from '../engine/types.js';
import { type UnitState, unitStatesFact } from '../facts/units.js';
import { AGENT_UNIT, BOUNCER_UNIT } from './paths.js';

export interface Units {
  readonly agent: UnitState;
  readonly bouncer: UnitState;
}

const STATES = unitStatesFact([`${AGENT_UNIT}.service`, `${BOUNCER_UNIT}.service`]);

/** CrowdSec's agent and bouncer units as systemd has them ("inactive", "not-found" before the install). */
export const unitsFact: CommandFact<Units> = {
  argv: STATES.argv,
  parse: (o) => {
    const [agent, bouncer] = STATES.parse(o) as [UnitState, UnitState];
    return { agent, bouncer };
  },
};

/** Waits (10 s at most) for the local API to answer, then restarts the bouncer: one started before the API stays down. */
export const RESTART_BOUNCER = ['sh', '-c', `for i in $(seq 1 50); do cscli lapi status >/dev/null 2>&1 && break; sleep 0.2; done; systemctl restart ${BOUNCER_UNIT}`];

/** Rollback puts each unit back as it was: enabled or not, running or not (bouncer first: stopping it removes its firewall table). */
export function restoreUnits(units: Units): string[][] {
  const enabled = (unit: string, state: UnitState) => (state.enabled === 'enabled' ? [] : [['systemctl', 'disable', '--quiet', unit]]);
  return [
    ...enabled(BOUNCER_UNIT, units.bouncer),
    ...enabled(AGENT_UNIT, units.agent),
    ...(units.bouncer.active === 'active' ? [] : [['systemctl', 'stop', BOUNCER_UNIT]]),
    units.agent.active === 'active' ? ['systemctl', 'restart', AGENT_UNIT] : ['systemctl', 'stop', AGENT_UNIT],
    ...(units.bouncer.active === 'active' ? [RESTART_BOUNCER] : []),
  ];
}
