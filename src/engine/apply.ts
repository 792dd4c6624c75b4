import type { Target } from '../target/target.js';
import { GoliveError } from '../errors.js';
import { Journal, type Manifest, newRunId } from './journal.js';
import { applyCommands, applyFileChanges, saveSnapshots } from './journaled-change.js';
import { type Act, actTogether } from './act.js';
import { runChecks } from './checks.js';
import { describeChange, describeLoginCheck } from './preview.js';
import { cancelUndoTimer, type RollbackReport, rollbackRun } from './rollback.js';
import { allChanges, type Change, type Check, type CommandChange, type FileChange, type LoginCheck, type LoginCheckResult, type Phase, type StepPlan } from './types.js';

/**
 * Applies plans as one transaction: journal first, then each change, then validation, reloads, a
 * fresh login where asked, and verification. Any failure — or an interrupt — rolls the whole run
 * back and says why.
 */

export type ApplyEvent =
  | { readonly type: 'run-started'; readonly runId: string }
  | { readonly type: 'action'; readonly label: string; readonly state: 'started' | 'done' | 'failed'; readonly detail?: string }
  | { readonly type: 'rolling-back'; readonly reason: string }
  /** Something golive noticed on the way (a run lock taken over from a run that is gone). */
  | { readonly type: 'note'; readonly text: string };

export interface ApplyHooks {
  readonly onEvent?: (event: ApplyEvent) => void;
  /** Set when the user interrupts: the current atomic action finishes, then the run is undone. */
  readonly signal?: AbortSignal;
  /** Proves a new login works after the reloads. */
  readonly confirmLogin: (check: LoginCheck) => Promise<LoginCheckResult>;
  /** Reads the server again and checks every step: an empty plan and passing checks. */
  readonly verify: () => Promise<{ readonly pending: readonly string[]; readonly checks: readonly Check[] }>;
  /** Test hook: stop dead at a point of the run, to prove a killed run can be undone. */
  readonly pause?: { readonly at: PausePoint; readonly forever: () => Promise<never> };
  /** How long the server waits for golive to confirm a risky run before undoing it by itself. */
  readonly confirmSeconds: number;
}

export interface ApplyResult {
  readonly runId: string;
  readonly status: 'applied' | 'failed';
  readonly reason?: string;
  readonly checks: readonly Check[];
  readonly rollback?: RollbackReport;
}

class Interrupted extends GoliveError {}

export type PausePoint = 'after-first-change' | 'before-login-check';

export async function applyPlans(target: Target, plans: readonly StepPlan[], hooks: ApplyHooks): Promise<ApplyResult> {
  const emit = hooks.onEvent ?? (() => {});
  const active = plans.filter((p) => allChanges(p).length > 0);
  const journal = await Journal.open(target, newManifest(target, active));
  const manifest = journal.manifest;
  emit({ type: 'run-started', runId: manifest.runId });
  const run: Run = { target, journal, hooks, act: actWithEvents(emit, hooks.signal) };
  let checks: readonly Check[] = [];
  try {
    await applyChanges(run, active);
    checks = await verifyRun(run);
    if (manifest.undoTimer) await run.act('confirm the run and cancel the undo timer', () => confirmRun(target, journal, manifest.undoTimer!));
    manifest.status = 'applied';
    manifest.finishedAt = new Date().toISOString();
    await journal.save();
    return { runId: manifest.runId, status: 'applied', checks };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    emit({ type: 'rolling-back', reason });
    return undoFailedRun(run, reason, checks);
  }
}

/** What every part of one run works with. */
interface Run {
  readonly target: Target;
  readonly journal: Journal;
  readonly hooks: ApplyHooks;
  readonly act: Act;
}

