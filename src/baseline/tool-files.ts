import type { Check, Fact } from '../engine/types.js';

/** auditd's rules: augenrules merges rules.d into the rules it loads. */
export const AUDIT_RULES = '/etc/audit/rules.d/60-golive.rules';
/** Loads the rules; in a container the kernel's audit belongs to the host, so there is nothing to load. */
export const LOAD_AUDIT_RULES = ['sh', '-c', 'augenrules --load >/dev/null 2>&1 || systemd-detect-virt --container --quiet'];

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

/** acct and auditd running: a container is not allowed either (the host's kernel keeps them). */
export interface DaemonStates {
  readonly container: boolean;
  readonly acct: string;
  readonly auditd: string;
}

export const daemonStatesFact: Fact<DaemonStates> = {
  argv: ['sh', '-c', 'systemd-detect-virt --container --quiet && echo container || echo machine; systemctl is-active acct.service auditd.service 2>/dev/null; true'],
  parse: (o) => {
    const [where, acct = 'unknown', auditd = 'unknown'] = o.stdout.split('\n');
    return { container: where === 'container', acct, auditd };
  },
};

/** Starts what the groups need, now and at boot; in a container a refusal is expected. */
export function startDaemons(units: readonly string[]): string[] {
  return ['sh', '-c', 'systemctl enable --quiet "$@" && systemctl restart "$@" 2>/dev/null || systemd-detect-virt --container --quiet', 'sh', ...units];
}

export function daemonChecks(states: DaemonStates, acct: boolean, auditd: boolean): Check[] {
  const check = (name: string, state: string): Check => ({
    name,
    ok: state === 'active',
    advisory: states.container && state !== 'active',
    detail: state === 'active' ? 'running' : states.container ? `${state}: a container may not (the host's kernel decides); it runs on a VM or a real machine` : state,
  });
  return [...(acct ? [check('process accounting (acct)', states.acct)] : []), ...(auditd ? [check('auditd', states.auditd)] : [])];
}
