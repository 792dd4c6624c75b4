import type { Account, KeyFile } from './accounts.js';
import { keyTypeAccepted } from './authorized-keys.js';

/**
 * Before anything is written: will every account that must still get in, get in? Each problem
 * names the user and what is missing. An empty list means the change cannot lock the admin out.
 */

export interface GuardInput {
  readonly allowUsers: readonly string[];
  readonly permitRootLogin: 'no' | 'prohibit-password';
  /** Who golive is logged in as; undefined on this machine, where no SSH session is at stake. */
  readonly loginUser: string | undefined;
  readonly accounts: ReadonlyMap<string, Account>;
  readonly acceptedKeyAlgorithms: readonly string[];
  readonly strictModes: boolean;
  readonly usePam: boolean;
}

function strictModesProblem(account: Account, file: KeyFile): string | undefined {
  const badOwner = (uid: number) => uid !== account.uid && uid !== 0;
  const writableByOthers = (mode: number) => (mode & 0o022) !== 0;
  if (badOwner(file.ownerUid) || writableByOthers(file.mode)) return `${file.path} must be owned by ${account.name} or root and not writable by group or others`;
  if (badOwner(file.dirOwnerUid) || writableByOthers(file.dirMode)) return `the folder of ${file.path} must be owned by ${account.name} or root and not writable by group or others`;
  if (badOwner(account.homeOwnerUid) || writableByOthers(account.homeMode)) return `the home folder ${account.home} must be owned by ${account.name} or root and not writable by group or others`;
  return undefined;
}

/** Why this account could not log in with a key after the change, or undefined when it can. */
export function keyLoginProblem(account: Account | undefined, input: GuardInput): string | undefined {
  if (!account || !account.exists) return 'no such user on the server';
  if (/\/(nologin|false)$/.test(account.shell)) return `its shell is ${account.shell}, so it cannot get a shell`;
  if (!input.usePam && account.passwordStatus === 'L') return 'its password is locked and sshd runs with UsePAM no, which refuses locked accounts even with a key';
  const files = account.keyFiles;
  if (files.length === 0) return 'no authorized_keys file (as sshd is configured to look for them)';
  const usable = files.filter((file) => file.keys.some((key) => keyTypeAccepted(key.type, input.acceptedKeyAlgorithms)));
  if (usable.length === 0) return `no valid public key that sshd accepts in ${files.map((f) => f.path).join(', ')}`;
  if (input.strictModes) {
    const problems = usable.map((file) => strictModesProblem(account, file));
    if (problems.every(Boolean)) return `sshd's StrictModes would ignore its keys: ${problems[0]}`;
  }
  return undefined;
}

export function lockoutProblems(input: GuardInput): string[] {
  const problems: string[] = [];
  if (input.allowUsers.length === 0) problems.push('allowUsers is empty: nobody could log in');
  for (const user of input.allowUsers) {
    if (user === 'root' && input.permitRootLogin === 'no') {
      problems.push('allowUsers names root, but root login is to be turned off');
      continue;
    }
    const problem = keyLoginProblem(input.accounts.get(user), input);
    if (problem) problems.push(`user ${user}: ${problem}`);
  }
  const login = input.loginUser;
  if (login !== undefined) {
    const rootGoesOff = login === 'root' && input.permitRootLogin === 'no';
    if (!rootGoesOff && !input.allowUsers.includes(login)) {
      problems.push(`user ${login}: your SSH session is as ${login}, who is not in allowUsers and could not log in again`);
    }
    if (rootGoesOff) {
      const admins = input.allowUsers.filter((u) => u !== 'root' && input.accounts.get(u)?.canSudo && !keyLoginProblem(input.accounts.get(u), input));
      if (admins.length === 0) {
        problems.push('user root: root login is to be turned off while golive is logged in as root, and no user in allowUsers can use sudo and log in with a key');
      }
    }
  }
  return problems;
}

/** The user a fresh login is tried as after the change: the one golive uses, or an admin who replaces root. */
export function loginCheckUser(input: GuardInput): string | undefined {
  const login = input.loginUser;
  if (login === undefined) return undefined;
  if (login !== 'root' || input.permitRootLogin !== 'no') return login;
  return input.allowUsers.find((u) => u !== 'root' && input.accounts.get(u)?.canSudo && !keyLoginProblem(input.accounts.get(u), input));
}
