import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { AuditFinding } from '../../engine/types.js';
import { StatusTag } from '../components/AuditStatus.js';
import { fitWidth, scrollBy } from '../scroll-window.js';
import { Tint } from '../theme.js';
import { wrapLines } from '../wrap-lines.js';

interface FindingScreenProps {
  readonly finding: AuditFinding;
  /** Rows the evidence and fix may take. */
  readonly height: number;
  readonly width: number;
  readonly isActive: boolean;
  readonly onBack: () => void;
}

/** The evidence, every line, then the fix unless the item passes; each indented under its heading. */
function detailLines(finding: AuditFinding, width: number): string[] {
  const indented = (text: string) => wrapLines(text, width - 2).map((line) => `  ${line}`);
  return ['evidence:', ...indented(finding.evidence), ...(finding.status === 'pass' ? [] : ['fix:', ...indented(finding.fix)])];
}

function DetailLine({ line }: { readonly line: string }) {
  if (line === 'evidence:' || line === 'fix:') return <Tint bold>{line}</Tint>;
  return <Text>{line}</Text>;
}

/** One audit item: what was read and from where, and what would fix it; scrolls when taller than the terminal. Read-only. */
export function FindingScreen({ finding, height, width, isActive, onBack }: FindingScreenProps) {
  const lines = detailLines(finding, width);
  const viewport = Math.max(3, height);
  const maxOffset = Math.max(0, lines.length - viewport);
  const [offset, setOffset] = useState(0);
  useInput(
    (input, key) => {
      if (key.escape) return onBack();
      const by = scrollBy(input, key, viewport);
      if (by !== undefined) setOffset((o) => Math.min(maxOffset, Math.max(0, o + by)));
    },
    { isActive },
  );
  return (
    <Box flexDirection="column">
      <Box>
        <StatusTag status={finding.status} />
        <Text> {fitWidth(`${finding.id} — ${finding.title}`, Math.max(5, width - 9))}</Text>
      </Box>
      {lines.slice(offset, offset + viewport).map((line, index) => (
        <DetailLine key={offset + index} line={line} />
      ))}
      <Text dimColor>{maxOffset > 0 ? `lines ${offset + 1}–${Math.min(lines.length, offset + viewport)} of ${lines.length} · ↑↓ j/k PgUp/PgDn scroll · ` : ''}Esc back to the list</Text>
    </Box>
  );
}
