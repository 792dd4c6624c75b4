import { connect, type Socket } from 'node:net';
import { parseHostSpec } from './host-spec.js';

/**
 * A TCP connection to the server opened first thing, while golive loads its code: sshd starts a
 * process of its own for each connection (about 30 ms on the test server) before it greets, and
 * that happens meanwhile. Nothing is sent on it and only the greeting arrives until the SSH client
 * takes it over (host key, login: as ever). One that failed is not used: the SSH client connects
 * by itself and says why.
 */
export class EarlyConnection {
  readonly socket: Socket;
  #failed = false;

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    this.socket = connect({ host, port });
    this.socket.setNoDelay(true);
    // Until the SSH client listens, an error is only remembered.
    this.socket.on('error', () => {
      this.#failed = true;
    });
  }

  /** The socket, when it is to this endpoint and has not failed; otherwise it is closed. */
  takeFor(host: string, port: number): Socket | undefined {
    if (!this.#failed && !this.socket.destroyed && host === this.host && port === this.port) return this.socket;
    this.socket.destroy();
    return undefined;
  }
}

/** The early connection for `--host` (none without one, or for one that does not parse: the run says why later). */
export function connectEarly(hostOption: string | undefined): EarlyConnection | undefined {
  if (!hostOption) return undefined;
  try {
    const spec = parseHostSpec(hostOption);
    return new EarlyConnection(spec.host, spec.port ?? 22);
  } catch {
    return undefined;
  }
}
