import { Text } from 'ink';
import { summarize } from '../../engine/audit-findings.js';
import type { AuditFinding, AuditStatus } from '../../engine/types.js';
import { Tint } from '../theme.js';

const STATUS_COLORS: Record<AuditStatus, 'green' | 'red' | 'yellow' | 'gray'> = { pass: 'green', fail: 'red', warn: 'yellow', unknown: 'gray' };

/** PASS, FAIL, WARN or UNKNOWN, padded to one width, in its colour. */
export function StatusTag({ status }: { readonly status: AuditStatus }) {
  return <Tint color={STATUS_COLORS[status]}>{status.toUpperCase().padEnd(7)}</Tint>;
}

/** `go-live audit: 14 pass · 3 fail · 2 warn · 4 unknown`, each count in its status's colour. */
export function AuditSummaryLine({ findings, suffix = '' }: { readonly findings: readonly AuditFinding[]; readonly suffix?: string }) {
  const summary = summarize(findings);
  const statuses: readonly AuditStatus[] = ['pass', 'fail', 'warn', 'unknown'];
  return (
    <Text>
      go-live audit:{' '}
      {statuses.map((status, index) => (
        <Text key={status}>
          {index > 0 ? ' · ' : ''}
          <Tint color={STATUS_COLORS[status]}>{`${summary[status]} ${status}`}</Tint>
        </Text>
      ))}
      {suffix}
    </Text>
  );
}
