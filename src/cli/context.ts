import type { Session } from '../engine/session.js';
import type { AnyStep } from '../engine/types.js';
import type { Environment } from '../environment.js';
import type { RunSummary } from '../fleet/run.js';
import { type Interaction, nobodyToAsk, personIsPresent, terminalInteraction } from '../interaction.js';
import type { AnswersFile } from '../session/answers-file.js';
import { openSession } from '../session/open.js';
import type { BaseTarget } from '../target/base-target.js';
import type { EarlyConnection } from '../target/early-connection.js';
import type { CliArgs } from './args.js';

/** What every command starts from: the answers, a connected target, a session over the chosen steps. */
export interface CommandContext {
  readonly args: CliArgs;
  readonly environment: Environment;
  readonly answers: AnswersFile;
  readonly interaction: Interaction;
  readonly target: BaseTarget;
  readonly session: Session;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** With an inventory: the host's name there. */
  readonly hostName?: string;
  /** What the command did, in a few words: a fleet's summary table reads it. */
  readonly summary: RunSummary;
}

export async function openContext(args: CliArgs, environment: Environment, registry: readonly AnyStep[], early?: EarlyConnection): Promise<CommandContext> {
  const interaction = personIsPresent(environment) && !args.json ? terminalInteraction() : nobodyToAsk;
  const { answers, target, session } = await openSession(args, environment, registry, interaction, early);
  return {
    args,
    environment,
    answers,
    interaction,
    target,
    session,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    summary: {},
  };
}
