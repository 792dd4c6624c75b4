import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../environment.js';
import type { Interaction } from '../interaction.js';
import { BaseTarget } from '../target/base-target.js';
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
  const spec = options.host ? parseHostSpec(options.host) : undefined;
  const host = spec?.host ?? options.fromFile.host;
  let target: BaseTarget;
  if (!host) {
    // execa loads only when golive works on this machine.
    const { LocalTarget } = await import('../target/local.js');
    target = new LocalTarget();
  } else {
    const credentials = await loadCredentials(options.identity ?? options.fromFile.identity, options.interaction, options.agentSocket);
    target = await SshTarget.connect(
      { host, port: spec?.port ?? options.fromFile.port ?? 22, user: spec?.user ?? options.fromFile.user ?? userInfo().username },
      credentials,
      {
        knownHosts: new KnownHosts(options.knownHosts ?? join(homedir(), '.ssh', 'known_hosts')),
        acceptNew: options.acceptNewHostKey,
        interaction: options.interaction,
      },
    );
  }
  try {
    const whoami = parseWhoami((await target.execChecked(['sh', '-c', WHOAMI_SCRIPT])).stdout);
    const privilege = await choosePrivilege(
      whoami,
      options.interaction.canAsk ? (question) => options.interaction.askSecret(question) : undefined,
      // The check is a first privileged command, wrapped like every other: it neither uses nor fills
      // sudo's cache (sudo -k), and a sudo that skips the password is caught here, before any change.
      async (candidate) => {
        target.setPrivilege(candidate);
        return (await target.exec(['true'], { privileged: true })).exitCode === 0;
      },
    );
    target.setPrivilege(privilege);
    return target;
  } catch (error) {
    await target.close();
    throw error;
  }
}
