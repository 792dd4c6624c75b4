import type { CommandFact } from '../engine/types.js';
import type { LiveSetting } from './sysctl-live.js';
import { SYSCTL_FILE, type SysctlEntry, UFW_SYSCTL } from './sysctl-files.js';

/** Programs that route packets between networks: forwarding turned off would cut them off. */
const ROUTER_UNITS = ['docker.service', 'containerd.service', 'podman.service', 'libvirtd.service', 'lxc-net.service', 'k3s.service', 'kubelet.service', 'wg-quick@.service'];

/** Where systemd finds unit files: a router's unit installed is its file in one of them. */
const UNIT_FOLDERS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];

/** Found by the shell's own tests but for one `grep` and one `iptables -S FORWARD`, whose rules are sorted out here. */
const FIND_ROUTERS = `for u in ${ROUTER_UNITS.join(' ')}; do
  for d in ${UNIT_FOLDERS.join(' ')}; do [ -e "$d/$u" ] && { echo "unit $u"; break; }; done
done
command -v dockerd >/dev/null 2>&1 && echo 'unit docker.service'
grep -hs -e '^DEFAULT_FORWARD_POLICY="ACCEPT"' -e '^### tuple ### route:' /etc/default/ufw /etc/ufw/user.rules /etc/ufw/user6.rules |
  while IFS= read -r line; do case "$line" in DEFAULT_FORWARD_POLICY=*) echo ufw-policy ;; *) echo ufw-route ;; esac; done
iptables -S FORWARD 2>/dev/null | while IFS= read -r rule; do printf 'iptables %s\\n' "$rule"; done
exit 0`;

/** What on the server routes packets, as found: `unit docker.service`, `ufw-policy`, `iptables -A FORWARD …` (ufw's own jumps aside). */
export const routersFact: CommandFact<readonly string[]> = {
  argv: ['sh', '-c', FIND_ROUTERS],
  parse: (o) => {
    const lines = o.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    const foreignRule = lines.find((l) => l.startsWith('iptables -A FORWARD') && !l.includes('-j ufw'));
    return [...new Set([...lines.filter((l) => !l.startsWith('iptables ')), ...(foreignRule ? [foreignRule] : [])])];
  },
};

const FORWARDING_KEYS = ['net.ipv4.ip_forward', 'net.ipv6.conf.all.forwarding'];

/**
 * Why forwarding must stay as it is, one reason a line; none: nothing here routes packets, and
 * golive may turn it off. `net.ipv4.ip_forward = 0` breaks Docker's networking (dev-sec #213).
 */
export function forwardingNeeds(routers: readonly string[], files: readonly SysctlEntry[], live: Readonly<Record<string, LiveSetting>>): string[] {
  const reasons = routers.map((found) => {
    if (found === 'unit docker.service') return 'Docker is installed: its containers reach the network through forwarding';
    if (found.startsWith('unit ')) return `${found.slice(5)} is installed: it routes packets`;
    if (found === 'ufw-policy') return 'ufw forwards packets (DEFAULT_FORWARD_POLICY="ACCEPT" in /etc/default/ufw)';
    if (found === 'ufw-route') return 'ufw has route rules (ufw route allow …)';
    return `the firewall has FORWARD rules (${found.replace(/^iptables /, '')})`;
  });
  for (const entry of files) {
    if (entry.file !== SYSCTL_FILE && FORWARDING_KEYS.includes(entry.key) && entry.value !== '0') reasons.push(`${entry.file}${entry.file === UFW_SYSCTL ? ' (applied by ufw)' : ''} sets ${entry.key} = ${entry.value}`);
  }
  for (const key of FORWARDING_KEYS) {
    const setting = live[key];
    if (setting?.present && setting.value !== '0') reasons.push(`forwarding is on now (${key} = ${setting.value}): something on this server turned it on`);
  }
  return [...new Set(reasons)];
}
