import { unifiedDiff } from './diff.js';
import type { Change, LoginCheck, StepPlan } from './types.js';

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
  if (plan.changes.length === 0) lines.push('nothing to change');
  for (const note of plan.notes) lines.push(`note: ${note}`);
  for (const change of plan.changes) {
    if (change.kind === 'file') {
      lines.push(`file: ${change.path}: ${change.why}`, fileDiff(change).trimEnd());
    } else {
      lines.push(`run: ${change.display ?? change.argv.join(' ')}  (${change.why})`);
    }
  }
  if (plan.changes.length > 0) {
    for (const snapshot of plan.snapshots ?? []) lines.push(`save first: ${snapshot.save.join(' ')} (rollback puts it back)`);
    for (const validation of plan.validations) lines.push(`check before reload: ${validation.argv.join(' ')}  (${validation.what})`);
    for (const reload of plan.reloads) lines.push(`reload: ${reload.join(' ')}`);
    if (plan.loginCheck) {
      lines.push(`then: ${describeLoginCheck(plan.loginCheck)}; if it fails, everything is undone`);
      lines.push('meanwhile: a timer on the server undoes the run by itself unless golive confirms it');
    }
  }
  return lines.join('\n');
}

/** What `--json` shows of a plan: the same facts as the preview, as data. */
export function planToJson(plan: StepPlan): unknown {
  return {
    step: plan.stepId,
    title: plan.title,
    status: plan.changes.length === 0 ? 'unchanged' : 'changes',
    notes: plan.notes,
    changes: plan.changes.map((change) =>
      change.kind === 'file'
        ? { kind: 'file', path: change.path, why: change.why, mode: describeMode(change.after.mode), owner: `${change.after.owner}:${change.after.group}`, created: change.before === null, diff: fileDiff(change) }
        : { kind: 'command', argv: change.argv, display: change.display ?? null, why: change.why },
    ),
    validations: plan.validations.map((v) => v.argv),
    reloads: plan.reloads,
    loginCheck: plan.loginCheck ?? null,
  };
}
