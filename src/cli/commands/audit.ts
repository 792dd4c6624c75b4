import { writeFileSync } from 'node:fs';
import { AUDIT_CHECKS } from '../../audit/checks.js';
import { inChecklistOrder } from '../../audit/order.js';
import { renderReport } from '../../audit/report.js';
import { summarize } from '../../engine/audit-findings.js';
import type { AuditFinding, AuditStatus } from '../../engine/types.js';
import { InputError } from '../../errors.js';
import { auditInputs } from '../../session/audit-inputs.js';
import { paint, useColor } from '../../style.js';
import type { CommandContext } from '../context.js';

export const EXIT_FAILING = 2;

const COLOR: Record<AuditStatus, 'green' | 'red' | 'yellow' | 'dim'> = { pass: 'green', fail: 'red', warn: 'yellow', unknown: 'dim' };

/** Every go-live item, read-only: 0 when none fails, 2 when one does (with --strict, warn and unknown too). */
export async function auditCommand(context: CommandContext): Promise<number> {
  const { args, target } = context;
  const reading = await context.session.audit(AUDIT_CHECKS, auditInputs(context.answers.steps, context.answers.audit));
  const findings = inChecklistOrder(reading.findings);
  const summary = summarize(findings);
  if (args.output) writeReport(args.output, renderReport({ host: target.label, date: new Date(), findings, summary, runs: reading.runs, answers: context.answers.steps }));
  context.summary.result = `${summary.pass} pass, ${summary.fail} fail, ${summary.warn} warn, ${summary.unknown} unknown`;
  if (args.json) context.out(JSON.stringify({ host: target.label, items: findings.map(({ id, title, status, evidence, fix }) => ({ id, title, status, evidence, fix })), summary }, null, 2));
  else printFindings(context, findings, summary);
  return auditExitCode(findings, args.strict);
}

/** 2 when an item fails (with `strict`, also when one warns or cannot be read), else 0. */
export function auditExitCode(findings: readonly AuditFinding[], strict: boolean): number {
  return findings.some((f) => f.status === 'fail' || (strict && f.status !== 'pass')) ? EXIT_FAILING : 0;
}

function printFindings(context: CommandContext, findings: readonly AuditFinding[], summary: ReturnType<typeof summarize>): void {
  const color = useColor(context.environment);
  for (const f of findings) {
    context.out(`${paint(f.status.toUpperCase().padEnd(7), COLOR[f.status], color)} ${f.id.padEnd(26)} ${f.title}`);
    context.out(f.evidence.replace(/^/gm, '        '));
    if (f.status !== 'pass') context.out(`        fix: ${f.fix}`);
  }
  context.out(`\n${summary.pass} pass, ${summary.fail} fail, ${summary.warn} warn, ${summary.unknown} unknown (${context.target.label})`);
}

function writeReport(path: string, text: string): void {
  try {
    writeFileSync(path, text, { mode: 0o644 });
  } catch (error) {
    throw new InputError(`--output: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
