/** One interface for every server golive works on: this machine, or one over SSH. */

export interface ExecOptions {
  /** Bytes for the command's standard input. */
  readonly stdin?: string | Buffer;
  /** Run as root: directly when logged in as root, through sudo otherwise. */
  readonly privileged?: boolean;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command that keeps running while golive talks to it (the run lock's holder). */
export interface OpenCommand {
  /** Each chunk the command prints on stdout. */
  onStdout(listener: (text: string) => void): void;
  write(data: string | Buffer): void;
  /** Ends its standard input. */
  end(): void;
  /** Settles when it exits. */
  readonly exited: Promise<ExecResult>;
}

export interface Target {
  /** How the user knows this server: "deploy@10.0.0.2:22" or "this machine". */
  readonly label: string;
  readonly kind: 'local' | 'ssh';
  /** The account golive is logged in as on the server. */
  readonly loginUser: string;
  /**
   * The address the admin reaches the server from, as the server sees it (SSH_CONNECTION's first
   * field): what must never be banned. Undefined at a console.
   */
  readonly clientAddress?: string;
  /** Commands sent to the server so far: each is one round trip. */
  readonly roundTrips: number;
  /** Runs argv and resolves with its exit code, whatever it is. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Runs argv and throws a CommandError when it exits non-zero. */
  execChecked(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Starts argv and leaves it running, its stdin open. */
  open(argv: readonly string[], options?: Omit<ExecOptions, 'stdin'>): Promise<OpenCommand>;
  close(): Promise<void>;
}
