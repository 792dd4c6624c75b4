import type { SshTarget } from '../target/ssh.js';
import type { Target } from '../target/target.js';
import { applyPlans, type ApplyHooks, type ApplyResult } from './apply.js';
import { DEFAULT_CONFIRM_SECONDS } from '../environment.js';
import { GoliveError, NotConfiguredError } from '../errors.js';
import { type JournalListing, manifestsFact, type Manifest, type UnreadableRun } from './journal.js';
import { confirmLogin } from './login-check.js';
import { factError, type FactSet, gatherFactGroups } from './probe.js';
import { runner, withRunLock } from './run-lock.js';
import { completeFindings, unknownFindings } from './audit-findings.js';
import { allChanges, type AnyAuditCheck, type AnyStep, type AuditFinding, type AuditInputs, type Check, type Fact, type StepContext, type StepId, type StepPlan } from './types.js';

/**
 * One run against one server: probe every chosen step in a single round trip, plan, apply. The
 * CLI and the wizard both drive this; neither touches a step or the server directly.
 */

export interface PlannedStep {
  readonly step: AnyStep;
  readonly answers: unknown;
  readonly plan: StepPlan;
  /**
   * Set when the plan changes something only because of earlier steps of this run (fail2ban
   * watching the port the ssh step moves sshd to): those steps. Planned alone, it would be empty.
   */
  readonly followsFrom?: readonly StepId[];
}

/** A step that could be planned, or why not (bad answers, a lockout the guard foresaw). */
export type StepOutcome = PlannedStep | { readonly step: AnyStep; readonly error: GoliveError };

/** Everything the checklist shows, from one round trip: each step's plan, the journal, and the facts asked for beside them. */
export interface Survey<Extra> {
  readonly outcomes: readonly StepOutcome[];
  /** The audit items judged on the way (see AuditRequest). */
  readonly findings: readonly AuditFinding[];
  readonly runs: readonly Manifest[];
  /** Run folders whose manifest is damaged: shown, never in the way. */
  readonly unreadableRuns: readonly UnreadableRun[];
  readonly extra: Extra;
}

/** The audit's own checks to read beside the steps, and where they look. */
export interface AuditRequest {
  readonly checks: readonly AnyAuditCheck[];
  readonly inputs: AuditInputs;
}

const NO_AUDIT: AuditRequest = { checks: [], inputs: { envFile: undefined, composeFile: undefined } };

/** One probe's results, by who asked. */
interface Reading {
  readonly parsed: readonly (Record<string, unknown> | GoliveError)[];
  readonly perStep: readonly unknown[];
  readonly perCheck: readonly Record<string, unknown>[];
  readonly rest: Record<string, unknown>;
}

/** What the audit found, and the runs golive recorded (for the report). */
export interface AuditReading {
  readonly findings: readonly AuditFinding[];
  readonly runs: readonly Manifest[];
}

export interface SessionOptions {
  /** When no step was named (no --only): a step that needs answers nobody gave is left out, with a note. */
  readonly skipUnconfigured?: boolean;
  /** `--rotate`: secrets to replace even when strong. */
  readonly rotate?: readonly string[];
  /** How long the server waits for golive to confirm a risky run before undoing it by itself. */
  readonly confirmSeconds?: number;
  /** On the server itself: the user who ran golive through sudo. */
  readonly sudoUser?: string;
  /** On the server itself: golive runs in an SSH session. */
  readonly inSshSession?: boolean;
}

export class Session {
  constructor(
    readonly target: Target,
    readonly steps: readonly AnyStep[],
    private readonly rawAnswers: Partial<Record<StepId, unknown>>,
    private readonly options: SessionOptions = {},
  ) {}

  get context(): StepContext {
    const ssh = this.target.kind === 'ssh' ? (this.target as SshTarget) : undefined;
    const sessionUser = ssh ? ssh.loginUser : this.options.sudoUser || (this.options.inSshSession ? this.target.loginUser : undefined);
    return {
      loginUser: this.target.loginUser,
      targetKind: this.target.kind,
      connectionPort: ssh?.endpoint.port,
      sessionUser,
      adminAddress: this.target.clientAddress,
      rotate: this.options.rotate ?? [],
      stepsInRun: this.steps.map((s) => s.id),
    };
  }

  /** Plans every step; the first step that cannot be planned stops it with its reason. */
  async plan(): Promise<PlannedStep[]> {
    const { outcomes } = await this.survey({});
    return outcomes.map((outcome) => {
      if (!('error' in outcome)) return outcome;
      if (!(this.options.skipUnconfigured && outcome.error instanceof NotConfiguredError)) throw outcome.error;
      const { step, error } = outcome;
      const note = `left out: ${error.message}${error.hint ? ` (${error.hint})` : ''}`;
      return { step, answers: {}, plan: { stepId: step.id, title: step.title, changes: [], validations: [], reloads: [], notes: [note] } };
    });
  }

