import { hostname, userInfo } from 'node:os';
import { GoliveError } from '../errors.js';
import type { OpenCommand, Target } from '../target/target.js';

/**
 * One golive run at a time on a server. The lock is a `flock` held by a small process on the server
 * for as long as golive talks to it: golive sends it a heartbeat, and it lets go when golive ends
 * the run, when golive dies (its connection closes), or within HEARTBEAT_TIMEOUT seconds of the link
 * dropping — the kernel frees a flock with its holder, so no lock outlives its run. Who holds it is
 * written beside it; a record whose holder is gone is taken over, with a note.
 */

export const LOCK_FILE = '/var/lib/golive/lock';
const HOLDER_FILE = '/var/lib/golive/lock.holder';
const HEARTBEAT_SECONDS = 10;
const HEARTBEAT_TIMEOUT = 30;

const HOLD = `umask 077
mkdir -p /var/lib/golive && chmod 0700 /var/lib/golive
exec 9>>"$1"
if ! flock -n 9; then printf 'busy\\t%s\\n' "$(cat -- "$2" 2>/dev/null)"; exit 75; fi
previous=$(cat -- "$2" 2>/dev/null)
printf '%s\\t%s\\t%s\\n' "$3" "$$" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$2"
printf 'acquired\\t%s\\n' "$previous"
while IFS= read -r -t ${HEARTBEAT_TIMEOUT} line; do :; done
rm -f -- "$2"`;

/** Another run holds the lock: refused at once, naming it. */
export class RunLockBusy extends GoliveError {
  override readonly name = 'RunLockBusy';
}

interface LockHolder {
  readonly what: string;
  readonly pid: string;
  readonly since: string;
}

function parseHolder(text: string): LockHolder | undefined {
  const [what, pid, since] = text.trim().split('\t');
  return what && pid && since ? { what, pid, since } : undefined;
}

function describeHolder(holder: LockHolder | undefined): string {
  return holder ? `${holder.what} (pid ${holder.pid} on the server, since ${holder.since})` : 'a run that did not say who it is';
}

export class RunLock {
  private constructor(
    private readonly holder: OpenCommand,
    private readonly heartbeat: NodeJS.Timeout,
    /** Said when the lock was taken over from a run that was gone. */
    readonly note: string | undefined,
  ) {}

  /** `what` says who holds it, like "apply 20261130T101500Z-ab12cd by deploy". */
  static async acquire(target: Target, what: string): Promise<RunLock> {
    const holder = await target.open(['bash', '-c', HOLD, 'bash', LOCK_FILE, HOLDER_FILE, what.replaceAll(/[\t\n]/g, ' ')], { privileged: true });
    const first = await firstLine(holder);
    const [state, ...rest] = (first ?? '').split('\t');
    if (state === 'busy') {
      throw new RunLockBusy(`another golive run holds this server: ${describeHolder(parseHolder(rest.join('\t')))}`, 'wait for it to end; a run whose golive is gone lets go within 30 seconds');
    }
    if (state !== 'acquired') {
      const result = await holder.exited;
      throw new GoliveError(`could not take golive's run lock on the server: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    }
    const previous = parseHolder(rest.join('\t'));
    const heartbeat = setInterval(() => holder.write('\n'), HEARTBEAT_SECONDS * 1000);
    heartbeat.unref();
    return new RunLock(holder, heartbeat, previous ? `took over the run lock from ${describeHolder(previous)}: its golive is gone` : undefined);
  }

  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    this.holder.end();
    await this.holder.exited;
  }
}

/** Who is running golive, as the lock names it: "deploy@laptop". */
export function runner(): string {
  return `${userInfo().username}@${hostname()}`;
}

/** Runs `action` holding the run lock; `onNote` hears of a lock taken over from a run that is gone. */
export async function withRunLock<T>(target: Target, what: string, action: () => Promise<T>, onNote: (text: string) => void = () => {}): Promise<T> {
  const lock = await RunLock.acquire(target, what);
  if (lock.note) onNote(lock.note);
  try {
    return await action();
  } finally {
    await lock.release();
  }
}

function firstLine(command: OpenCommand): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    command.onStdout((chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
    void command.exited.then((result) => resolve(result.stdout.split('\n')[0] || undefined));
  });
}
