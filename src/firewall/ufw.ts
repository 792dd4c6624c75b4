import type { CommandChange } from '../engine/types.js';

/** What ufw says of itself: whether it is loaded, its rules as `ufw show added` words them, /etc/default/ufw. */

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

/**
 * A rule file line ufw writes for a plain port rule from anywhere (`ufw allow 22/tcp`): such rules
 * are read from the files. Any other line (a source address, an interface, a comment, an app) has
 * `ufw show added` (Python) word them.
 */
const SIMPLE_TUPLE = String.raw`^(### tuple ### (allow|deny|reject|limit) (tcp|udp|any) [0-9]+(:[0-9]+)? (0\.0\.0\.0/0|::/0) any (0\.0\.0\.0/0|::/0) in)?$`;

export const UFW_SCRIPT = `command -v ufw >/dev/null 2>&1 || { echo '@@missing'; exit 0; }
${UFW_STATUS}
echo '@@added'
tuples=$(grep -hs '^### tuple ###' /etc/ufw/user.rules /etc/ufw/user6.rules)
if printf '%s\\n' "$tuples" | grep -qvE '${SIMPLE_TUPLE}'; then ufw show added; else printf '%s\\n' "$tuples"; fi
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
  const lines = added.split('\n').map((line) => line.trim());
  const rules = [...new Set([...lines.filter((line) => line.startsWith('ufw ')).map((line) => line.slice(4)), ...lines.filter((line) => line.startsWith(TUPLE)).map(ruleOfTuple)])];
  return {
    installed: true,
    active: /Status: active/.test(status),
    rules,
    defaultIncoming: policy(defaults, 'DEFAULT_INPUT_POLICY'),
    defaultOutgoing: policy(defaults, 'DEFAULT_OUTPUT_POLICY'),
  };
}

const TUPLE = '### tuple ### ';

/** A plain rule's tuple as `ufw show added` words it: `allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in` is `allow 22/tcp`. */
function ruleOfTuple(line: string): string {
  const [action, proto, port] = line.slice(TUPLE.length).split(' ');
  return `${action} ${port}${proto === 'any' ? '' : `/${proto}`}`;
}

/** The files ufw rewrites when rules, defaults or its enabled state change. */
export const UFW_FILES = ['/etc/ufw/user.rules', '/etc/ufw/user6.rules', '/etc/ufw/ufw.conf', '/etc/default/ufw'];

/** A ufw command: its rule files are backed up before it runs and restored by rollback. */
export function ufwCommand(args: readonly string[], why: string): CommandChange {
  return { kind: 'command', argv: ['ufw', ...args], why, touches: UFW_FILES };
}
