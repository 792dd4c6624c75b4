import type { CommandChange, SshPortMove } from '../engine/types.js';
import { ufwCommand } from './ufw.js';

/**
 * sshd moving to a new port, as the ufw rules see it: the new port opens before sshd reloads, the
 * old one closes only once a fresh login on the new one worked. Used by the firewall step, and by
 * the ssh step itself when ufw is on and the firewall step is not in the run.
 */

/** The rules that open a port for SSH the way golive writes them: `allow 22/tcp`, or `limit 22/tcp`. */
export function openingRules(rules: readonly string[], port: number): string[] {
  return rules.filter((rule) => rule === `allow ${port}/tcp` || rule === `limit ${port}/tcp`);
}

/** Rules that refuse a port to everyone: ufw's first matching rule wins, so an allow added after one never would. */
export function denyingRules(rules: readonly string[], port: number): string[] {
  return rules.filter((rule) => new RegExp(`^(deny|reject)( in)? ${port}(/tcp)?$`).test(rule));
}

/** `ufw delete RULE` for each rule, once the login on the new port worked. */
export function closingCommands(rules: readonly string[], move: SshPortMove): CommandChange[] {
  return rules.map((rule) => ufwCommand(['delete', ...rule.split(' ')], `sshd has left this port: a new login on ${move.to} worked`));
}

/** What golive leaves in ufw that may still open a port sshd left: rules naming it, or an SSH application profile (OpenSSH). */
export function leftOpenNote(rules: readonly string[], closing: readonly string[], move: SshPortMove): string[] {
  const old = move.from.filter((port) => port !== move.to);
  const left = rules.filter((rule) => !closing.includes(rule) && (old.some((port) => new RegExp(`\\b${port}\\b`).test(rule)) || /^(allow|limit) [A-Za-z]\S*ssh/i.test(rule)));
  return left.length > 0 ? [`ufw rules golive leaves as they are may keep port ${old.join(', ')} open: ${left.join(', ')} (delete them with ufw delete RULE when sshd no longer needs them)`] : [];
}
