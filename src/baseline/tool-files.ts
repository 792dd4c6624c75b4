import type { Check, CommandChange, DerivedFact } from '../engine/types.js';
import { type UnitState, unitStatesFact } from '../facts/units.js';

/** auditd's rules: augenrules merges rules.d into the rules it loads. */
export const AUDIT_RULES = '/etc/audit/rules.d/60-golive.rules';
/** What augenrules writes: the merged rules, and a copy of the ones before. */
const AUDIT_RULES_MERGED = '/etc/audit/audit.rules';

/**
 * augenrules merges rules.d into audit.rules (keeping the old one as audit.rules.prev) and loads
 * it: both files are journaled. In a container it only merges (the audit log is the host kernel's).
 */
export const LOAD_AUDIT_RULES: CommandChange = {
  kind: 'command',
  argv: ['sh', '-c', 'augenrules --load >/dev/null 2>&1 || systemd-detect-virt --container --quiet'],
  display: 'augenrules --load',
  why: "auditd's rules merged into /etc/audit/audit.rules and loaded",
  touches: [AUDIT_RULES_MERGED, `${AUDIT_RULES_MERGED}.prev`],
};

/** Rollback: the restored audit.rules loaded as it is (augenrules would write its files again); nothing to do without auditd. */
export const RELOAD_RESTORED_AUDIT_RULES = ['sh', '-c', `command -v auditctl >/dev/null && [ -f ${AUDIT_RULES_MERGED} ] || exit 0; auditctl -R ${AUDIT_RULES_MERGED} >/dev/null 2>&1 || systemd-detect-virt --container --quiet`];

/** needrestart's own answer to "restart services?": written before it is installed, so its first run obeys it too. */
export const NEEDRESTART_DIR = '/etc/needrestart/conf.d';
export const NEEDRESTART_CONF = `${NEEDRESTART_DIR}/60-golive.conf`;
export const NEEDRESTART_TEXT = `# Written by golive (baseline step): needrestart lists the services and the kernel that need a
# restart after an update, and restarts nothing by itself (a database or the app would go down).
$nrconf{restart} = 'l';
`;

/** Login shells: no core dumps (a soft limit of 0 too), and idle shells closed when asked for. */
export const PROFILE_FILE = '/etc/profile.d/60-golive-baseline.sh';
export function profileText(coreDumps: boolean, idleLogout: boolean): string | undefined {
  if (!coreDumps && !idleLogout) return undefined;
  return [
    '# Written by golive (baseline step).',
    ...(coreDumps ? ['ulimit -c 0'] : []),
    ...(idleLogout ? ['# An idle shell closes after 15 minutes; readonly, so a session cannot turn it off.', 'TMOUT=900', 'readonly TMOUT', 'export TMOUT'] : []),
    '',
  ].join('\n');
}

/** The daemons of the groups, by unit. */
export const DAEMONS = { accounting: 'acct.service', auditd: 'auditd.service', usbGuard: 'usbguard.service' } as const;
export type DaemonGroup = keyof typeof DAEMONS;

/**
 * Whether they run. A container may run none of them: process accounting and the audit log are the
 * host kernel's, and it has no USB bus.
 */
export interface DaemonStates {
  readonly container: boolean;
  readonly states: Readonly<Record<DaemonGroup, string>>;
}

const GROUPS_OF_DAEMONS = Object.keys(DAEMONS) as DaemonGroup[];

/** Whether this server is a container, and the daemons' states from the units fact every step shares. */
export const daemonStatesFact: DerivedFact<DaemonStates> = {
  from: {
    container: { argv: ['systemd-detect-virt', '--container', '--quiet'], parse: (o) => o.exitCode === 0 },
    units: unitStatesFact(Object.values(DAEMONS)),
  },
  derive: ({ container, units }) => ({
    container: container as boolean,
    states: Object.fromEntries(GROUPS_OF_DAEMONS.map((g, i) => [g, (units as UnitState[])[i]?.active ?? 'unknown'])) as Record<DaemonGroup, string>,
  }),
};

/**
 * Starts what the groups need, now and at boot (start, not restart: auditd refuses a manual stop).
 * Only ever planned outside a container.
 */
export const startDaemons = (units: readonly string[]): string[] => ['systemctl', 'enable', '--now', ...units];

/** The daemons of the groups that are on and are not running (none, in a container). */
export function daemonsToStart(daemons: DaemonStates, on: (group: DaemonGroup) => boolean): string[] {
  if (daemons.container) return [];
  return GROUPS_OF_DAEMONS.filter((g) => on(g) && daemons.states[g] !== 'active').map((g) => DAEMONS[g]);
}

export function daemonChecks(daemons: DaemonStates, on: (group: DaemonGroup) => boolean): Check[] {
  return GROUPS_OF_DAEMONS.filter(on).map((group): Check => {
    const state = daemons.states[group];
    return {
      name: DAEMONS[group],
      ok: state === 'active',
      advisory: daemons.container && state !== 'active',
      detail: state === 'active' ? 'running' : daemons.container ? `${state}: a container may not run it (the host's kernel decides); it runs on a VM or a real machine` : state,
    };
  });
}
