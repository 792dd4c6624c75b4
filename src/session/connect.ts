import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../environment.js';
import { ConnectionError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import { BaseTarget } from '../target/base-target.js';
import type { EarlyConnection } from '../target/early-connection.js';
import { parseHostSpec } from '../target/host-spec.js';
import { KnownHosts } from '../target/known-hosts.js';
import { choosePrivilege, parseWhoami, WHOAMI_SCRIPT } from '../target/privilege.js';
import { loadCredentials } from '../target/ssh-auth.js';
import { SshTarget } from '../target/ssh.js';
import type { TargetAnswers } from './answers-file.js';
import type { SessionRequest } from './request.js';

export interface ConnectOptions {
  readonly host: string | undefined;
  readonly identity: string | undefined;
  readonly knownHosts: string | undefined;
  readonly acceptNewHostKey: boolean;
  readonly fromFile: TargetAnswers;
  readonly interaction: Interaction;
  /** SSH_AUTH_SOCK, read by the CLI. */
  readonly agentSocket: string | undefined;
  /** The admin gave up (Ctrl+C in the wizard while connecting): stop, and leave nothing open. */
  readonly signal?: AbortSignal;
  /** A TCP connection the CLI opened while it loaded (see EarlyConnection). */
  readonly early?: EarlyConnection;
}

/** The one way connect options are made: the request's flags over the answers file's target. */
export function connectOptions(request: SessionRequest, fromFile: TargetAnswers, interaction: Interaction, environment: Pick<Environment, 'sshAgentSocket'>): ConnectOptions {
  return {
    host: request.host,
    identity: request.identity,
    knownHosts: request.knownHosts,
    acceptNewHostKey: request.acceptNewHostKey,
    fromFile,
    interaction,
    agentSocket: environment.sshAgentSocket,
  };
}

/** Reaches the server (this machine without a host), then settles how commands become root. */
export async function connect(options: ConnectOptions): Promise<BaseTarget> {
  const target = await reach(options);
  try {
    target.setPrivilege(await untilCancelled(settlePrivilege(target, options.interaction), options.signal));
    return target;
  } catch (error) {
    await target.close();
    throw error;
  }
}

async function reach(options: ConnectOptions): Promise<BaseTarget> {
  const spec = options.host ? parseHostSpec(options.host) : undefined;
  const host = spec?.host ?? options.fromFile.host;
  if (!host) {
    // execa loads only when golive works on this machine.
    const { LocalTarget } = await import('../target/local.js');
    return new LocalTarget();
  }
  const credentials = await untilCancelled(loadCredentials(options.identity ?? options.fromFile.identity, options.interaction, options.agentSocket), options.signal);
  const endpoint = { host, port: spec?.port ?? options.fromFile.port ?? 22, user: spec?.user ?? options.fromFile.user ?? userInfo().username };
  const target = await SshTarget.connect(
    endpoint,
    credentials,
    {
      knownHosts: new KnownHosts(options.knownHosts ?? join(homedir(), '.ssh', 'known_hosts')),
      acceptNew: options.acceptNewHostKey,
      interaction: options.interaction,
    },
    options.signal,
    options.early?.takeFor(endpoint.host, endpoint.port),
  );
  if (options.signal?.aborted) {
    await target.close();
    throw cancelled();
  }
  return target;
}

async function settlePrivilege(target: BaseTarget, interaction: Interaction) {
  const whoami = parseWhoami((await target.execChecked(['sh', '-c', WHOAMI_SCRIPT])).stdout);
  target.clientAddress ??= whoami.clientAddress;
  return choosePrivilege(
    whoami,
    interaction.canAsk ? (question) => interaction.askSecret(question) : undefined,
    // The check is a first privileged command, wrapped like every other: it neither uses nor fills
    // sudo's cache (sudo -k), and a sudo that skips the password is caught here, before any change.
    async (candidate) => {
      target.setPrivilege(candidate);
      return (await target.exec(['true'], { privileged: true })).exitCode === 0;
    },
  );
}

const cancelled = () => new ConnectionError('connecting was cancelled');

/** The work, or a rejection as soon as the admin gives up: a question left open is then never answered. */
function untilCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const cancel = () => reject(cancelled());
    if (signal.aborted) return cancel();
    signal.addEventListener('abort', cancel, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancel));
  });
}
