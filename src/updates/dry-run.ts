import type { Validation } from '../engine/types.js';

/**
 * unattended-upgrades' own check of its configuration: `unattended-upgrade --dry-run`, with every
 * package held back for this one run. A plain dry run also downloads and simulates installing every
 * pending update — minutes on a server that is behind, and nothing that golive's files decide.
 * With everything held back it still reads apt's and its own configuration and the allowed origins,
 * and fails as the daily run would. apt reads the one-off file instead of /etc/apt/apt.conf, so that
 * file is included first.
 */
const CHECK = `c=$(mktemp) || exit 1
trap 'rm -f "$c"' EXIT
{ [ -f /etc/apt/apt.conf ] && echo '#include "/etc/apt/apt.conf";'; echo 'Unattended-Upgrade::Package-Blacklist { ".*"; };'; } >"$c"
APT_CONFIG=$c unattended-upgrade --dry-run`;

export const UNATTENDED_UPGRADE_CHECK: Validation = { argv: ['sh', '-c', CHECK], what: 'unattended-upgrades configuration (a dry run, every package held back)' };