  /**
   * Reads the facts of every step, the journal, `extra` and the audit's checks in one round trip,
   * then plans each step in order and judges the audit items (none unless checks or steps judge any).
   */
  async survey<Extra extends Record<string, unknown>>(extra: { readonly [K in keyof Extra]: Fact<Extra[K]> }, audit: AuditRequest = NO_AUDIT): Promise<Survey<Extra>> {
    const reading = await this.read(audit, extra as FactSet);
    const earlierPlans: StepPlan[] = [];
    const outcomes = this.steps.map((step, index): StepOutcome => {
      const outcome = this.planStep(step, reading.parsed[index]!, reading.perStep[index], earlierPlans);
      if ('plan' in outcome) earlierPlans.push(outcome.plan);
      return outcome;
    });
    const { runs, ...rest } = reading.rest as { runs: JournalListing };
    return { outcomes, runs: runs.runs, unreadableRuns: runs.unreadable, extra: rest as unknown as Extra, findings: this.judge(reading, audit) };
  }

  /**
   * The go-live audit, read-only: the facts of every step that judges audit items (with the answers
   * given so far) and every check's, in one round trip, each judged purely; nothing is planned. A
   * step or check whose facts cannot be read reports its items as unknown, with why.
   */
  async audit(checks: readonly AnyAuditCheck[], inputs: AuditInputs): Promise<AuditReading> {
    const request = { checks, inputs };
    const reading = await this.read(request, {}, (step) => step.audit !== undefined);
    const { runs } = reading.rest as { runs: JournalListing };
    return { findings: this.judge(reading, request), runs: runs.runs };
  }

  /** Only the audit's own checks (no step's facts): what the wizard reads once its checklist is shown. */
  async auditChecks(checks: readonly AnyAuditCheck[], inputs: AuditInputs): Promise<AuditFinding[]> {
    const request = { checks, inputs };
    return this.judgeChecks(await this.read(request, {}, () => false), request);
  }

  /**
   * One probe: each step's facts (given its answers so far), each audit check's, and `extra` with the
   * journal. `reads` picks the steps whose facts are needed: by default every one this run plans (an
   * opt-in step left out plans nothing).
   */
  private async read({ checks, inputs }: AuditRequest, extra: FactSet, reads?: (step: AnyStep) => boolean): Promise<Reading> {
    const parsed = this.steps.map((step) => parseStepAnswers(step, this.rawAnswers[step.id]));
    const context = this.context;
    const planned = (step: AnyStep) => optInLeftOut(step, this.rawAnswers[step.id], this.options.skipUnconfigured === true) === undefined || step.audit !== undefined;
    const gathered = await gatherFactGroups(this.target, [
      ...this.steps.map((step, index) => ((reads ?? planned)(step) ? (step.facts(answersOrNone(parsed[index]!), context) as FactSet) : {})),
      ...checks.map((check) => check.facts(inputs) as FactSet),
      { ...extra, runs: manifestsFact },
    ]);
    const steps = this.steps.length;
    return { parsed, perStep: gathered.slice(0, steps), perCheck: gathered.slice(steps, steps + checks.length), rest: gathered[gathered.length - 1]! };
  }

  /** The audit items of the steps that judge any, then those of the checks. */
  private judge(reading: Reading, request: AuditRequest): AuditFinding[] {
    return [...this.judgeSteps(reading), ...this.judgeChecks(reading, request)];
  }

  private judgeSteps(reading: Reading): AuditFinding[] {
    const context = this.context;
    return this.steps.flatMap((step, index) => {
      if (!step.audit || !step.auditItems) return [];
      const answers = reading.parsed[index]!;
      const unreadable = answers instanceof Error ? answers : factError(reading.perStep[index]);
      return unreadable ? unknownFindings(step.auditItems, unreadable) : completeFindings(step.auditItems, step.audit(reading.perStep[index], answers, context));
    });
  }

  private judgeChecks(reading: Reading, { checks, inputs }: AuditRequest): AuditFinding[] {
    return checks.flatMap((check, index) => {
      const facts = reading.perCheck[index]!;
      const unreadable = factError(facts);
      return unreadable ? unknownFindings(check.items, unreadable) : completeFindings(check.items, check.judge(facts, inputs));
    });
  }

