import type { CommandFact } from '../engine/types.js';

/** Where golive adds Debian's security suite when apt's sources lack it. */
export const SECURITY_LIST = '/etc/apt/sources.list.d/golive-debian-security.list';

/** The distribution, its codename, and whether a `CODENAME-security` suite is in apt's sources. */
export interface SecuritySource {
  readonly distribution: string;
  readonly codename: string;
  readonly present: boolean;
}

// One-line (.list) and deb822 (.sources) files alike name the suite, as a word before any `#`:
// commented lines and comments do not count. One grep; a codename is letters only.
const READ = `. /etc/os-release 2>/dev/null; echo "\${ID:-unknown} \${VERSION_CODENAME:-}"
case "\${VERSION_CODENAME:-}" in ''|*[!a-z]*) exit 0 ;; esac
grep -Eqs -- "^[^#]*[^[:alnum:]_]\${VERSION_CODENAME}-security([^[:alnum:]_]|$)" /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources && echo present
exit 0`;

export const securitySourceFact: CommandFact<SecuritySource> = {
  argv: ['sh', '-c', READ],
  parse: (o) => {
    const [first = '', second = ''] = o.stdout.split('\n');
    const [distribution = 'unknown', codename = ''] = first.split(' ');
    return { distribution, codename, present: second === 'present' };
  },
};

/** Debian's security suite is missing, and golive knows where it is. */
export const securitySourceMissing = (source: SecuritySource): boolean => source.distribution === 'debian' && /^[a-z]+$/.test(source.codename) && !source.present;

export function securityListText(codename: string): string {
  return `# Written by golive (updates step): Debian's security updates, which unattended-upgrades installs.
deb http://deb.debian.org/debian-security ${codename}-security main
`;
}

/**
 * `apt-get update` of golive's security source alone: proof that it answers, without fetching every
 * other source again (List-Cleanup=0 keeps their lists).
 */
export const SECURITY_SOURCE_UPDATE: readonly string[] = ['apt-get', 'update', '-q', '-o', `Dir::Etc::sourcelist=${SECURITY_LIST}`, '-o', 'Dir::Etc::sourceparts=-', '-o', 'APT::Get::List-Cleanup=0'];
