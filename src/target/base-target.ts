import { CommandError } from '../errors.js';
import type { ExecOptions, ExecResult, OpenCommand, Target } from './target.js';
import { type Privilege, stoppedByGuard, sudoSkippedPasswordError, wrapPrivileged } from './privilege.js';

/** What local and SSH targets share: privilege wrapping, round-trip counting, checked exec. */
export abstract class BaseTarget implements Target {
  abstract readonly label: string;
  abstract readonly kind: 'local' | 'ssh';
  abstract readonly loginUser: string;
  protected privilege: Privilege = { mode: 'root' };
  clientAddress: string | undefined;
  #roundTrips = 0;

  get roundTrips(): number {
    return this.#roundTrips;
  }

  setPrivilege(privilege: Privilege): void {
    this.privilege = privilege;
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const command = this.#wrap(argv, options);
    this.#roundTrips += 1;
    const result = await this.execRaw(command.argv, command.stdin);
    // Not the command's own failure: it never ran, so no caller may read this as its exit code.
    if (options.privileged && stoppedByGuard(this.privilege, result)) throw sudoSkippedPasswordError(this.loginUser);
    return result;
  }

  async open(argv: readonly string[], options: Omit<ExecOptions, 'stdin'> = {}): Promise<OpenCommand> {
    const command = this.#wrap(argv, options);
    this.#roundTrips += 1;
    const opened = await this.openRaw(command.argv);
    // sudo's password (when it needs one) goes ahead of anything golive writes later.
    if (command.stdin) opened.write(command.stdin);
    return opened;
  }

  #wrap(argv: readonly string[], options: ExecOptions): { argv: readonly string[]; stdin: Buffer | undefined } {
    // The C locale keeps every tool's output in the form the parsers expect.
    const inCLocale = ['env', 'LC_ALL=C', ...argv];
    return options.privileged
      ? wrapPrivileged(this.privilege, inCLocale, options.stdin)
      : { argv: inCLocale, stdin: options.stdin === undefined ? undefined : Buffer.from(options.stdin) };
  }

  async execChecked(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const result = await this.exec(argv, options);
    if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr);
    return result;
  }

  protected abstract execRaw(argv: readonly string[], stdin: Buffer | undefined): Promise<ExecResult>;
  protected abstract openRaw(argv: readonly string[]): Promise<OpenCommand>;
  abstract close(): Promise<void>;
}