  private planStep(step: AnyStep, answers: Record<string, unknown> | GoliveError, facts: unknown, earlierPlans: readonly StepPlan[]): StepOutcome {
    if (answers instanceof Error) return { step, error: answers };
    const notAskedFor = optInLeftOut(step, this.rawAnswers[step.id], this.options.skipUnconfigured === true);
    if (notAskedFor) return { step, error: notAskedFor };
    const unreadable = factError(facts);
    if (unreadable) return { step, error: unreadable };
    try {
      const context = { ...this.context, earlierPlans: [...earlierPlans] };
      const resolved = step.resolveAnswers(answers, facts, context);
      const plan = step.plan(facts, resolved, context);
      return { step, answers: resolved, plan, followsFrom: followsFrom(step, plan, facts, resolved, context) };
    } catch (error) {
      if (error instanceof GoliveError) return { step, error };
      throw error;
    }
  }

  /** Applies under the run lock: a second golive on this server is refused at once. */
  async apply(planned: readonly PlannedStep[], hooks: Omit<ApplyHooks, 'verify' | 'confirmLogin' | 'confirmSeconds'>): Promise<ApplyResult> {
    const note = (text: string) => hooks.onEvent?.({ type: 'note', text });
    return withRunLock(
      this.target,
      `apply of ${planned.map((p) => p.step.id).join(',')} by ${runner()}`,
      () =>
        applyPlans(
          this.target,
          planned.map((p) => p.plan),
          { confirmSeconds: this.options.confirmSeconds ?? DEFAULT_CONFIRM_SECONDS, ...hooks, verify: () => this.verify(planned), confirmLogin: (check) => confirmLogin(this.target, check) },
        ),
      note,
    );
  }

  /** The facts of the planned steps, read again after apply (with their resolved answers), in one probe. */
  private async reread(planned: readonly PlannedStep[]): Promise<Record<string, unknown>[]> {
    const context = this.context;
    return gatherFactGroups(this.target, planned.map(({ step, answers }) => step.facts(answers as Record<string, unknown>, context) as FactSet));
  }

  /**
   * After apply: the facts read again must plan nothing, and every step's checks must pass. Each
   * step sees the plans before it as they were made: what this run set out to do (sshd's new port).
   */
  private async verify(planned: readonly PlannedStep[]): Promise<{ pending: string[]; checks: Check[] }> {
    const facts = await this.reread(planned);
    const pending: string[] = [];
    const checks: Check[] = [];
    planned.forEach(({ step, answers }, index) => {
      const unreadable = factError(facts[index]);
      if (unreadable) throw unreadable;
      const context = { ...this.context, earlierPlans: planned.slice(0, index).map((p) => p.plan) };
      checks.push(...step.verify(facts[index], answers, context));
      const again = step.plan(facts[index], answers, context);
      pending.push(...allChanges(again).map((c) => (c.kind === 'file' ? `${step.id}: ${c.path}` : `${step.id}: ${c.argv.join(' ')}`)));
    });
    return { pending, checks };
  }
}

const answersOrNone = (parsed: Record<string, unknown> | GoliveError) => (parsed instanceof Error ? {} : parsed);

function parseStepAnswers(step: AnyStep, raw: unknown): Record<string, unknown> | GoliveError {
  try {
    return step.parseAnswers(raw, step.id) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof GoliveError) return error;
    throw error;
  }
}

/** The earlier steps whose effects alone make this step's plan change anything; undefined when it would change things anyway. */
export function followsFrom(step: AnyStep, plan: StepPlan, facts: unknown, answers: unknown, context: StepContext): readonly StepId[] | undefined {
  const causes = (context.earlierPlans ?? []).filter((p) => p.effects && Object.keys(p.effects).length > 0 && allChanges(p).length > 0);
  if (causes.length === 0 || allChanges(plan).length === 0) return undefined;
  try {
    const alone = step.plan(facts, answers, { ...context, earlierPlans: [] });
    return allChanges(alone).length === 0 ? causes.map((p) => p.stepId) : undefined;
  } catch {
    // Planned alone the step would refuse (a firewall with no SSH port open, say): it changes things for its own reasons.
    return undefined;
  }
}

/** The answers of planned steps as golive.yml would hold them: what local settings remember. */
export function answersToRemember(planned: readonly PlannedStep[]): Partial<Record<StepId, unknown>> {
  return Object.fromEntries(planned.map(({ step, answers }) => [step.id, step.savedAnswers ? step.savedAnswers(answers) : answers]));
}

/** Why an opt-in step is left out of a run of every step: golive.yml has no section for it. */
export function optInLeftOut(step: AnyStep, rawAnswers: unknown, everyStep: boolean): NotConfiguredError | undefined {
  if (!step.optIn || !everyStep || rawAnswers !== undefined) return undefined;
  return new NotConfiguredError(`${step.id} is opt-in: ${step.optIn}`, `add a ${step.id}: section to golive.yml (\`${step.id}: {}\` takes the defaults), or run --only ${step.id}`);
}
