import { STEPS } from '../../steps/index.js';
import type { SshTarget } from '../target/ssh.js';
import type { Target } from '../target/target.js';
import { applyPlans, type ApplyHooks, type ApplyResult } from './apply.js';
import { gatherFacts } from './probe.js';
import type { AnyStep, Check, Fact, LoginCheck, StepContext, StepId, StepPlan } from './types.js';

/**
 * One run against one server: probe every chosen step in a single round trip, plan, apply. The
 * CLI and the wizard both drive this; neither touches a step or the server directly.
 */

export interface PlannedStep {
  readonly step: AnyStep;
  readonly answers: unknown;
  readonly plan: StepPlan;
}

export class Session {
  constructor(
    readonly target: Target,
    readonly steps: readonly AnyStep[],
    private readonly rawAnswers: Partial<Record<StepId, unknown>>,
  ) {}

  get context(): StepContext {
    const ssh = this.target.kind === 'ssh' ? (this.target as SshTarget) : undefined;
    const sessionUser = ssh ? ssh.loginUser : process.env.SUDO_USER || (process.env.SSH_CONNECTION ? this.target.loginUser : undefined);
    return { loginUser: this.target.loginUser, targetKind: this.target.kind, connectionPort: ssh?.endpoint.port, sessionUser };
  }

  /** Reads the facts of every step in one round trip, then plans each step. Pure after the probe. */
  async plan(): Promise<PlannedStep[]> {
    const context = this.context;
    const partial = this.steps.map((step) => step.parseAnswers(this.rawAnswers[step.id], step.id) as Record<string, unknown>);
    const facts = await this.probe(partial);
    return this.steps.map((step, index) => {
      const answers = step.resolveAnswers(partial[index] ?? {}, facts[index], context);
      return { step, answers, plan: step.plan(facts[index], answers, context) };
    });
  }

  async apply(planned: readonly PlannedStep[], hooks: Omit<ApplyHooks, 'verify' | 'confirmLogin'>): Promise<ApplyResult> {
    return applyPlans(
      this.target,
      planned.map((p) => p.plan),
      { ...hooks, verify: () => this.verify(planned), confirmLogin: (check) => this.confirmLogin(check) },
    );
  }

  /** The facts of each step (in `this.steps` order, given each step's answers), from one probe. */
  private async probe(answers: readonly unknown[], steps: readonly AnyStep[] = this.steps): Promise<unknown[]> {
    const context = this.context;
    const combined: Record<string, Fact<unknown>> = {};
    steps.forEach((step, index) => {
      for (const [name, fact] of Object.entries(step.facts((answers[index] ?? {}) as Record<string, unknown>, context))) {
        combined[`${step.id}.${name}`] = fact as Fact<unknown>;
      }
    });
    const gathered = await gatherFacts<Record<string, unknown>>(this.target, combined);
    return steps.map((step) =>
      Object.fromEntries(
        Object.entries(gathered)
          .filter(([key]) => key.startsWith(`${step.id}.`))
          .map(([key, value]) => [key.slice(step.id.length + 1), value]),
      ),
    );
  }

  /** After apply: the facts read again must plan nothing, and every step's checks must pass. */
  private async verify(planned: readonly PlannedStep[]): Promise<{ pending: string[]; checks: Check[] }> {
    const context = this.context;
    const facts = await this.probe(
      planned.map((p) => p.answers),
      planned.map((p) => p.step),
    );
    const pending: string[] = [];
    const checks: Check[] = [];
    planned.forEach(({ step, answers }, index) => {
      checks.push(...step.verify(facts[index], answers, context));
      const again = step.plan(facts[index], answers, context);
      pending.push(...again.changes.map((c) => (c.kind === 'file' ? `${step.id}: ${c.path}` : `${step.id}: ${c.argv.join(' ')}`)));
    });
    return { pending, checks };
  }

  private async confirmLogin(check: LoginCheck): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.target.kind === 'ssh') return (this.target as SshTarget).tryFreshLogin(check.user, check.port);
    // On the server itself there is no SSH session at stake and no key to log in with: ask sshd
    // whether that user, connecting on that port, would be let in with a key.
    const result = await this.target.exec(['sshd', '-T', '-C', `user=${check.user},host=localhost,addr=127.0.0.1,laddr=127.0.0.1,lport=${check.port}`], { privileged: true });
    const lines = result.stdout.split('\n');
    const ok = result.exitCode === 0 && lines.includes('pubkeyauthentication yes') && lines.some((l) => l === `allowusers ${check.user}`);
    return ok ? { ok: true } : { ok: false, reason: `sshd would not let ${check.user} in with a key: ${result.stderr.trim() || 'not allowed'}` };
  }
}

export function selectSteps(only: readonly StepId[] | undefined): AnyStep[] {
  return only ? STEPS.filter((s) => only.includes(s.id)) : [...STEPS];
}
