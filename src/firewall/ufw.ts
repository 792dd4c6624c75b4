import type { CommandChange } from '../engine/types.js';

/** What ufw says of itself: whether it is loaded, `ufw show added`, /etc/default/ufw. */

export interface UfwState {
  readonly installed: boolean;
  readonly active: boolean;
  /** The user rules as ufw prints them: `allow 22/tcp`, `limit 22/tcp`, `deny 5432/tcp`. */
  readonly rules: readonly string[];
  readonly defaultIncoming: string;
  readonly defaultOutgoing: string;
}

/**
 * `Status: active` or `Status: inactive`, decided as `ufw status` decides it (its three user chains
 * are loaded) from one `iptables -S`, without starting ufw's Python.
 */
export const UFW_STATUS = `chains="$(iptables -S 2>/dev/null)
" s=active
for c in input output forward; do
  case "$chains" in *"-N ufw-user-$c
"*) ;; *) s=inactive ;; esac
done
echo "Status: $s"`;

export const UFW_SCRIPT = `command -v ufw >/dev/null 2>&1 || { echo '@@missing'; exit 0; }
${UFW_STATUS}
echo '@@added'
ufw show added
echo '@@defaults'
cat /etc/default/ufw 2>/dev/null`;

function policy(text: string, key: string): string {
  const match = new RegExp(`^${key}="?([A-Z]+)"?`, 'm').exec(text);
  return (match?.[1] ?? '').toLowerCase();
}

export function parseUfw(stdout: string): UfwState {
  if (stdout.startsWith('@@missing')) return { installed: false, active: false, rules: [], defaultIncoming: '', defaultOutgoing: '' };
  const [status = '', rest = ''] = stdout.split('@@added\n');
  const [added = '', defaults = ''] = rest.split('@@defaults\n');
  const rules = added
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('ufw '))
    .map((line) => line.slice(4));
  return {
    installed: true,
    active: /Status: active/.test(status),
    rules,
    defaultIncoming: policy(defaults, 'DEFAULT_INPUT_POLICY'),
    defaultOutgoing: policy(defaults, 'DEFAULT_OUTPUT_POLICY'),
  };
}

/** The files ufw rewrites when rules, defaults or its enabled state change. */
export const UFW_FILES = ['/etc/ufw/user.rules', '/etc/ufw/user6.rules', '/etc/ufw/ufw.conf', '/etc/default/ufw'];

/** A ufw command: its rule files are backed up before it runs and restored by rollback. */
export function ufwCommand(args: readonly string[], why: string): CommandChange {
  return { kind: 'command', argv: ['ufw', ...args], why, touches: UFW_FILES };
}
