import { existsSync } from 'node:fs';
import type { Session } from '../engine/session.js';
import type { AnyStep, AuditFinding, AuditInputs, StepId } from '../engine/types.js';
import type { Environment } from '../environment.js';
import { GoliveError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import type { AnswersFile } from '../session/answers-file.js';
import { answersFilePath, type SessionRequest } from '../session/request.js';
import type { Settings } from '../session/settings.js';
import type { BaseTarget } from '../target/base-target.js';
import type { CheckedHost } from '../fleet/run.js';
import { targetOf } from '../fleet/target-label.js';
import { type ConnectRequest, type FleetResult, type FleetUpdate, type RawAnswers, TargetNeeded, type WizardDriver } from './driver.js';
import type { WizardRequest } from './run-wizard.js';

/**
 * The wizard's driver over the session layer: one connection, one Session per question asked of
 * the server. SSH, YAML and the local settings load when first needed, so the first frame waits
 * for none of them.
 */
export function sessionDriver(request: WizardRequest, environment: Environment, registry: readonly AnyStep[], inventory?: readonly CheckedHost[]): WizardDriver {
  const link = new SessionLink(request, environment, registry, inventory);
  const configPath = answersFilePath(request);
  let stepFindings: readonly AuditFinding[] = [];
  return {
    steps: registry.map((step) => ({ id: step.id, title: step.title, questions: step.questions })),
    preset: inventory
      ? undefined
      : request.host
        ? { host: request.host, identity: request.identity, source: 'flags' }
        : existsSync(configPath)
          ? { host: undefined, identity: request.identity, source: 'config' }
          : undefined,
    hosts: inventory?.map((host) => ({ name: host.name, target: targetOf(host.answers) })),
    initialAnswers: (label) => link.initialAnswers(label),
    connect: (connectRequest, interaction) => link.connect(connectRequest, interaction),
    disconnect: () => link.disconnect(),
    fleet: (command, onHost) => runFleetFor(request, environment, registry, inventory ?? [], command, onHost),
    async survey(answers) {
      // The steps judge their audit items from the facts their plans read: kept for audit().
      const result = await (await link.session(answers)).survey({}, { checks: [], inputs: await link.auditInputs(answers) });
      stepFindings = result.findings;
      return { outcomes: result.outcomes, runs: result.runs };
    },
    async audit(answers) {
      const [{ AUDIT_CHECKS }, { inChecklistOrder }] = await Promise.all([import('../audit/checks.js'), import('../audit/order.js')]);
      const checks = await (await link.session(answers)).auditChecks(AUDIT_CHECKS, await link.auditInputs(answers));
      return inChecklistOrder([...stepFindings, ...checks]);
    },
    plan: async (ids, answers) => (await link.session(answers, ids)).plan(),
    async apply(planned, onEvent, signal) {
      const result = await (await link.session({})).apply(planned, { onEvent, signal });
      const { answersToRemember } = await import('../engine/session.js');
      (await link.settings()).remember(link.target.label, answersToRemember(planned), result.runId);
      return result;
    },
    async rollback(runId) {
      const { rollbackRecorded } = await import('../engine/rollback.js');
      return rollbackRecorded(link.target, runId, { force: false });
    },
    async backupNow(answers) {
      const { backUpNow } = await import('../backup/restore-test.js');
      return backUpNow(await link.session(answers, ['backup']));
    },
    async testRestore(answers, privateKeyFile, interaction) {
      const { backUpAndTestRestore } = await import('../backup/restore-test.js');
      return backUpAndTestRestore(await link.session(answers, ['backup']), privateKeyFile, interaction);
    },
    validate(stepId, answers) {
      registry.find((s) => s.id === stepId)?.parseAnswers(answers, stepId);
    },
    async saveAnswers(answers) {
      if (inventory) throw new GoliveError("an inventory host's answers are golive.yml's, its groups' and its own in the inventory", `edit ${request.inventory} (or golive.yml, for every host)`);
      (await import('../session/save-answers.js')).saveAnswers(configPath, answers, registry);
      return configPath;
    },
    close: async () => link.close(),
  };
}

/** The connection, answers file and local settings the driver's calls share, each made once. */
class SessionLink {
  #target: BaseTarget | undefined;
  #file: AnswersFile | undefined;
  #settings: Settings | undefined;
  /** Aborted when the wizard ends: a connection still being made is dropped, not left open. */
  readonly #ending = new AbortController();

  constructor(
    private readonly request: SessionRequest,
    private readonly environment: Environment,
    private readonly registry: readonly AnyStep[],
    private readonly inventory: readonly CheckedHost[] | undefined,
  ) {}

  get target(): BaseTarget {
    if (!this.#target) throw new GoliveError('not connected');
    return this.#target;
  }

  async answersFile(): Promise<AnswersFile> {
    return (this.#file ??= (await import('../session/answers.js')).loadAnswers(this.request, this.registry));
  }

  async settings(): Promise<Settings> {
    return (this.#settings ??= new (await import('../session/settings.js')).Settings(this.environment.settingsDir));
  }

  /** Where the audit looks (the .env, the compose file), from these answers and golive.yml's audit section. */
  async auditInputs(answers: RawAnswers): Promise<AuditInputs> {
    const { auditInputs } = await import('../session/audit-inputs.js');
    return auditInputs(answers, (await this.answersFile()).audit);
  }

  /** Answers from golive.yml over the last answers for this host. */
  async initialAnswers(label: string): Promise<RawAnswers> {
    const [last, fromFile] = [(await this.settings()).lastAnswers(label), (await this.answersFile()).steps];
    return Object.fromEntries(
      this.registry.filter(({ id }) => last[id] !== undefined || fromFile[id] !== undefined).map(({ id }) => [id, { ...(last[id] as object), ...(fromFile[id] as object) }]),
    ) as RawAnswers;
  }

  async connect(request: ConnectRequest, interaction: Interaction): Promise<string> {
    if (request.source === 'inventory') {
      const host = this.inventory?.find((h) => h.name === request.host);
      if (!host) throw new GoliveError(`no host ${request.host ?? ''} in the inventory`);
      this.#file = host.answers;
      const { connect, connectOptions } = await import('../session/connect.js');
      this.#target = await connect({ ...connectOptions({ ...this.request, host: undefined }, host.answers.target, interaction, this.environment), signal: this.#ending.signal });
      return this.#target.label;
    }
    const fromFile = (await this.answersFile()).target;
    if (request.source === 'config' && !fromFile.host) throw new TargetNeeded();
    const { connect, connectOptions } = await import('../session/connect.js');
    const flags = { ...this.request, host: request.host, identity: request.identity ?? this.request.identity };
    this.#target = await connect({ ...connectOptions(flags, request.source === 'form' ? {} : fromFile, interaction, this.environment), signal: this.#ending.signal });
    return this.#target.label;
  }

  /** A session over the chosen steps (all without `ids`) with these answers. */
  async session(answers: RawAnswers, ids?: readonly StepId[]): Promise<Session> {
    const { chooseSteps, sessionOptions } = await import('../session/open.js');
    const { Session } = await import('../engine/session.js');
    return new Session(this.target, chooseSteps(this.registry, ids), answers, sessionOptions({ only: ids, rotate: [] }, this.environment));
  }

  async disconnect(): Promise<void> {
    const target = this.#target;
    this.#target = undefined;
    await target?.close();
  }

  close = async (): Promise<void> => {
    this.#ending.abort();
    await this.#target?.close();
  };
}

/** The wizard's "every host": plan or apply on each host of the inventory at once, told host by host. */
async function runFleetFor(request: WizardRequest, environment: Environment, registry: readonly AnyStep[], inventory: readonly CheckedHost[], command: 'plan' | 'apply', onHost: (update: FleetUpdate) => void): Promise<readonly FleetResult[]> {
  const [{ runHosts }, { planHost, applyHost }] = await Promise.all([import('../fleet/run.js'), import('../fleet/operations.js')]);
  const options = { request, parallel: request.parallel, canary: command === 'apply' && request.canary };
  const runs = await runHosts(inventory, options, environment, registry, command === 'plan' ? planHost : applyHost(environment.settingsDir), {
    started: (host) => onHost({ host, state: 'running', line: 'connecting' }),
    line: (host, text) => onHost({ host, state: 'running', line: text.trim() }),
    ended: (run) => onHost({ host: run.host, state: run.exitCode === 1 ? 'failed' : 'succeeded', line: run.summary.result ?? '' }),
  });
  return runs.map((r) => ({ host: r.host, target: r.target, exitCode: r.exitCode, result: r.summary.result ?? (r.exitCode === 1 ? 'failed' : 'done'), steps: r.summary.steps ?? [], runId: r.summary.runId, seconds: r.ms / 1000 }));
}

