import { Box, Text, useInput } from 'ink';
import type { AuditFinding } from '../../engine/types.js';
import { AuditSummaryLine, StatusTag } from '../components/AuditStatus.js';
import { fitWidth, scrollBy, windowStart } from '../scroll-window.js';
import { Tint } from '../theme.js';

interface AuditScreenProps {
  readonly findings: readonly AuditFinding[];
  readonly cursor: number;
  /** Rows the list may take. */
  readonly height: number;
  readonly width: number;
  readonly isActive: boolean;
  readonly onMove: (by: number) => void;
  readonly onOpen: () => void;
  readonly onBack: () => void;
}

const ID_WIDTH = 26;

function FindingRow({ finding, selected, width }: { readonly finding: AuditFinding; readonly selected: boolean; readonly width: number }) {
  const title = fitWidth(finding.title, Math.max(5, width - ID_WIDTH - 12));
  const id = finding.id.padEnd(ID_WIDTH);
  return (
    <Text>
      {selected ? <Tint color="cyan">❯ </Tint> : '  '}
      <StatusTag status={finding.status} /> {selected ? <Tint color="cyan">{id}</Tint> : id} {title}
    </Text>
  );
}

/** Every go-live item as `STATUS  id  title`, scrolling within the terminal; Enter opens one. Read-only. */
export function AuditScreen({ findings, cursor, height, width, isActive, onMove, onOpen, onBack }: AuditScreenProps) {
  const viewport = Math.max(3, height);
  const start = windowStart(cursor, findings.length, viewport);
  useInput(
    (input, key) => {
      if (key.escape) return onBack();
      if (key.return) return onOpen();
      const by = scrollBy(input, key, viewport);
      if (by !== undefined) onMove(by);
    },
    { isActive },
  );
  return (
    <Box flexDirection="column">
      <AuditSummaryLine findings={findings} suffix=" (read-only)" />
      {findings.slice(start, start + viewport).map((finding, index) => (
        <FindingRow key={finding.id} finding={finding} selected={start + index === cursor} width={width} />
      ))}
      <Text dimColor>
        {fitWidth(`item ${Math.min(findings.length, cursor + 1)} of ${findings.length} · ↑↓ j/k PgUp/PgDn move · Enter evidence and fix · Esc back`, width)}
      </Text>
    </Box>
  );
}
