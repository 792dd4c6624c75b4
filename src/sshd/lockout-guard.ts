import type { Account, KeyFile } from './accounts.js';
import { keyTypeAccepted } from './authorized-keys.js';

const ADMIN_GROUPS = ['sudo', 'wheel', 'admin'];

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

/** Root's own SSH login ends: turned off outright, or left out of AllowUsers. */
export function rootLoginGoesOff(input: Pick<GuardInput, 'allowUsers' | 'permitRootLogin'>): boolean {
  return input.permitRootLogin === 'no' || !input.allowUsers.includes('root');
}

/** An allowed user who logs in with a key and can then run every command as root with sudo. */
export interface RootKeeper {
  readonly user: string;
  readonly sudo: 'nopasswd' | 'password';
}

/** The allowed users who keep a way to root once root's login is gone; those without a password prompt first. */
export function rootKeepers(input: GuardInput): RootKeeper[] {
  const keepers = input.allowUsers.flatMap((user): RootKeeper[] => {
    const account = input.accounts.get(user);
    if (user === 'root' || !account || keyLoginProblem(account, input) || rootAccessProblem(account)) return [];
    return [{ user, sudo: account.sudo.all === 'nopasswd' ? 'nopasswd' : 'password' }];
  });
  return [...keepers.filter((k) => k.sudo === 'nopasswd'), ...keepers.filter((k) => k.sudo === 'password')];
}

/**
 * Why this account could not become root with sudo, or undefined when it can: sudo must allow
 * every command as root, and a password prompt must be one its own, usable password passes.
 */
export function rootAccessProblem(account: Account): string | undefined {
  const { sudo } = account;
  if (sudo.all === 'nopasswd') return undefined;
  if (sudo.all === 'none') {
    const asOthers = sudo.otherRunAs.length > 0 ? `as other users than root: ${sudo.otherRunAs.join(', ')}` : '';
    if (sudo.rootCommands.length > 0) return `sudo only for ${sudo.rootCommands.join(', ')}${asOthers ? `, and ${asOthers}` : ''}`;
    return asOthers ? `sudo only ${asOthers}` : 'not allowed to use sudo';
  }
  const why = sudo.promptsForOtherPassword
    ? "sudo asks for another account's password there (Defaults rootpw, targetpw or runaspw), which golive cannot vouch for"
    : account.passwordStatus === 'P'
      ? undefined
      : account.passwordStatus === 'L'
        ? "its password is locked, so sudo's password prompt can never be passed"
        : account.passwordStatus === 'NP'
          ? "it has no password, so sudo's password prompt can never be passed"
          : `golive could not read its password status (passwd -S), so sudo's password prompt may never be passed`;
  if (!why) return undefined;
  const group = account.groups.find((g) => ADMIN_GROUPS.includes(g));
  return group ? `in group ${group}, but ${why}` : `sudo for every command asks for its password, but ${why}`;
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
  const rootGoesOff = rootLoginGoesOff(input);
  // Root turning off its own login is the point; anyone else must be able to come back.
  if (login !== undefined && !(login === 'root' && input.permitRootLogin === 'no') && !input.allowUsers.includes(login)) {
    problems.push(`user ${login}: your SSH session is as ${login}, who is not in allowUsers and could not log in again`);
  }
  if (rootGoesOff && rootKeepers(input).length === 0) problems.push(...noRootKeeperProblems(input));
  return problems;
}

/** The refusal when nobody could become root any more, with each candidate's reason (key problems are already named). */
function noRootKeeperProblems(input: GuardInput): string[] {
  const candidates = input.allowUsers.filter((u) => u !== 'root');
  const reasons = candidates.flatMap((user) => {
    const account = input.accounts.get(user);
    if (!account || keyLoginProblem(account, input)) return [];
    return [`user ${user}: ${rootAccessProblem(account)}`];
  });
  const nobody = candidates.length === 0 ? ' (it names nobody but root)' : '';
  return [`root login is to be turned off, and no user in allowUsers could log in with a key and then become root with sudo for every command${nobody}`, ...reasons];
}

/** The fresh login tried after the change: as whom, and whether sudo must work in it. */
export interface LoginCheckPlan {
  readonly user: string;
  readonly sudo?: 'nopasswd' | 'password';
}

/**
 * The session's own user must get back in (and, when it is the one keeping root, reach root);
 * as root turning root off, or from a console, the first user who keeps root is tried.
 */
export function loginCheckFor(input: GuardInput): LoginCheckPlan | undefined {
  const keepers = rootLoginGoesOff(input) ? rootKeepers(input) : [];
  const login = input.loginUser;
  if (login !== undefined && !(login === 'root' && input.permitRootLogin === 'no')) {
    const keeper = keepers.find((k) => k.user === login);
    return keeper ?? { user: login };
  }
  const first = input.allowUsers[0];
  return keepers[0] ?? (first ? { user: first } : undefined);
}
