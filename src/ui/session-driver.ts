import { existsSync } from 'node:fs';
import { STEPS } from '../../steps/index.js';
import type { AnswersFile } from '../answers/answers-file.js';
import type { CliArgs } from '../cli/args.js';
import { STEP_IDS, type StepId } from '../engine/types.js';
import type { Environment } from '../environment.js';
import { GoliveError } from '../errors.js';
import type { Settings } from '../settings.js';
import type { BaseTarget } from '../target/base-target.js';
import { type RawAnswers, TargetNeeded, type WizardDriver } from './driver.js';

/**
 * The wizard's driver over the real engine: one connection, one Session. SSH, YAML and the local
 * settings load when first needed, so the first frame waits for none of them.
 */
export function sessionDriver(args: CliArgs, environment: Environment): WizardDriver {
  const configPath = args.config ?? 'golive.yml';
  let target: BaseTarget | undefined;
  let file: AnswersFile | undefined;
  let settings: Settings | undefined;

  const connected = () => {
    if (!target) throw new GoliveError('not connected');
    return target;
  };
  const answersFile = async () => (file ??= (await import('../cli/context.js')).loadAnswers(args));
  const localSettings = async () => (settings ??= new (await import('../settings.js')).Settings(environment.settingsDir));
  const sessionFor = async (answers: RawAnswers, ids?: readonly StepId[]) => {
    const { Session, selectSteps, sessionEnvironment } = await import('../engine/session.js');
    return new Session(connected(), selectSteps(ids ? [...ids] : undefined), answers, sessionEnvironment(environment));
  };

  return {
    steps: STEP_IDS.map((id) => {
      const step = STEPS.find((s) => s.id === id);
      return { id, title: step?.title ?? id, questions: step?.questions ?? [] };
    }),
    preset: args.host ? { host: args.host, identity: args.identity, source: 'flags' } : existsSync(configPath) ? { host: undefined, identity: args.identity, source: 'config' } : undefined,
    async initialAnswers(label) {
      const [last, fromFile] = [(await localSettings()).lastAnswers(label), (await answersFile()).steps];
      return Object.fromEntries(
        STEP_IDS.filter((id) => last[id] !== undefined || fromFile[id] !== undefined).map((id) => [id, { ...(last[id] as object), ...(fromFile[id] as object) }]),
      ) as RawAnswers;
    },
    async connect(request, interaction) {
      const fromFile = (await answersFile()).target;
      if (request.source === 'config' && !fromFile.host) throw new TargetNeeded();
      const { connect } = await import('../cli/connect.js');
      target = await connect({
        host: request.host,
        identity: request.identity ?? args.identity,
        knownHosts: args.knownHosts,
        acceptNewHostKey: args.acceptNewHostKey,
        fromFile: request.source === 'form' ? {} : fromFile,
        interaction,
        agentSocket: environment.sshAgentSocket,
      });
      return target.label;
    },
    async survey(answers) {
      const result = await (await sessionFor(answers)).survey();
      const { goLiveChecks } = await import('../checks/go-live-checks.js');
      return { outcomes: result.outcomes, runs: result.runs, checks: goLiveChecks(result.listeners) };
    },
    plan: async (ids, answers) => (await sessionFor(answers, ids)).plan(),
    async apply(planned, onEvent, signal) {
      const result = await (await sessionFor({})).apply(planned, { onEvent, signal });
      const { answersToRemember } = await import('../engine/session.js');
      (await localSettings()).remember(connected().label, answersToRemember(planned), result.runId);
      return result;
    },
    async rollback(runId) {
      const server = connected();
      const { rollbackRecorded } = await import('../engine/rollback.js');
      return rollbackRecorded(server, runId, { force: false });
    },
    async backupNow(answers) {
      const { backUpNow } = await import('../backup/restore-test.js');
      return backUpNow(await sessionFor(answers, ['backup']));
    },
    async testRestore(answers, privateKeyFile, interaction) {
      const { backUpAndTestRestore } = await import('../backup/restore-test.js');
      return backUpAndTestRestore(await sessionFor(answers, ['backup']), privateKeyFile, interaction);
    },
    validate(stepId, answers) {
      STEPS.find((s) => s.id === stepId)?.parseAnswers(answers, stepId);
    },
    async saveAnswers(answers) {
      (await import('../answers/save-answers.js')).saveAnswers(configPath, answers);
      return configPath;
    },
    close: async () => target?.close(),
  };
}