/** Runs one action between events; `noteOf` may say something about its result beside it. */
function actWithEvents(emit: (event: ApplyEvent) => void, signal: AbortSignal | undefined): Act {
  return async (label, action, noteOf) => {
    if (signal?.aborted) throw new Interrupted('interrupted by the user');
    emit({ type: 'action', label, state: 'started' });
    try {
      const result = await action();
      emit({ type: 'action', label, state: 'done', detail: noteOf?.(result) });
      return result;
    } catch (error) {
      emit({ type: 'action', label, state: 'failed', detail: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
}

const isGroundwork = (change: Change) => change.groundwork === true;

/** Groundwork, snapshots, the undo timer, every change with its checks and reloads, and the fresh logins. */
async function applyChanges({ target, journal, hooks, act }: Run, active: readonly StepPlan[]): Promise<void> {
  const logins = loginChecks(active);
  // Groundwork first: a slow package install must not run out the undo timer's clock.
  await applyInOrder(target, journal, act, active.flatMap((p) => p.changes.filter(isGroundwork)), '');
  const snapshots = active.flatMap((p) => p.snapshots ?? []);
  await actTogether(act, snapshots.map((s) => `save the current ${s.name}: ${s.save.join(' ')}`), () => saveSnapshots(target, journal, snapshots));
  if (logins.length > 0) {
    await act(`arm an undo timer on the server (${hooks.confirmSeconds} s)`, () => armUndoTimer(target, journal, hooks.confirmSeconds));
  }
  const firstPhase = mergePhases(active.map((p) => ({ ...p, changes: p.changes.filter((c) => !isGroundwork(c)) })));
  const pauseAfterFirstChange = hooks.pause?.at === 'after-first-change' ? hooks.pause.forever : undefined;
  await applyPhase(target, journal, act, firstPhase, '', pauseAfterFirstChange);
  if (hooks.pause?.at === 'before-login-check') await hooks.pause.forever();
  await checkLogins(act, hooks, logins, '');
  // What had to wait for a working login (the old SSH port closing), then the logins once more on the final state.
  const afterLogin = mergePhases(active.flatMap((p) => (p.afterLogin ? [p.afterLogin] : [])));
  if (afterLogin.changes.length > 0) {
    await applyPhase(target, journal, act, afterLogin, 'once the login works: ');
    await checkLogins(act, hooks, logins, ' again, on the final configuration');
  }
}

/** The server read again: nothing left to plan, every check passing (advisories aside). */
async function verifyRun({ hooks, act }: Run): Promise<readonly Check[]> {
  const verification = await act('verify on the server', async () => {
    const result = await hooks.verify();
    const failed = result.checks.filter((c) => !c.ok && !c.advisory);
    if (result.pending.length > 0 || failed.length > 0) {
      const reasons = [...failed.map((c) => `${c.name}: ${c.detail}`), ...result.pending.map((p) => `still pending: ${p}`)];
      throw new GoliveError(`verification failed: ${reasons.join('; ')}`);
    }
    return result;
  });
  return verification.checks;
}

async function undoFailedRun({ target, journal }: Run, reason: string, checks: readonly Check[]): Promise<ApplyResult> {
  const manifest = journal.manifest;
  manifest.message = reason;
  let rollback: RollbackReport;
  try {
    rollback = await rollbackRun(target, manifest, { force: false });
  } catch (undoError) {
    const why = undoError instanceof Error ? undoError.message : String(undoError);
    throw new GoliveError(`the run failed: ${reason}; and undoing it failed too: ${why}`, `see golive history; golive rollback ${manifest.runId} tries again${manifest.undoTimer ? ", and the server's undo timer will undo it by itself" : ''}`);
  }
  manifest.status = rollback.complete ? 'failed' : 'rollback-incomplete';
  await journal.save();
  return { runId: manifest.runId, status: 'failed', reason, checks, rollback };
}

function newManifest(target: Target, active: readonly StepPlan[]): Manifest {
  // What rollback runs after restoring the files: a step's own undo commands, else its
  // validations and reloads (a step with undo commands puts its services back itself).
  const restoredByReload = active.filter((p) => !p.undo);
  const phases = restoredByReload.flatMap((p) => [p, ...(p.afterLogin ? [p.afterLogin] : [])]);
  return {
    version: 1,
    runId: newRunId(),
    startedAt: new Date().toISOString(),
    target: target.label,
    loginUser: target.loginUser,
    steps: active.map((p) => p.stepId),
    status: 'applying',
    files: [],
    commands: [],
    validations: distinct(phases.flatMap((p) => p.validations.map((v) => v.argv))),
    reloads: distinct(phases.flatMap((p) => p.reloads)),
    undo: active.flatMap((p) => p.undo ?? []),
    snapshots: [],
  };
}

/** The phases of every step as one: all changes, then all validations, then all reloads. */
function mergePhases(phases: readonly Phase[]): MergedPhase {
  return {
    changes: phases.flatMap((p) => p.changes),
    validations: phases.flatMap((p) => p.validations),
    reloads: distinct(phases.flatMap((p) => p.reloads)),
    stepOfCheck: phases.flatMap((p, step) => p.validations.map(() => step)),
  };
}

/** Every step's phase as one; `stepOfCheck` numbers the step each validation came from. */
interface MergedPhase extends Phase {
  readonly stepOfCheck: readonly number[];
}

function distinct<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Each step's fresh login, once: a login that also tries sudo stands for the same login without it. */
function loginChecks(active: readonly StepPlan[]): LoginCheck[] {
  const checks = distinct(active.flatMap((p) => (p.loginCheck ? [p.loginCheck] : [])));
  return checks.filter((check) => check.sudo || !checks.some((other) => other.sudo && other.user === check.user && other.port === check.port));
}

async function applyPhase(target: Target, journal: Journal, act: Act, phase: MergedPhase, prefix: string, afterFirstChange?: () => Promise<never>): Promise<void> {
  await applyInOrder(target, journal, act, phase.changes, prefix, afterFirstChange);
  await runChecks(target, act, phase.validations, prefix, phase.stepOfCheck);
  for (const reload of phase.reloads) {
    await act(`${prefix}reload: ${reload.join(' ')}`, () => target.execChecked(reload, { privileged: true }));
  }
}

/**
 * The changes in their order, files next to each other written together (applyFileChanges) and
 * commands likewise run together (applyCommands), each still reported as an action of its own.
 * `afterFirst` runs once the first batch is done.
 */
async function applyInOrder(target: Target, journal: Journal, act: Act, changes: readonly Change[], prefix: string, afterFirst?: () => Promise<never>): Promise<void> {
  for (const batch of batches(changes)) {
    await actTogether(
      act,
      batch.map((change) => `${prefix}${describeChange(change)}`),
      () => applyBatch(target, journal, batch),
      ({ done, error }, n) => {
        if (n >= done) throw error ?? new GoliveError(`${describeChange(batch[n]!)}: not done`);
      },
    );
    if (batch.includes(changes[0]!)) await afterFirst?.();
  }
}

/** How many changes of a batch were made, and why the next was not. */
interface BatchOutcome {
  readonly done: number;
  readonly error?: Error;
}

async function applyBatch(target: Target, journal: Journal, batch: readonly Change[]): Promise<BatchOutcome> {
  if (batch[0]!.kind === 'command') {
    const { ran, failure } = await applyCommands(target, journal, batch as CommandChange[]);
    return { done: ran, error: failure };
  }
  const { written, error } = await applyFileChanges(target, journal, batch as FileChange[]);
  return { done: written, error: error === undefined ? undefined : new GoliveError(`writing ${(batch[written] as FileChange).path} failed: ${error}`) };
}

/** Runs of file changes (a path once in each), runs of commands, and each command with stdin alone. */
function batches(changes: readonly Change[]): Change[][] {
  const runs: Change[][] = [];
  for (const change of changes) {
    const last = runs[runs.length - 1];
    const first = last?.[0];
    const joins =
      change.kind === 'file'
        ? first?.kind === 'file' && !last!.some((c) => c.kind === 'file' && c.path === change.path)
        : first?.kind === 'command' && first.stdin === undefined && change.stdin === undefined;
    if (joins) last!.push(change);
    else runs.push([change]);
  }
  return runs;
}

async function checkLogins(act: Act, hooks: ApplyHooks, checks: readonly LoginCheck[], suffix: string): Promise<void> {
  for (const check of checks) {
    await act(
      `${describeLoginCheck(check)}${suffix}`,
      async () => {
        const login = await hooks.confirmLogin(check);
        if (!login.ok) throw new GoliveError(`a new login as ${check.user} on port ${check.port} failed after the change${suffix}: ${login.reason}`);
        return login;
      },
      (login) => login.note,
    );
  }
}

/**
 * Writes "confirmed" under the run's decision lock — unless the undo timer got there first and is
 * undoing the run — then stops the timer. A timer that fires after this does nothing.
 */
async function confirmRun(target: Target, journal: Journal, unit: string): Promise<void> {
  const result = await target.exec(['sh', '-c', CONFIRM, 'sh', journal.dir], { privileged: true });
  if (result.exitCode !== 0) {
    throw new GoliveError(`the server's undo timer began undoing the run before golive could confirm it (${result.stdout.trim() || result.stderr.trim()})`, 'the run is being undone on the server; see golive history');
  }
  await cancelUndoTimer(target, unit, true);
}

const CONFIRM = `exec 7>>"$1/decision.lock" && flock 7 || exit 2
( set -C; echo confirmed >"$1/decision" ) 2>/dev/null && exit 0
[ "$(cat "$1/decision")" = confirmed ] && exit 0
cat "$1/decision"; exit 3`;

/** The dead man's switch: unless golive cancels it, the server runs the run's undo script by itself. */
async function armUndoTimer(target: Target, journal: Journal, seconds: number): Promise<void> {
  const unit = `golive-undo-${journal.manifest.runId}`;
  journal.manifest.undoTimer = unit;
  await journal.save();
  await target.execChecked(
    ['systemd-run', `--unit=${unit}`, `--on-active=${seconds}`, '--timer-property=AccuracySec=1s', '--description=golive: undo an unconfirmed run', '/bin/sh', `${journal.dir}/undo.sh`],
    { privileged: true },
  );
}
