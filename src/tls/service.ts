import { installPackages } from '../facts/packages.js';
import { type UnitState, unitStateFact } from '../facts/units.js';
import type { CommandChange, Fact, Validation } from '../engine/types.js';
import { CADDYFILE, tokens } from './caddyfile.js';

/** Caddy as a Debian service: its package, its unit, how its configuration is checked and reloaded. */

export type CaddyService = UnitState;

export const caddyServiceFact: Fact<CaddyService> = unitStateFact('caddy.service');

/**
 * Debian's package ships a Caddyfile of its own (a `:80` file server of /usr/share/caddy). On a
 * server that had none, golive's Caddyfile is the whole file: the package's is kept beside it as
 * Caddyfile.dpkg-dist (Debian's name for a package's version of a file the admin's replaces),
 * so the file golive writes was absent before the run, and rollback removes it. Arguments: the
 * Caddyfile, then the install command.
 */
const KEEP_PACKAGE_CADDYFILE_ASIDE = `f=$1; shift
had=; [ -e "$f" ] && had=1
"$@" || exit
if [ -z "$had" ] && [ -f "$f" ]; then mv -f "$f" "$f.dpkg-dist"; fi`;

export function installCaddy(): CommandChange {
  const install = installPackages(['caddy'], 'Caddy is not installed: it serves HTTPS with certificates it renews itself');
  return { ...install, argv: ['sh', '-c', KEEP_PACKAGE_CADDYFILE_ASIDE, 'sh', CADDYFILE, ...install.argv], display: `${install.display}; the package's own Caddyfile is kept as ${CADDYFILE}.dpkg-dist` };
}

/**
 * `caddy validate` provisions what the file names, and `tls internal` makes a CA (its private key
 * included) in the running user's storage: as root that would be a stray CA key in /root. So it
 * runs as the service's own user (HOME /var/lib/caddy), whose storage the reload uses anyway; it
 * also proves that user can read the file.
 */
export const validateCaddyfile: Validation = { argv: ['runuser', '-u', 'caddy', '--', 'caddy', 'validate', '--adapter', 'caddyfile', '--config', CADDYFILE], what: 'Caddyfile' };

/**
 * Debian's unit reloads through Caddy's admin endpoint (`caddy reload`), which `admin off` turns
 * off: such a Caddyfile is put in force by a restart.
 */
export function reloadCommand(caddyfile: string): string[] {
  const adminOff = caddyfile.split('\n').some((line) => tokens(line).join(' ') === 'admin off');
  return ['systemctl', adminOff ? 'restart' : 'reload', 'caddy'];
}
