import { STEPS } from '../../steps/index.js';
import { saveAnswers } from '../answers/save-answers.js';
import { goLiveChecks } from '../checks/go-live-checks.js';
import type { CliArgs } from '../cli/args.js';
import { connect } from '../cli/connect.js';
import { loadAnswers } from '../cli/context.js';
import { readManifests } from '../engine/journal.js';
import { rollbackRun } from '../engine/rollback.js';
import { Session, selectSteps } from '../engine/session.js';
import { STEP_IDS, type StepId } from '../engine/types.js';
import { GoliveError } from '../errors.js';
import { Settings } from '../settings.js';
import type { BaseTarget } from '../target/base-target.js';
import type { RawAnswers, WizardDriver } from './driver.js';

/** The wizard's driver over the real engine: one connection, one Session. */
export function sessionDriver(args: CliArgs): WizardDriver {
  const file = loadAnswers(args);
  const configPath = args.config ?? 'golive.yml';
  const settings = new Settings();
  let target: BaseTarget | undefined;
  const connected = () => {
    if (!target) throw new GoliveError('not connected');
    return target;
  };
  const host = args.host ?? file.target.host;
  const sessionFor = (answers: RawAnswers, ids?: readonly StepId[]) => new Session(connected(), selectSteps(ids ? [...ids] : undefined), answers);

  return {
    steps: STEP_IDS.map((id) => {
      const step = STEPS.find((s) => s.id === id);
      return { id, title: step?.title ?? id, available: Boolean(step), questions: step?.questions ?? [] };
    }),
    preset: host ? { host: args.host ?? undefined, identity: args.identity } : undefined,
    initialAnswers(label) {
      const last = settings.lastAnswers(label);
      return Object.fromEntries(
        STEP_IDS.filter((id) => last[id] !== undefined || file.steps[id] !== undefined).map((id) => [id, { ...(last[id] as object), ...(file.steps[id] as object) }]),
      ) as RawAnswers;
    },
    async connect(request, interaction) {
      target = await connect({
        host: request.host,
        identity: request.identity ?? args.identity,
        knownHosts: args.knownHosts,
        acceptNewHostKey: args.acceptNewHostKey,
        fromFile: file.target,
        interaction,
      });
      return target.label;
    },
    async survey(answers) {
      const result = await sessionFor(answers).survey();
      return { outcomes: result.outcomes, runs: result.runs, checks: goLiveChecks(result.listeners) };
    },
    plan: (ids, answers) => sessionFor(answers, ids).plan(),
    async apply(planned, onEvent, signal) {
      const result = await sessionFor({}).apply(planned, { onEvent, signal });
      settings.remember(connected().label, Object.fromEntries(planned.map((p) => [p.step.id, p.answers])), result.runId);
      return result;
    },
    async rollback(runId) {
      const server = connected();
      const run = (await readManifests(server)).find((r) => r.runId === runId);
      if (!run) throw new GoliveError(`no run ${runId} is recorded on ${server.label}`);
      return rollbackRun(server, run, { force: false });
    },
    validate(stepId, answers) {
      STEPS.find((s) => s.id === stepId)?.parseAnswers(answers, stepId);
    },
    async saveAnswers(answers) {
      saveAnswers(configPath, answers);
      return configPath;
    },
    close: async () => target?.close(),
  };
}
