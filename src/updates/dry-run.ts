import type { Validation } from '../engine/types.js';

/**
 * unattended-upgrades' own check of its configuration: `unattended-upgrade --dry-run` over an empty
 * folder of package lists, so no update is a candidate. It still reads apt's configuration and its
 * own (origins, blacklist, reboot settings) and fails as the daily run would. A plain dry run also
 * downloads and simulates installing every pending update — minutes on a server that is behind,
 * and nothing that golive's files decide; holding every package back instead still pins each of the
 * 60,000 packages in the lists (2–3 s). apt reads the one-off file instead of /etc/apt/apt.conf, so
 * that file is included first.
 */
const CHECK = `c=$(mktemp) && l=$(mktemp -d) || exit 1
trap 'rm -rf "$c" "$l"' EXIT
{ [ -f /etc/apt/apt.conf ] && echo '#include "/etc/apt/apt.conf";'; printf 'Dir::State::Lists "%s/";\\n' "$l"; } >"$c"
APT_CONFIG=$c unattended-upgrade --dry-run`;

export const UNATTENDED_UPGRADE_CHECK: Validation = { argv: ['sh', '-c', CHECK], what: 'unattended-upgrades configuration (a dry run with no package lists)' };
