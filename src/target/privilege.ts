import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { ConnectionError } from '../errors.js';
import type { ExecResult } from './target.js';

/**
 * How commands become root on a server where golive is not logged in as root: `sudo -n` when sudo
 * needs no password, otherwise `sudo -S` with the password (asked once, kept only in memory) fed
 * ahead of the command's own input. `-k` on every sudo: its credential cache is never used nor
 * filled, so sudo always reads the password when it needs one, however sudoers sets the cache up.
 */
export type Privilege =
  | { readonly mode: 'root' }
  | { readonly mode: 'sudo' }
  | { readonly mode: 'sudo-password'; readonly password: string; readonly marker: string };

export interface WrappedCommand {
  readonly argv: readonly string[];
  readonly stdin: Buffer | undefined;
}

const GUARD_EXIT = 125;
const GUARD_REFUSAL = 'golive: sudo did not read the password, so the command was not run';

/**
 * What sudo runs when it has a password: the command's input must start with this session's
 * marker line. sudo -S reads the password line itself; when it does not (a NOPASSWD rule for sh),
 * the first line is the password, and the guard exits without running the command or printing the
 * line. sh's read takes a pipe one byte at a time, so the command gets exactly the bytes after the marker.
 */
export const PASSWORD_GUARD = `IFS= read -r line && [ "$line" = "$1" ] || { echo '${GUARD_REFUSAL}' >&2; exit ${GUARD_EXIT}; }
unset line
shift
exec "$@"`;

export function wrapPrivileged(privilege: Privilege, argv: readonly string[], stdin: string | Buffer | undefined): WrappedCommand {
  const input = stdin === undefined ? undefined : Buffer.from(stdin);
  switch (privilege.mode) {
    case 'root':
      return { argv, stdin: input };
    case 'sudo':
      return { argv: ['sudo', '-n', '-k', '--', ...argv], stdin: input };
    case 'sudo-password':
      return {
        argv: ['sudo', '-k', '-S', '-p', '', '--', 'sh', '-c', PASSWORD_GUARD, 'sh', privilege.marker, ...argv],
        stdin: Buffer.concat([Buffer.from(`${privilege.password}\n${privilege.marker}\n`), input ?? Buffer.alloc(0)]),
      };
  }
}

/** Whether the guard stopped a command because sudo ran it without reading the password. */
export function stoppedByGuard(privilege: Privilege, result: ExecResult): boolean {
  return privilege.mode === 'sudo-password' && result.exitCode === GUARD_EXIT && result.stderr.includes(GUARD_REFUSAL);
}

export function sudoSkippedPasswordError(user: string): ConnectionError {
  return new ConnectionError(
    `sudo ran golive's command for ${user} without asking for the password, so golive stopped it before the password could reach the command`,
    `sudoers lets ${user} run sh as root without a password (a NOPASSWD rule covers it), which is root already: make the rule NOPASSWD: ALL (golive then asks no password), or remove it`,
  );
}

/** A line that cannot be the password: it marks where the password ends and the command's input begins. */
export function newMarker(password: string): string {
  for (;;) {
    const marker = `golive-${randomBytes(16).toString('hex')}`;
    if (marker !== password) return marker;
  }
}

/** The probe that tells which privilege a login has (user name, uid, whether sudo -n works) and where it comes from (SSH_CONNECTION). */
export const WHOAMI_SCRIPT = 'u=$(id -u); id -un; echo "$u"; if [ "$u" != 0 ]; then sudo -n -k true >/dev/null 2>&1 && echo sudo-ok || echo sudo-no; else echo root; fi; printf "%s\\n" "${SSH_CONNECTION%% *}"';

export interface Whoami {
  readonly user: string;
  readonly isRoot: boolean;
  readonly sudoWithoutPassword: boolean;
  /** Where this login comes from, as sshd saw it; undefined outside an SSH session. */
  readonly clientAddress?: string;
}

export function parseWhoami(stdout: string): Whoami {
  const [user = '', uid = '', sudo = '', client = ''] = stdout.trim().split('\n');
  return { user, isRoot: uid === '0', sudoWithoutPassword: sudo === 'sudo-ok', clientAddress: isIP(client) ? client : undefined };
}

export async function choosePrivilege(
  whoami: Whoami,
  askPassword: ((question: string) => Promise<string>) | undefined,
  checkPassword: (candidate: Privilege) => Promise<boolean>,
): Promise<Privilege> {
  if (whoami.isRoot) return { mode: 'root' };
  if (whoami.sudoWithoutPassword) return { mode: 'sudo' };
  if (!askPassword) {
    throw new ConnectionError(
      `sudo on the server wants a password for ${whoami.user}, and nobody is here to type it`,
      'run golive on a terminal, log in as root, or give the user passwordless sudo',
    );
  }
  const password = await askPassword(`sudo password for ${whoami.user}: `);
  const privilege = { mode: 'sudo-password', password, marker: newMarker(password) } as const;
  if (!(await checkPassword(privilege))) {
    throw new ConnectionError(`sudo refused the password for ${whoami.user}`);
  }
  return privilege;
}
