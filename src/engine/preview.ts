import { unifiedDiff } from './diff.js';
import { allChanges, type Change, type LoginCheck, type Phase, type StepPlan } from './types.js';

/** The exact text an admin reviews before anything changes. Secrets are shown masked. */

export function describeMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

export function fileDiff(change: Extract<Change, { kind: 'file' }>): string {
  const before = change.display?.before ?? change.before?.content ?? '';
  const after = change.display?.after ?? change.after.content;
  const oldName = change.before ? change.path : '/dev/null';
  const diff = unifiedDiff(before, after, oldName, change.path);
  const metadata: string[] = [];
  const { after: a, before: b } = change;
  if (!b) metadata.push(`new file, mode ${describeMode(a.mode)}, owner ${a.owner}:${a.group}`);
  else {
    if (b.mode !== a.mode) metadata.push(`mode ${describeMode(b.mode)} -> ${describeMode(a.mode)}`);
    if (b.owner !== a.owner || b.group !== a.group) metadata.push(`owner ${b.owner}:${b.group} -> ${a.owner}:${a.group}`);
  }
  return [...metadata.map((m) => `  ${m}`), diff].filter(Boolean).join('\n');
}

export function describeChange(change: Change): string {
  return change.kind === 'file' ? `write ${change.path} (${change.why})` : `run ${change.display ?? change.argv.join(' ')} (${change.why})`;
}

/** "a new SSH login as deploy on port 22, and sudo -n true in it": the same words in the preview and the run. */
export function describeLoginCheck(check: LoginCheck): string {
  return `a new SSH login as ${check.user} on port ${check.port}${check.sudo ? ', and sudo -n true in it' : ''}`;
}

export function renderPlan(plan: StepPlan): string {
  const lines = [`== ${plan.stepId}: ${plan.title}`];
  if (allChanges(plan).length === 0) lines.push('nothing to change');
  for (const note of plan.notes) lines.push(`note: ${note}`);
  if (allChanges(plan).length > 0) {
    lines.push(...renderChanges(plan, ''));
    for (const snapshot of plan.snapshots ?? []) lines.push(`save first: ${snapshot.save.join(' ')} (rollback puts it back)`);
    lines.push(...renderChecks(plan, ''));
    if (plan.loginCheck) {
      lines.push(`then: ${describeLoginCheck(plan.loginCheck)}; if it fails, everything is undone`);
      lines.push('meanwhile: a timer on the server undoes the run by itself unless golive confirms it');
    }
    if (plan.afterLogin) {
      lines.push(...renderChanges(plan.afterLogin, AFTER_LOGIN), ...renderChecks(plan.afterLogin, AFTER_LOGIN));
      if (plan.loginCheck) lines.push('then: the same login again, on the final configuration');
    }
  }
  return lines.join('\n');
}

const AFTER_LOGIN = 'once the login works: ';

function renderChanges(phase: Phase, prefix: string): string[] {
  return phase.changes.flatMap((change) =>
    change.kind === 'file' ? [`${prefix}file: ${change.path}: ${change.why}`, fileDiff(change).trimEnd()] : [`${prefix}run: ${change.display ?? change.argv.join(' ')}  (${change.why})`],
  );
}

function renderChecks(phase: Phase, prefix: string): string[] {
  const lines: string[] = [];
  for (const validation of phase.validations) lines.push(`${prefix}check before reload: ${validation.argv.join(' ')}  (${validation.what})`);
  for (const reload of phase.reloads) lines.push(`${prefix}reload: ${reload.join(' ')}`);
  return lines;
}

/** What `--json` shows of a plan: the same facts as the preview, as data. */
export function planToJson(plan: StepPlan): unknown {
  return {
    step: plan.stepId,
    title: plan.title,
    status: allChanges(plan).length === 0 ? 'unchanged' : 'changes',
    notes: plan.notes,
    ...phaseToJson(plan),
    loginCheck: plan.loginCheck ?? null,
    afterLogin: plan.afterLogin ? phaseToJson(plan.afterLogin) : null,
  };
}

function phaseToJson(phase: Phase): Record<string, unknown> {
  return {
    changes: phase.changes.map((change) =>
      change.kind === 'file'
        ? { kind: 'file', path: change.path, why: change.why, mode: describeMode(change.after.mode), owner: `${change.after.owner}:${change.after.group}`, created: change.before === null, diff: fileDiff(change) }
        : { kind: 'command', argv: change.argv, display: change.display ?? null, why: change.why },
    ),
    validations: phase.validations.map((v) => v.argv),
    reloads: phase.reloads,
  };
}
