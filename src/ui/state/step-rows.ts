import type { Manifest } from '../../engine/journal.js';
import type { StepOutcome } from '../../engine/session.js';
import { allChanges, type Change, type StepId } from '../../engine/types.js';
import { NotConfiguredError } from '../../errors.js';
import type { StepInfo } from '../driver.js';

/**
 * What the checklist says of a step:
 * - applied: golive's journal holds a run that applied it and still stands, and nothing is left to change;
 * - in order: nothing to change, yet golive never applied it — the server complied on its own;
 * - pending: something to change (or it follows from an earlier step of the run: see the summary);
 * - drifted: golive applied it once, and it is pending again for its own reasons.
 */
export type StepState = 'probing' | 'applied' | 'in order' | 'pending' | 'drifted' | 'blocked' | 'needs input' | 'unknown';

export interface StepRow {
  readonly id: StepId;
  readonly title: string;
  readonly state: StepState;
  readonly summary: string;
}

/** Every step as "reading the server…": the first frame, and again while the checklist is read anew. */
export function probingRows(steps: readonly StepInfo[]): StepRow[] {
  return steps.map((s) => ({ id: s.id, title: s.title, state: 'probing', summary: 'reading the server…' }));
}

/**
 * A run counts while its status is 'applied': a failed run was undone at once, and rolling a run
 * back sets its status to 'rolled-back' (or 'rollback-incomplete'), so it no longer counts.
 */
export function appliedByGolive(id: StepId, runs: readonly Manifest[]): boolean {
  return runs.some((r) => r.status === 'applied' && r.steps.includes(id));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function describeChanges(changes: readonly Change[]): string {
  const what = changes.map((c) => (c.kind === 'file' ? c.path : c.argv.join(' '))).join(', ');
  return `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: ${what}`;
}

export function stepRow(info: StepInfo, outcome: StepOutcome | undefined, runs: readonly Manifest[]): StepRow {
  const base = { id: info.id, title: info.title };
  if (!outcome) return { ...base, state: 'unknown', summary: 'not read' };
  if ('error' in outcome) return { ...base, state: outcome.error instanceof NotConfiguredError ? 'needs input' : 'blocked', summary: firstLine(outcome.error.message) };
  const changes = allChanges(outcome.plan);
  const applied = appliedByGolive(info.id, runs);
  if (changes.length === 0) return { ...base, state: applied ? 'applied' : 'in order', summary: firstLine(outcome.plan.notes[0] ?? 'nothing to change') };
  const followsFrom = outcome.followsFrom ?? [];
  if (followsFrom.length > 0) return { ...base, state: 'pending', summary: `follows from ${followsFrom.join(', ')}: ${describeChanges(changes)}` };
  return { ...base, state: applied ? 'drifted' : 'pending', summary: describeChanges(changes) };
}

export function stepRows(steps: readonly StepInfo[], outcomes: readonly StepOutcome[], runs: readonly Manifest[]): StepRow[] {
  return steps.map((info) => stepRow(info, outcomes.find((o) => o.step.id === info.id), runs));
}

/** The steps "Run all pending" runs: those with something to change, and those the guard refused. */
export function pendingIds(rows: readonly StepRow[]): StepId[] {
  return rows.filter((r) => r.state === 'pending' || r.state === 'drifted' || r.state === 'blocked').map((r) => r.id);
}

/** The backup job golive installs is on the server, exactly as golive would write it (an empty plan checks its content). */
export function backupJobInPlace(rows: readonly StepRow[]): boolean {
  return rows.some((r) => r.id === 'backup' && (r.state === 'applied' || r.state === 'in order'));
}
