/**
 * Typed errors. Expected failures carry what the user should do next and are printed without a
 * stack trace; anything else is a bug and shows one.
 */

/** A failure the user can act on: bad input, a refused host key, a lockout the guard prevented. */
export class GoliveError extends Error {
  override readonly name: string = 'GoliveError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Bad input: flags, answers, the answers file. Nothing was changed. */
export class InputError extends GoliveError {
  override readonly name = 'InputError';
}

/** A step needs an answer that has no default (the backup's key, the app's .env). Nothing was changed. */
export class NotConfiguredError extends InputError {}

/** A command on the target exited non-zero where success was required. */
export class CommandError extends GoliveError {
  override readonly name = 'CommandError';
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
    hint?: string,
  ) {
    super(`\`${argv.join(' ')}\` exited with ${exitCode}${stderr.trim() ? `: ${lastLines(stderr, 5)}` : ''}`, hint);
  }
}

/** Something on the server failed on the way (a read cut short, a timer that would not stop): not bad input, not a bug. */
export class OperationError extends GoliveError {
  override readonly name = 'OperationError';
}

/** Reaching the target failed: DNS, refused connection, authentication, host key. */
export class ConnectionError extends GoliveError {
  override readonly name = 'ConnectionError';
}

/** The last lines of a program's output: where its error usually is. */
export function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
