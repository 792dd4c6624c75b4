import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { AuditFinding, StepId } from '../../engine/types.js';
import { AuditSummaryLine } from '../components/AuditStatus.js';
import { Spinner } from '../components/Spinner.js';
import { Tint } from '../theme.js';
import type { BackupTask } from '../state/screens.js';
import type { StepRow, StepState } from '../state/step-rows.js';

const STATE_COLORS: Record<StepState, 'green' | 'yellow' | 'red' | 'gray' | 'cyan' | 'magenta'> = {
  probing: 'cyan',
  applied: 'green',
  'in order': 'green',
  pending: 'yellow',
  drifted: 'magenta',
  blocked: 'red',
  'needs input': 'cyan',
  unknown: 'gray',
};

interface ChecklistScreenProps {
  readonly rows: readonly StepRow[];
  /** The go-live audit; undefined while the server is read. */
  readonly findings: readonly AuditFinding[] | undefined;
  readonly pending: readonly StepId[];
  readonly hasRuns: boolean;
  /** The backup job is in place: offer to run it and to test a restore. */
  readonly backupReady: boolean;
  readonly isActive: boolean;
  readonly width: number;
  readonly onRun: (ids: StepId[]) => void;
  readonly onRuns: () => void;
  readonly onAudit: () => void;
  readonly onBackupTask: (task: BackupTask) => void;
  /** With an inventory: back to its hosts. */
  readonly onHosts?: () => void;
  readonly onQuit: () => void;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

/** 24 lines, the smallest terminal golive supports: title, step rows, audit line, blank line, then the menu, scrolling when longer. */
const SCREEN_LINES = 24;

function menuLimit(stepRows: number, auditLine: boolean): number {
  return Math.max(5, SCREEN_LINES - 2 - stepRows - (auditLine ? 1 : 0));
}

export function ChecklistScreen({ rows, findings, pending, hasRuns, backupReady, isActive, width, onRun, onRuns, onAudit, onBackupTask, onHosts, onQuit }: ChecklistScreenProps) {
  const items = [
    ...rows.map((r) => ({ key: r.id, label: `Run ${r.id}`, value: r.id as string })),
    ...(pending.length > 1 ? [{ key: '*', label: `Run all pending (${pending.join(', ')})`, value: '*' }] : []),
    ...(backupReady
      ? [
          { key: 'backup-now', label: 'Back up now', value: 'backup-now' },
          { key: 'test-restore', label: 'Test a restore…', value: 'test-restore' },
        ]
      : []),
    ...(findings ? [{ key: 'audit', label: 'Go-live audit…', value: 'audit' }] : []),
    ...(hasRuns ? [{ key: 'runs', label: 'Roll back a run…', value: 'runs' }] : []),
    ...(onHosts ? [{ key: 'hosts', label: 'Other hosts of the inventory…', value: 'hosts' }] : []),
    { key: 'quit', label: 'Quit', value: 'quit' },
  ];
  return (
    <Box flexDirection="column">
      {rows.map((row) => (
        <Box key={row.id}>
          <Box width={11}>
            <Text>{row.id}</Text>
          </Box>
          <Box width={13}>{row.state === 'probing' ? <Spinner /> : <Tint color={STATE_COLORS[row.state]}>{row.state}</Tint>}</Box>
          <Text dimColor>{fit(row.summary, Math.max(10, width - 25))}</Text>
        </Box>
      ))}
      {findings ? <AuditSummaryLine findings={findings} /> : null}
      <Box marginTop={1}>
        <SelectInput
          isFocused={isActive}
          items={items}
          limit={menuLimit(rows.length, findings !== undefined)}
          onSelect={(item) => {
            if (item.value === 'quit') onQuit();
            else if (item.value === 'runs') onRuns();
            else if (item.value === 'audit') onAudit();
            else if (item.value === 'hosts') onHosts?.();
            else if (item.value === 'backup-now' || item.value === 'test-restore') onBackupTask(item.value);
            else onRun(item.value === '*' ? [...pending] : [item.value as StepId]);
          }}
        />
      </Box>
    </Box>
  );
}
