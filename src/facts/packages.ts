import { PART_MARKER } from '../engine/probe.js';
import type { CommandChange, CommandFact } from '../engine/types.js';

/**
 * dpkg's status of the packages named in every argument (space-separated names), from one
 * dpkg-query however many steps ask: each argument's part is the whole answer, which each fact
 * reads for its own packages. Debian package names hold no space nor glob character.
 */
const QUERY = `out=$(dpkg-query -W -f='\${Package} \${Status}\\n' -- $* 2>/dev/null)
for names; do printf '%s\\n%s\\n' '${PART_MARKER}' "$out"; done`;

/** Which of these Debian packages are not installed: dpkg's own status (not a command on PATH). */
export function missingPackagesFact(packages: readonly string[]): CommandFact<string[]> {
  return {
    argv: ['sh', '-c', QUERY, 'sh', packages.join(' ')],
    joinable: true,
    parse: (o) => {
      const installed = new Set(o.stdout.split('\n').filter((line) => line.endsWith(' install ok installed')).map((line) => line.split(' ')[0]!.split(':')[0]));
      return packages.filter((name) => !installed.has(name));
    },
  };
}

/**
 * Installs Debian packages, waiting while another apt or dpkg holds the lock (right after boot,
 * apt-daily often does) and saying so clearly when it never lets go. Packages stay installed when
 * a run is rolled back: removing them could take away what other software needs.
 */
const APT_INSTALL = `export DEBIAN_FRONTEND=noninteractive
retry() {
  i=0
  while :; do
    out=$("$@" 2>&1) && return 0
    case "$out" in
      *"Could not get lock"*|*"Unable to lock"*|*"is held by process"*) ;;
      *) printf '%s\\n' "$out" >&2; return 1 ;;
    esac
    i=$((i + 1))
    [ "$i" -lt 90 ] || { echo "apt is busy: another apt or dpkg has held its lock for 3 minutes; try again later" >&2; return 1; }
    sleep 2
  done
}
# A download that fails on a moment's network trouble is tried again, as apt itself allows.
retry apt-get -o Acquire::Retries=3 update -q && retry apt-get -o Acquire::Retries=3 install -y -q "$@"`;

/** `recommends: false`: only what the packages depend on (no mail server pulled in by a checker). */
export function installPackages(packages: readonly string[], why: string, options: { readonly recommends?: boolean } = {}): CommandChange {
  const flags = options.recommends === false ? ['--no-install-recommends'] : [];
  return {
    kind: 'command',
    argv: ['sh', '-c', APT_INSTALL, 'sh', ...flags, ...packages],
    display: `apt-get update && apt-get install -y ${[...flags, ...packages].join(' ')}  (waits while apt is busy; packages stay on rollback)`,
    why,
    groundwork: true,
  };
}
