import { ConnectionError } from '../errors.js';

/**
 * How commands become root on a server where golive is not logged in as root: `sudo -n` when sudo
 * needs no password, otherwise `sudo -S` with the password (asked once, kept only in memory) fed
 * ahead of the command's own input.
 */
export type Privilege =
  | { readonly mode: 'root' }
  | { readonly mode: 'sudo' }
  | { readonly mode: 'sudo-password'; readonly password: string };

export interface WrappedCommand {
  readonly argv: readonly string[];
  readonly stdin: Buffer | undefined;
}

export function wrapPrivileged(privilege: Privilege, argv: readonly string[], stdin: string | Buffer | undefined): WrappedCommand {
  const input = stdin === undefined ? undefined : Buffer.from(stdin);
  switch (privilege.mode) {
    case 'root':
      return { argv, stdin: input };
    case 'sudo':
      return { argv: ['sudo', '-n', '--', ...argv], stdin: input };
    case 'sudo-password':
      return {
        argv: ['sudo', '-S', '-p', '', '--', ...argv],
        stdin: Buffer.concat([Buffer.from(`${privilege.password}\n`), input ?? Buffer.alloc(0)]),
      };
  }
}

/** The probe that tells which privilege a login has: user name, uid, and whether sudo -n works. */
export const WHOAMI_SCRIPT = 'id -un; id -u; if [ "$(id -u)" != 0 ]; then sudo -n true >/dev/null 2>&1 && echo sudo-ok || echo sudo-no; fi';

export interface Whoami {
  readonly user: string;
  readonly isRoot: boolean;
  readonly sudoWithoutPassword: boolean;
}

export function parseWhoami(stdout: string): Whoami {
  const [user = '', uid = '', sudo = ''] = stdout.trim().split('\n');
  return { user, isRoot: uid === '0', sudoWithoutPassword: sudo === 'sudo-ok' };
}

export async function choosePrivilege(
  whoami: Whoami,
  askPassword: ((question: string) => Promise<string>) | undefined,
  checkPassword: (password: string) => Promise<boolean>,
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
  if (!(await checkPassword(password))) {
    throw new ConnectionError(`sudo refused the password for ${whoami.user}`);
  }
  return { mode: 'sudo-password', password };
}
