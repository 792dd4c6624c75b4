import type { GoliveError } from '../errors.js';
import type { AuditFinding, AuditItem } from './types.js';

/** Items that could not be judged: each one `unknown`, with why, and the fix it would take. */
export function unknownFindings(items: readonly AuditItem[], why: GoliveError | string): AuditFinding[] {
  const reason = typeof why === 'string' ? why : `${why.message}${why.hint ? ` (${why.hint})` : ''}`;
  return items.map(({ id, title, fix }) => ({ id, title, status: 'unknown', evidence: reason, fix }));
}

/** A module's findings, in its items' order; an item it forgot to judge is reported unknown, never dropped. */
export function completeFindings(items: readonly AuditItem[], findings: readonly AuditFinding[]): AuditFinding[] {
  return items.map((item) => findings.find((f) => f.id === item.id) ?? unknownFindings([item], 'golive did not judge this item (a bug in golive)')[0]!);
}

export interface AuditSummary {
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
  readonly unknown: number;
}

export function summarize(findings: readonly AuditFinding[]): AuditSummary {
  const count = (status: AuditFinding['status']) => findings.filter((f) => f.status === status).length;
  return { pass: count('pass'), fail: count('fail'), warn: count('warn'), unknown: count('unknown') };
}
