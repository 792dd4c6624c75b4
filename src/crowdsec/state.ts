import type { CommandFact } from '../engine/types.js';
import { BOUNCER_CONFIG, BOUNCER_LOCAL, LOCAL_CREDENTIALS, ONLINE_CREDENTIALS, STOCK_WHITELIST } from './paths.js';

/**
 * What the crowdsec step reads besides whole files, in one command: the settings that live in
 * files holding secrets (only the lines golive needs, never a key or password), the firewall
 * backend, a route out, and what the running agent says of itself.
 */

/** What online_api_credentials.yaml holds when the server declines the Central API (a comment: an empty file is not enough). */
export const CENTRAL_API_DECLINED = '# no thanks: golive installed CrowdSec without the Central API (crowdsec.centralApi)';

export type Registration = 'absent' | 'empty' | 'declined' | 'registered';

export interface CrowdsecState {
  /** crowdsec's version: installed, else apt's candidate ("1.4.6-6~deb12u1+b1"). */
  readonly version: string;
  readonly registration: Registration;
  readonly stockWhitelist: boolean;
  /** The local API's URL in this machine's credentials. */
  readonly lapiUrl: string | undefined;
  /** The bouncer's mode and API URL: its override's, else the packaged file's. */
  readonly bouncerMode: string | undefined;
  readonly bouncerApiUrl: string | undefined;
  /** update-alternatives' iptables: the bouncer fits it (legacy: iptables with ipset; nft: nftables). */
  readonly iptablesLegacy: boolean;
  /** A default route: with one, the package registers to the Central API at install unless told not to. */
  readonly routeOut: boolean;
  /** An acquisition reads sshd from the journal (Debian's acquis.yaml does). */
  readonly sshdJournal: boolean;
  readonly fail2banActive: boolean;
  /** `cscli collections list`: the sshd collection enabled; undefined when the agent is not running. */
  readonly sshdCollection: boolean | undefined;
  /** Lines the agent read from sshd's journal since it started (`cscli metrics`); undefined when none or not running. */
  readonly sshdLinesRead: number | undefined;
}

const SCRIPT = `v=$(dpkg-query -W -f='\${Version}' crowdsec 2>/dev/null)
[ -n "$v" ] || v=$(apt-cache policy crowdsec 2>/dev/null | sed -n 's/^ *Candidate: //p')
echo "version=$v"
f=${ONLINE_CREDENTIALS}
if [ ! -f $f ]; then echo registration=absent; elif grep -q '^login:' $f; then echo registration=registered; elif [ -s $f ]; then echo registration=declined; else echo registration=empty; fi
[ -L ${STOCK_WHITELIST} ] && echo stockWhitelist=yes
sed -n 's/^url: *//p' ${LOCAL_CREDENTIALS} 2>/dev/null | sed 's/^/lapiUrl=/'
for k in mode api_url; do
  l=$(sed -n "s/^$k: *//p" ${BOUNCER_LOCAL} 2>/dev/null | tail -n1)
  [ -n "$l" ] || l=$(sed -n "s/^$k: *//p" ${BOUNCER_CONFIG} 2>/dev/null | tail -n1)
  echo "bouncer_$k=$l"
done
update-alternatives --query iptables 2>/dev/null | grep -q '^Value: .*legacy' && echo iptablesLegacy=yes
awk 'NR > 1 && $2 == "00000000" { found = 1 } END { exit !found }' /proc/net/route && echo routeOut=yes
cat /etc/crowdsec/acquis.yaml /etc/crowdsec/acquis.d/*.yaml 2>/dev/null | grep -q '_SYSTEMD_UNIT=ssh.service' && echo sshdJournal=yes
systemctl is-active -q fail2ban && echo fail2banActive=yes
if systemctl is-active -q crowdsec; then
  cscli collections list -o raw 2>/dev/null | grep -q '^crowdsecurity/sshd,enabled' && echo sshdCollection=yes || echo sshdCollection=no
  cscli metrics -o json 2>/dev/null | tr -d ' \\n' | grep -o '_SYSTEMD_UNIT=ssh.service":{[^}]*' | grep -o '"reads":[0-9]*' | head -n1 | sed 's/"reads":/sshdLinesRead=/'
fi`;

export function parseState(stdout: string): CrowdsecState {
  const values = new Map(stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()] as const));
  const text = (key: string) => values.get(key) || undefined;
  const yes = (key: string) => values.get(key) === 'yes';
  const collection = values.get('sshdCollection');
  return {
    version: values.get('version') ?? '',
    registration: (values.get('registration') as Registration | undefined) ?? 'absent',
    stockWhitelist: yes('stockWhitelist'),
    lapiUrl: text('lapiUrl'),
    bouncerMode: text('bouncer_mode'),
    bouncerApiUrl: text('bouncer_api_url'),
    iptablesLegacy: yes('iptablesLegacy'),
    routeOut: yes('routeOut'),
    sshdJournal: yes('sshdJournal'),
    fail2banActive: yes('fail2banActive'),
    sshdCollection: collection === undefined ? undefined : collection === 'yes',
    sshdLinesRead: values.has('sshdLinesRead') ? Number(values.get('sshdLinesRead')) : undefined,
  };
}

export const crowdsecStateFact: CommandFact<CrowdsecState> = { argv: ['sh', '-c', SCRIPT], parse: (o) => parseState(o.stdout) };

/** The hub branch of a version: cscli's own rule, `v` and the upstream release ("1.4.6-6~deb12u1" is v1.4.6). */
export function hubBranch(version: string): string | undefined {
  const release = /^(?:\d+:)?(\d+\.\d+\.\d+)/.exec(version)?.[1];
  return release ? `v${release}` : undefined;
}

/** The port of a local-API URL ("http://127.0.0.1:8080/"). */
export function portOf(url: string | undefined): number | undefined {
  const port = url ? /:(\d+)\/?$/.exec(url)?.[1] : undefined;
  return port ? Number(port) : undefined;
}
