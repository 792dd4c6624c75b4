import type { SshTarget } from '../target/ssh.js';
import type { Target } from '../target/target.js';
import type { LoginCheck, LoginCheckResult } from './types.js';

/** Run as the user who is to keep root, in the fresh login: can it become root without being asked? */
const SUDO_CHECK = ['sudo', '-n', 'true'];

/** The fresh login after a risky change, and sudo in it when the login's user is to keep root. */
export async function confirmLogin(target: Target, check: LoginCheck): Promise<LoginCheckResult> {
  if (target.kind === 'ssh') {
    const login = await (target as SshTarget).tryFreshLogin(check.user, check.port, check.sudo ? SUDO_CHECK : undefined);
    if (!login.ok) return login;
    return check.sudo && login.output ? judgeSudoCheck(check.user, check.sudo, login.output) : { ok: true };
  }
  const login = await wouldLogIn(target, check);
  if (!login.ok || !check.sudo) return login;
  return judgeSudoCheck(check.user, check.sudo, await target.exec(['runuser', '-u', check.user, '--', ...SUDO_CHECK], { privileged: true }));
}

/**
 * On the server itself there is no SSH session at stake and no key to log in with: ask sshd
 * whether that user, connecting on that port, would be let in with a key. Its sudo is then
 * tried as that user with runuser (same sudoers, same PAM stack for sudo, no SSH).
 */
async function wouldLogIn(target: Target, check: LoginCheck): Promise<LoginCheckResult> {
  const result = await target.exec(['sshd', '-T', '-C', `user=${check.user},host=localhost,addr=127.0.0.1,laddr=127.0.0.1,lport=${check.port}`], { privileged: true });
  const lines = result.stdout.split('\n');
  const allowed = lines.filter((l) => l.startsWith('allowusers ')).map((l) => l.slice('allowusers '.length));
  const ok = result.exitCode === 0 && lines.includes('pubkeyauthentication yes') && (allowed.length === 0 || allowed.includes(check.user));
  return ok ? { ok: true } : { ok: false, reason: `sshd would not let ${check.user} in with a key: ${result.stderr.trim() || 'not allowed'}` };
}

/**
 * Judges `sudo -n true` run as the user who is to keep root. A refusal only for want of a
 * password passes when the guard knew the user's password is usable; anything else fails.
 */
export function judgeSudoCheck(user: string, expected: 'nopasswd' | 'password', result: { readonly exitCode: number; readonly stderr: string }): LoginCheckResult {
  if (result.exitCode === 0) return { ok: true };
  const complaints = result.stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const onlyPassword = complaints.length > 0 && complaints.every((line) => /^sudo: a password is required$/.test(line));
  if (onlyPassword && expected === 'password') return { ok: true, note: `sudo will ask for your password (${user}'s password is set and sudo allows every command with it)` };
  const said = complaints.join('; ') || `exit ${result.exitCode}`;
  return { ok: false, reason: `sudo -n true as ${user} failed, so ${user} could not become root: ${said}` };
}
