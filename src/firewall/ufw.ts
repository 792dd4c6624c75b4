import type { CommandChange, CommandFact } from '../engine/types.js';

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
const UFW_STATUS = `chains="$(iptables -S 2>/dev/null)
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

// One awk reads both rule files (the pattern through ENVIRON: awk -v would take its backslashes as
// escapes), and the shell itself prints /etc/default/ufw.
const UFW_SCRIPT = `command -v ufw >/dev/null 2>&1 || { echo '@@missing'; exit 0; }
${UFW_STATUS}
echo '@@added'
set --
for f in /etc/ufw/user.rules /etc/ufw/user6.rules; do [ -f "$f" ] && set -- "$@" "$f"; done
if [ $# -eq 0 ]; then :
elif tuples=$(SIMPLE='${SIMPLE_TUPLE}' awk '/^### tuple ###/ { print; if ($0 !~ ENVIRON["SIMPLE"]) other = 1 } END { exit other }' "$@"); then printf '%s\\n' "$tuples"
else ufw show added; fi
echo '@@defaults'
[ -f /etc/default/ufw ] && while IFS= read -r line || [ -n "$line" ]; do printf '%s\\n' "$line"; done </etc/default/ufw
exit 0`;

/** ufw's state: installed, loaded, its rules and default policies. */
export const ufwFact: CommandFact<UfwState> = { argv: ['sh', '-c', UFW_SCRIPT], parse: (o) => parseUfw(o.stdout) };

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
