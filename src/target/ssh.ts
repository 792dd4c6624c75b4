import type { Socket } from 'node:net';
import ssh2, { type ConnectConfig } from 'ssh2';
import { ConnectionError } from '../errors.js';
import { BaseTarget } from './base-target.js';
import { certificateSource, decideHostKey, type HostKeyPolicy, preferredHostKeyAlgorithms } from './host-key-policy.js';
import { hostField } from './known-hosts.js';
import { quoteCommand } from './quote.js';
import type { SshCredentials } from './ssh-auth.js';
import type { ExecResult, OpenCommand } from './target.js';

export type { HostKeyPolicy } from './host-key-policy.js';

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

/** A server over one ssh2 connection: every command is an exec request on it. */
export class SshTarget extends BaseTarget {
  readonly kind = 'ssh' as const;
  readonly label: string;

  private constructor(
    private readonly client: ssh2.Client,
    readonly endpoint: SshEndpoint,
    private readonly credentials: SshCredentials,
    private readonly hostKeys: HostKeyPolicy,
    /** The host key the server showed when this connection was opened (and trusted). */
    private readonly hostKey: Buffer,
  ) {
    super();
    this.label = `${endpoint.user}@${hostField(endpoint.host, endpoint.port)}`;
    // Once connected, a dropped link is an answer for the command in flight, never a crash.
    client.on('error', (error: Error) => (this.#lost ??= error.message));
    client.on('close', () => (this.#lost ??= 'the connection closed'));
  }

  #lost: string | undefined;

  #lostError(): ConnectionError {
    return new ConnectionError(`lost the SSH connection to ${this.label}: ${this.#lost}`, "a risky run is undone by the server's own timer; see golive history once the server is reachable");
  }

  get loginUser(): string {
    return this.endpoint.user;
  }

  /** `signal`: the admin gave up (Ctrl+C in the wizard): the half-open connection is dropped at once. */
  /** `socket`: a TCP connection to the endpoint already opened (see EarlyConnection). */
  static async connect(endpoint: SshEndpoint, credentials: SshCredentials, hostKeys: HostKeyPolicy, signal?: AbortSignal, socket?: Socket): Promise<SshTarget> {
    const { client, hostKey } = await openClient(endpoint, credentials, hostKeys, signal, socket);
    return new SshTarget(client, endpoint, credentials, hostKeys, hostKey);
  }

  /**
   * Proves a brand-new login works (the check after a risky change), runs `command` in it when
   * given (unprivileged, as that user), then closes it. On another port (sshd's new one), the
   * server must show the key this connection trusted.
   */
  async tryFreshLogin(user: string, port = this.endpoint.port, command?: readonly string[]): Promise<{ ok: true; output?: ExecResult } | { ok: false; reason: string }> {
    // sshd re-executes itself on reload: for a moment nothing listens, so a refusal is retried.
    for (let attempt = 1; ; attempt += 1) {
      let client: ssh2.Client | undefined;
      try {
        const vouchedKey = port === this.endpoint.port ? undefined : this.hostKey;
        ({ client } = await openClient({ ...this.endpoint, user, port }, this.credentials, { ...this.hostKeys, acceptNew: false, vouchedKey }));
        const output = command ? await execOn(client, quoteCommand(['env', 'LC_ALL=C', ...command]), undefined, `${user}@${hostField(this.endpoint.host, port)}`) : undefined;
        client.end();
        return { ok: true, output };
      } catch (error) {
        client?.end();
        const reason = error instanceof Error ? error.message : String(error);
        if (!/ECONNREFUSED|ECONNRESET/.test(reason) || attempt >= 40) return { ok: false, reason };
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  protected async execRaw(argv: readonly string[], stdin: Buffer | undefined): Promise<ExecResult> {
    if (this.#lost) throw this.#lostError();
    const result = await execOn(this.client, quoteCommand(argv), stdin, this.label);
    if (this.#lost) throw this.#lostError();
    return result;
  }

  protected openRaw(argv: readonly string[]): Promise<OpenCommand> {
    return openOn(this.client, quoteCommand(argv), this.label);
  }

  async close(): Promise<void> {
    this.client.end();
  }
}

/** One exec request on an open connection: exit code and both outputs, whatever the exit code. */
async function execOn(client: ssh2.Client, command: string, stdin: Buffer | undefined, label: string): Promise<ExecResult> {
  const opened = await openOn(client, command, label);
  if (stdin) opened.write(stdin);
  opened.end();
  return opened.exited;
}

/** An exec request left open: golive writes to it, hears its output, and ends it when done. */
function openOn(client: ssh2.Client, command: string, label: string): Promise<OpenCommand> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(new ConnectionError(`lost the SSH connection to ${label}: ${error.message}`));
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const listeners: ((text: string) => void)[] = [];
      stream.on('data', (chunk: Buffer) => {
        stdout.push(chunk);
        for (const listener of listeners) listener(chunk.toString('utf8'));
      });
      stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      const exited = new Promise<ExecResult>((done) =>
        stream.on('close', (code: number | null, signal?: string) =>
          done({ exitCode: code ?? (signal ? 128 : 255), stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
        ),
      );
      resolve({ onStdout: (listener) => listeners.push(listener), write: (data) => stream.write(data), end: () => stream.end(), exited });
    });
  });
}

async function openClient(endpoint: SshEndpoint, credentials: SshCredentials, hostKeys: HostKeyPolicy, signal?: AbortSignal, socket?: Socket): Promise<{ client: ssh2.Client; hostKey: Buffer }> {
  const client = new ssh2.Client();
  let refusal: ConnectionError | undefined;
  let hostKey: Buffer = Buffer.alloc(0);
  const certificates = certificateSource(endpoint);
  const preferred = await preferredHostKeyAlgorithms(endpoint, hostKeys, certificates);
  const config: ConnectConfig = {
    host: endpoint.host,
    port: endpoint.port,
    sock: socket,
    username: endpoint.user,
    agent: credentials.agent,
    privateKey: credentials.privateKey,
    passphrase: credentials.passphrase,
    readyTimeout: 20_000,
    keepaliveInterval: 15_000,
    algorithms: preferred.length > 0 ? { serverHostKey: { prepend: preferred } as never } : undefined,
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      decideHostKey(endpoint, key, hostKeys, certificates).then(
        () => {
          hostKey = key;
          verify(true);
        },
        (error: ConnectionError) => {
          refusal = error;
          verify(false);
        },
      );
    },
  };
  return new Promise((resolve, reject) => {
    const cancel = () => {
      // What a dropped handshake still reports (its socket closing mid-way) has nobody left to hear it.
      client.on('error', () => {});
      client.destroy();
      reject(new ConnectionError(`connecting to ${hostField(endpoint.host, endpoint.port)} was cancelled`));
    };
    if (signal?.aborted) return cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    client.once('ready', () => {
      signal?.removeEventListener('abort', cancel);
      resolve({ client, hostKey });
    });
    client.once('error', (error: Error & { level?: string }) => {
      if (refusal) return reject(refusal);
      const where = `${endpoint.user}@${hostField(endpoint.host, endpoint.port)}`;
      if (error.level === 'client-authentication') {
        return reject(new ConnectionError(`the server refused to log in ${where} with your key`, 'check --identity, ssh-agent, and the user'));
      }
      reject(new ConnectionError(`cannot reach ${where}: ${error.message}`));
    });
    client.connect(config);
    // Every exchange golive has is a request waiting for its answer: with Nagle's algorithm the
    // last packet of each waits for the server's delayed ACK, about 40 ms per command on Linux.
    client.setNoDelay(true);
  });
}
