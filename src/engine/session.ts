import { STEPS } from '../../steps/index.js';
import type { SshTarget } from '../target/ssh.js';
import type { Target } from '../target/target.js';
import { applyPlans, type ApplyHooks, type ApplyResult } from './apply.js';
import { listenersFact, type Listener } from '../checks/listening.js';
import { DEFAULT_CONFIRM_SECONDS, type Environment } from '../environment.js';
import { GoliveError, NotConfiguredError } from '../errors.js';
import { type JournalListing, manifestsFact, type Manifest, type UnreadableRun } from './journal.js';
import { factError, gatherFacts } from './probe.js';
import { runner, withRunLock } from './run-lock.js';
import { allChanges, type AnyStep, type Check, type Fact, type LoginCheck, type LoginCheckResult, type StepContext, type StepId, type StepPlan } from './types.js';
import { judgeSudoCheck } from '../sshd/sudo-rights.js';

/**
 * One run against one server: probe every chosen step in a single round trip, plan, apply. The
 * CLI and the wizard both drive this; neither touches a step or the server directly.
 */

/** Run as the user who is to keep root, in the fresh login: can it become root without being asked? */
const SUDO_CHECK = ['sudo', '-n', 'true'];


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

/** Everything the checklist shows, from one round trip. */
export interface Survey {
  readonly outcomes: readonly StepOutcome[];
  readonly runs: readonly Manifest[];
  /** Run folders whose manifest is damaged: shown, never in the way. */
  readonly unreadableRuns: readonly UnreadableRun[];
  readonly listeners: readonly Listener[];
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

/** What a session takes from the environment the CLI read. */
export function sessionEnvironment(environment: Environment): SessionOptions {
  return { confirmSeconds: environment.confirmSeconds, sudoUser: environment.sudoUser, inSshSession: environment.inSshSession };
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
      rotate: this.options.rotate ?? [],
      stepsInRun: this.steps.map((s) => s.id),
    };
  }

  /** Plans every step; the first step that cannot be planned stops it with its reason. */
  async plan(raw: Partial<Record<StepId, unknown>> = this.rawAnswers): Promise<PlannedStep[]> {
    const { outcomes } = await this.survey(raw);
    return outcomes.map((outcome) => {
      if (!('error' in outcome)) return outcome;
      if (!(this.options.skipUnconfigured && outcome.error instanceof NotConfiguredError)) throw outcome.error;
      const { step, error } = outcome;
      const note = `left out: ${error.message}${error.hint ? ` (${error.hint})` : ''}`;
      return { step, answers: {}, plan: { stepId: step.id, title: step.title, changes: [], validations: [], reloads: [], notes: [note] } };
    });
  }

  /** Reads the facts of every step, the journal and the listening ports in one round trip, then plans each step. */
  async survey(raw: Partial<Record<StepId, unknown>> = this.rawAnswers): Promise<Survey> {
    const context = this.context;
    const parsed = this.steps.map((step) => {
      try {
        return step.parseAnswers(raw[step.id], step.id) as Record<string, unknown>;
      } catch (error) {
        return error as GoliveError;
      }
    });
    const answers = parsed.map((p) => (p instanceof Error ? {} : p));
    const { perStep, extra } = await this.probe(answers, this.steps, { runs: manifestsFact, listeners: listenersFact });
    const earlierPlans: StepPlan[] = [];
    const outcomes = this.steps.map((step, index): StepOutcome => {
      const partial = parsed[index];
      if (partial instanceof Error) return { step, error: partial };
      const unreadable = factError(perStep[index]);
      if (unreadable) return { step, error: unreadable };
      try {
        const stepContext = { ...context, earlierPlans: [...earlierPlans] };
        const resolved = step.resolveAnswers(partial ?? {}, perStep[index], stepContext);
        const plan = step.plan(perStep[index], resolved, stepContext);
        earlierPlans.push(plan);
        return { step, answers: resolved, plan, followsFrom: followsFrom(step, plan, perStep[index], resolved, stepContext) };
      } catch (error) {
        if (error instanceof GoliveError) return { step, error };
        throw error;
      }
    });
    const journal = extra.runs as JournalListing;
    return { outcomes, runs: journal.runs, unreadableRuns: journal.unreadable, listeners: extra.listeners as Listener[] };
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
          { confirmSeconds: this.options.confirmSeconds ?? DEFAULT_CONFIRM_SECONDS, ...hooks, verify: () => this.verify(planned), confirmLogin: (check) => this.confirmLogin(check) },
        ),
      note,
    );
  }

  /** The facts of each step (given each step's answers) and of `extra`, from one probe. */
  private async probe(
    answers: readonly unknown[],
    steps: readonly AnyStep[],
    extra: Record<string, Fact<unknown>> = {},
  ): Promise<{ perStep: unknown[]; extra: Record<string, unknown> }> {
    const context = this.context;
    const combined: Record<string, Fact<unknown>> = {};
    for (const [name, fact] of Object.entries(extra)) combined[`:${name}`] = fact;
    steps.forEach((step, index) => {
      for (const [name, fact] of Object.entries(step.facts((answers[index] ?? {}) as Record<string, unknown>, context))) {
        combined[`${step.id}.${name}`] = fact as Fact<unknown>;
      }
    });
    const gathered = await gatherFacts<Record<string, unknown>>(this.target, combined);
    const withPrefix = (prefix: string) =>
      Object.fromEntries(
        Object.entries(gathered)
          .filter(([key]) => key.startsWith(prefix))
          .map(([key, value]) => [key.slice(prefix.length), value]),
      );
    return { perStep: steps.map((step) => withPrefix(`${step.id}.`)), extra: withPrefix(':') };
  }

  /**
   * After apply: the facts read again must plan nothing, and every step's checks must pass. Each
   * step sees the plans before it as they were made: what this run set out to do (sshd's new port).
   */
  private async verify(planned: readonly PlannedStep[]): Promise<{ pending: string[]; checks: Check[] }> {
    const { perStep: facts } = await this.probe(
      planned.map((p) => p.answers),
      planned.map((p) => p.step),
    );
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

  /** The fresh login after a risky change, and sudo in it when the login's user is to keep root. */
  private async confirmLogin(check: LoginCheck): Promise<LoginCheckResult> {
    if (this.target.kind === 'ssh') {
      const login = await (this.target as SshTarget).tryFreshLogin(check.user, check.port, check.sudo ? SUDO_CHECK : undefined);
      if (!login.ok) return login;
      return check.sudo && login.output ? judgeSudoCheck(check.user, check.sudo, login.output) : { ok: true };
    }
    const login = await this.wouldLogIn(check);
    if (!login.ok || !check.sudo) return login;
    return judgeSudoCheck(check.user, check.sudo, await this.target.exec(['runuser', '-u', check.user, '--', ...SUDO_CHECK], { privileged: true }));
  }

  /**
   * On the server itself there is no SSH session at stake and no key to log in with: ask sshd
   * whether that user, connecting on that port, would be let in with a key. Its sudo is then
   * tried as that user with runuser (same sudoers, same PAM stack for sudo, no SSH).
   */
  private async wouldLogIn(check: LoginCheck): Promise<LoginCheckResult> {
    const result = await this.target.exec(['sshd', '-T', '-C', `user=${check.user},host=localhost,addr=127.0.0.1,laddr=127.0.0.1,lport=${check.port}`], { privileged: true });
    const lines = result.stdout.split('\n');
    const allowed = lines.filter((l) => l.startsWith('allowusers ')).map((l) => l.slice('allowusers '.length));
    const ok = result.exitCode === 0 && lines.includes('pubkeyauthentication yes') && (allowed.length === 0 || allowed.includes(check.user));
    return ok ? { ok: true } : { ok: false, reason: `sshd would not let ${check.user} in with a key: ${result.stderr.trim() || 'not allowed'}` };
  }
}

/** The earlier steps whose effects alone make this step's plan change anything; undefined when it would change things anyway. */
function followsFrom(step: AnyStep, plan: StepPlan, facts: unknown, answers: unknown, context: StepContext): readonly StepId[] | undefined {
  const causes = (context.earlierPlans ?? []).filter((p) => p.effects && Object.keys(p.effects).length > 0 && allChanges(p).length > 0);
  if (causes.length === 0 || allChanges(plan).length === 0) return undefined;
  const alone = step.plan(facts, answers, { ...context, earlierPlans: [] });
  return allChanges(alone).length === 0 ? causes.map((p) => p.stepId) : undefined;
}

/** The answers of planned steps as golive.yml would hold them: what local settings remember. */
export function answersToRemember(planned: readonly PlannedStep[]): Partial<Record<StepId, unknown>> {
  return Object.fromEntries(planned.map(({ step, answers }) => [step.id, step.savedAnswers ? step.savedAnswers(answers) : answers]));
}

export function selectSteps(only: readonly StepId[] | undefined): AnyStep[] {
  return only ? STEPS.filter((s) => only.includes(s.id)) : [...STEPS];
}
