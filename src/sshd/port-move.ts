import type { Listener } from '../checks/listening.js';
import { fileChange } from '../engine/file-change.js';
import type { Change, FileState, SshPortMove, StepContext, Validation } from '../engine/types.js';
import { GoliveError } from '../errors.js';
import { isGolivesJail, JAIL_LOCAL, withSshdJailPorts } from '../fail2ban/jail-local.js';
import { closingCommands, denyingRules, leftOpenNote, openingRules } from '../firewall/ssh-port-move.js';
import { ufwCommand, type UfwState } from '../firewall/ufw.js';

/**
 * A new ssh.port as one coordinated change: refused where it cannot be done safely, and, when the
 * firewall or fail2ban step is not in the run, ufw and golive's fail2ban jail made to follow sshd
 * by the ssh step itself. sshd listens on the old and the new port until a fresh login on the new
 * one worked; only then do the old port's sshd line and ufw rule go.
 */

/** What the ssh step reads of the server's other services, for a port move. */
export interface Surroundings {
  readonly ufw: UfwState;
  readonly jailLocal: FileState | null;
  readonly fail2banActive: boolean;
  readonly listeners: readonly Listener[];
}

/** The move from the ports sshd listens on to ssh.port, or undefined when it stays; throws when it cannot be done. */
export function planPortMove(current: readonly number[], to: number, socketActivated: boolean, listeners: readonly Listener[]): SshPortMove | undefined {
  if (current.length === 1 && current[0] === to) return undefined;
  const from = current.join(', ');
  if (socketActivated) {
    throw new GoliveError(
      `sshd is socket-activated (ssh.socket listens on ${from}): the socket, not sshd's Port line, decides the port, and golive does not move it; nothing was changed`,
      `keep ssh.port ${current[0] ?? 22}; or move the socket by hand: open ${to}/tcp in any firewall, run \`systemctl edit ssh.socket\` and write "[Socket]", "ListenStream=", "ListenStream=${to}", then \`systemctl daemon-reload && systemctl restart ssh.socket\`, log in on ${to}, and only then close ${from}; ` +
        'or turn socket activation off (`systemctl disable --now ssh.socket && systemctl enable --now ssh.service`) and run golive again',
    );
  }
  const taken = current.includes(to) ? [] : listeners.filter((l) => l.port === to);
  if (taken.length > 0) {
    throw new GoliveError(
      `port ${to} (ssh.port) is already in use: something else listens on ${[...new Set(taken.map((l) => `${l.address}:${l.port}`))].join(', ')}, so sshd could not; nothing was changed`,
      `choose another ssh.port, or stop what listens on ${to} first (ss -tlnp 'sport = :${to}' names it)`,
    );
  }
  return { from: current, to };
}

export interface FollowerChanges {
  readonly now: readonly Change[];
  readonly afterLogin: readonly Change[];
  readonly validations: readonly Validation[];
  readonly reloads: readonly (readonly string[])[];
  readonly notes: readonly string[];
}

/** What ufw and fail2ban need for the move, from the ssh step itself; the firewall and fail2ban steps do it when they are in the run. */
export function followSshd(surroundings: Surroundings, move: SshPortMove, context: StepContext): FollowerChanges {
  const inRun = (id: 'firewall' | 'fail2ban') => context.stepsInRun?.includes(id) ?? false;
  const ufw = inRun('firewall') || !surroundings.ufw.active ? EMPTY : ufwFollows(surroundings.ufw, move);
  const jail = inRun('fail2ban') ? EMPTY : jailFollows(surroundings, move);
  return {
    now: [...ufw.now, ...jail.now],
    afterLogin: [...ufw.afterLogin, ...jail.afterLogin],
    validations: [...ufw.validations, ...jail.validations],
    reloads: [...ufw.reloads, ...jail.reloads],
    notes: [...moveNotes(move), ...ufw.notes, ...jail.notes],
  };
}

const EMPTY: FollowerChanges = { now: [], afterLogin: [], validations: [], reloads: [], notes: [] };

function moveNotes(move: SshPortMove): string[] {
  const old = move.from.filter((port) => port !== move.to);
  return [
    `sshd moves to port ${move.to}: it listens on ${[...old, move.to].join(' and ')} until a new login on ${move.to} works, then on ${move.to} only`,
    `from now on connect with --host USER@HOST:${move.to} (ssh -p ${move.to})`,
    `a firewall outside this server (a cloud provider's security group) must allow ${move.to}/tcp too: golive cannot see it, and if it blocks the port, the login on ${move.to} fails and the run is undone`,
  ];
}

/** ufw is on and the firewall step is not in the run: the new port opens now, the old one's rule goes after the login. */
function ufwFollows(ufw: UfwState, move: SshPortMove): FollowerChanges {
  const denying = denyingRules(ufw.rules, move.to);
  if (denying.length > 0) {
    throw new GoliveError(
      `ufw is on and has a rule that refuses port ${move.to} (${denying.join(', ')}), ahead of any rule golive would add: sshd could not be reached there; nothing was changed`,
      `delete it (${denying.map((rule) => `ufw delete ${rule}`).join('; ')}), or choose another ssh.port`,
    );
  }
  const closing = move.from.filter((port) => port !== move.to).flatMap((port) => openingRules(ufw.rules, port));
  // Rate-limited before, rate-limited after.
  const kind = closing.some((rule) => rule.startsWith('limit')) ? 'limit' : 'allow';
  const opening = openingRules(ufw.rules, move.to).length > 0 ? [] : [ufwCommand([kind, `${move.to}/tcp`], `sshd's new port, open before sshd listens on it`)];
  return {
    now: opening,
    afterLogin: closingCommands(closing, move),
    validations: [],
    // Rollback restores ufw's rule files; this puts the live rules back in line with them.
    reloads: [['ufw', 'reload']],
    notes: [`ufw is on: ${move.to}/tcp opens before sshd moves${closing.length > 0 ? `; ${closing.join(', ')} is deleted once the login on ${move.to} works` : ''}`, ...leftOpenNote(ufw.rules, closing, move)],
  };
}

/** golive's jail.local watches sshd's port: it is pointed at the new one, and fail2ban restarted when it runs. */
function jailFollows(surroundings: Surroundings, move: SshPortMove): FollowerChanges {
  const jail = surroundings.jailLocal;
  if (!jail || !isGolivesJail(jail.content)) {
    const watched = jail || surroundings.fail2banActive;
    return watched ? { ...EMPTY, notes: [`fail2ban's sshd jail is not golive's: set port = ${move.to} in its [sshd] section, or run the fail2ban step, so that it watches the new port`] } : EMPTY;
  }
  const content = withSshdJailPorts(jail.content, [move.to]);
  if (content === jail.content) return EMPTY;
  return {
    now: fileChange(JAIL_LOCAL, jail, { ...jail, content }, `fail2ban's sshd jail watches sshd's new port`),
    afterLogin: [],
    validations: [{ argv: ['fail2ban-client', '-t'], what: 'fail2ban configuration' }],
    reloads: surroundings.fail2banActive ? [['systemctl', 'restart', 'fail2ban']] : [],
    notes: [],
  };
}
