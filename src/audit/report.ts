import { stringify } from 'yaml';
import type { AuditSummary } from '../engine/audit-findings.js';
import type { Manifest } from '../engine/journal.js';
import type { AuditFinding, AuditStatus } from '../engine/types.js';

/** The security configuration document: what was checked on which server, when, what golive did there. */
export interface ReportContent {
  readonly host: string;
  readonly date: Date;
  readonly findings: readonly AuditFinding[];
  readonly summary: AuditSummary;
  readonly runs: readonly Manifest[];
  /** The answers in force, as golive.yml holds them (they hold no secret: golive never stores one there). */
  readonly answers: Readonly<Record<string, unknown>>;
}

const MARK: Record<AuditStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', unknown: 'UNKNOWN' };

/** Markdown that reads well as text too: a table to scan, then each item with its evidence and fix. */
export function renderReport(report: ReportContent): string {
  const { summary } = report;
  return [
    `# Security configuration of ${report.host}`,
    '',
    `Checked by golive on ${report.date.toISOString().replace('T', ' ').slice(0, 19)} UTC, read-only.`,
    `${summary.pass} pass, ${summary.fail} fail, ${summary.warn} warn, ${summary.unknown} unknown.`,
    '',
    '| item | status | evidence |',
    '| --- | --- | --- |',
    ...report.findings.map((f) => `| ${cell(f.title)} (\`${f.id}\`) | ${MARK[f.status]} | ${cell(firstLine(f.evidence))} |`),
    '',
    '## Items',
    ...report.findings.flatMap((f) => ['', `### ${f.title} — ${MARK[f.status]}`, '', `- id: \`${f.id}\``, `- evidence: ${f.evidence.replace(/\n/g, '\n  ')}`, ...(f.status === 'pass' ? [] : [`- fix: ${f.fix}`])]),
    '',
    '## Changes golive made on this server',
    '',
    ...(report.runs.length === 0 ? ['None recorded.'] : report.runs.map((r) => `- ${r.startedAt.slice(0, 19).replace('T', ' ')} run \`${r.runId}\`: ${r.steps.join(', ') || 'no step'} — ${r.status}`)),
    '',
    '## Answers in force',
    '',
    ...(Object.keys(report.answers).length === 0 ? ['No golive.yml answers were given.'] : ['```yaml', stringify(report.answers).trimEnd(), '```']),
    '',
  ].join('\n');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** A table cell: one line, no pipe that would end it early. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}
