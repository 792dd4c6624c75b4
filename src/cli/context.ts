import { existsSync } from 'node:fs';
import { type AnswersFile, loadAnswersFile } from '../answers/answers-file.js';
import { Session, selectSteps, sessionEnvironment } from '../engine/session.js';
import type { Environment } from '../environment.js';
import type { StepId } from '../engine/types.js';
import { InputError } from '../errors.js';
import { type Interaction, nobodyToAsk, personIsPresent, terminalInteraction } from '../interaction.js';
import type { BaseTarget } from '../target/base-target.js';
import type { CliArgs } from './args.js';
import { connect } from './connect.js';

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
}

export function loadAnswers(args: CliArgs): AnswersFile {
  const path = args.config ?? (existsSync('golive.yml') ? 'golive.yml' : undefined);
  return path ? loadAnswersFile(path) : { target: {}, steps: {} };
}

export async function openContext(args: CliArgs, environment: Environment): Promise<CommandContext> {
  const answers = loadAnswers(args);
  const steps = selectSteps(args.only);
  if (args.only && steps.length < args.only.length) {
    const missing = args.only.filter((id: StepId) => !steps.some((s) => s.id === id));
    throw new InputError(`--only: the ${missing.join(', ')} step is not available in this version of golive`);
  }
  if (args.rotate.length > 0 && !steps.some((s) => s.id === 'secrets')) throw new InputError('--rotate needs the secrets step', 'add secrets to --only');
  const interaction = personIsPresent(environment) && !args.json ? terminalInteraction() : nobodyToAsk;
  const target = await connect({
    host: args.host,
    identity: args.identity,
    knownHosts: args.knownHosts,
    acceptNewHostKey: args.acceptNewHostKey,
    fromFile: answers.target,
    interaction,
    agentSocket: environment.sshAgentSocket,
  });
  return {
    args,
    environment,
    answers,
    interaction,
    target,
    session: new Session(target, steps, answers.steps, { skipUnconfigured: args.only === undefined, rotate: args.rotate, ...sessionEnvironment(environment) }),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}
