import { Session, type SessionOptions } from '../engine/session.js';
import type { AnyStep, StepId } from '../engine/types.js';
import type { Environment } from '../environment.js';
import type { Interaction } from '../interaction.js';
import type { BaseTarget } from '../target/base-target.js';
import type { EarlyConnection } from '../target/early-connection.js';
import type { AnswersFile } from './answers-file.js';
import { loadAnswers } from './answers.js';
import { connect, connectOptions } from './connect.js';
import type { SessionRequest } from './request.js';

/**
 * Where every command and the wizard start: the answers, a connected server, a session over the
 * chosen steps. The steps come as data (the registry the program was built with).
 */

export interface OpenedSession {
  readonly answers: AnswersFile;
  readonly target: BaseTarget;
  readonly session: Session;
}

/** The steps of the registry that --only names, in the registry's order; all without --only. */
export function chooseSteps(registry: readonly AnyStep[], only: readonly StepId[] | undefined): AnyStep[] {
  return registry.filter((step) => !only || only.includes(step.id));
}

/** How a session over these steps behaves, from the request and the environment the CLI read. */
export function sessionOptions(request: Pick<SessionRequest, 'only' | 'rotate'>, environment: Environment): SessionOptions {
  return {
    skipUnconfigured: request.only === undefined,
    rotate: request.rotate,
    confirmSeconds: environment.confirmSeconds,
    sudoUser: environment.sudoUser,
    inSshSession: environment.inSshSession,
  };
}

/** `early`: a TCP connection opened while golive loaded (see EarlyConnection). */
export async function openSession(request: SessionRequest, environment: Environment, registry: readonly AnyStep[], interaction: Interaction, early?: EarlyConnection): Promise<OpenedSession> {
  return openSessionWith(loadAnswers(request, registry), request, environment, registry, interaction, early);
}

/** The same with answers already read and checked (an inventory's host's). */
export async function openSessionWith(answers: AnswersFile, request: SessionRequest, environment: Environment, registry: readonly AnyStep[], interaction: Interaction, early?: EarlyConnection): Promise<OpenedSession> {
  const target = await connect({ ...connectOptions(request, answers.target, interaction, environment), early });
  const session = new Session(target, chooseSteps(registry, request.only), answers.steps, sessionOptions(request, environment));
  return { answers, target, session };
}
