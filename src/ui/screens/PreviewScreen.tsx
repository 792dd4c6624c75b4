import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { renderPlan } from '../../engine/preview.js';
import type { PlannedStep } from '../../engine/session.js';
import { allChanges } from '../../engine/types.js';
import { DiffView } from '../components/DiffView.js';
import { scrollBy } from '../scroll-window.js';
import { Tint } from '../theme.js';

export type PreviewChoice = 'apply' | 'skip' | 'back' | 'save';

interface PreviewScreenProps {
  readonly planned: readonly PlannedStep[];
  readonly dryRun: boolean;
  readonly height: number;
  readonly width: number;
  readonly isActive: boolean;
  readonly onChoose: (choice: PreviewChoice) => void;
}

const HOTKEYS: Record<string, PreviewChoice> = { a: 'apply', s: 'skip', b: 'back', w: 'save' };

/** The exact changes, scrollable (↑↓ j/k PgUp/PgDn), then apply, skip, back or save the answers. */
export function PreviewScreen({ planned, dryRun, height, width, isActive, onChoose }: PreviewScreenProps) {
  const lines = planned.map((p) => renderPlan(p.plan)).join('\n\n').split('\n');
  const viewport = Math.max(3, height);
  const maxOffset = Math.max(0, lines.length - viewport);
  const [offset, setOffset] = useState(0);
  const choices: { value: PreviewChoice; label: string }[] = [
    { value: 'apply', label: dryRun ? 'Apply (dry run: change nothing)' : 'Apply' },
    { value: 'skip', label: 'Skip' },
    { value: 'back', label: 'Back' },
    { value: 'save', label: 'Save answers' },
  ];
  const [selected, setSelected] = useState(0);
  const hasChanges = planned.some((p) => allChanges(p.plan).length > 0);

  useInput(
    (input, key) => {
      if (key.escape) return onChoose('back');
      const by = scrollBy(input, key, viewport);
      if (by !== undefined) return setOffset((o) => Math.min(maxOffset, Math.max(0, o + by)));
      if (key.leftArrow) return setSelected((s) => (s + choices.length - 1) % choices.length);
      if (key.rightArrow || key.tab) return setSelected((s) => (s + 1) % choices.length);
      if (key.return) return onChoose(choices[selected]!.value);
      const hotkey = HOTKEYS[input];
      if (hotkey) onChoose(hotkey);
    },
    { isActive },
  );

  return (
    <Box flexDirection="column">
      <DiffView lines={lines} offset={offset} height={viewport} width={width} />
      <Text dimColor>
        lines {Math.min(lines.length, offset + 1)}–{Math.min(lines.length, offset + viewport)} of {lines.length} · ↑↓ j/k PgUp/PgDn scroll
      </Text>
      <Box>
        {choices.map((choice, index) => (
          <Box key={choice.value} marginRight={2}>
            {index === selected ? <Tint color="cyan" bold>{`[ ${choice.label} ]`}</Tint> : <Text>{`  ${choice.label}  `}</Text>}
          </Box>
        ))}
      </Box>
      {!hasChanges ? <Tint color="green">nothing to change: the server already has all of this</Tint> : null}
      <Text dimColor>←→ choose · Enter · a apply · s skip · b back · w save answers</Text>
    </Box>
  );
}
