import { Box, Text } from 'ink';
import type { PlannedStep } from '../../engine/session.js';
import { allChanges } from '../../engine/types.js';
import { Tint } from '../theme.js';

/** The end of a dry run: how many changes a real run would make; none was made. */
export function DryRunDoneScreen({ planned, label }: { readonly planned: readonly PlannedStep[]; readonly label: string }) {
  const changes = planned.reduce((n, p) => n + allChanges(p.plan).length, 0);
  return (
    <Box flexDirection="column">
      <Tint color="green">
        dry run: would apply {changes} changes to {label}; nothing was changed
      </Tint>
      <Text dimColor>Enter: back to the checklist</Text>
    </Box>
  );
}
