import { Box, Text } from 'ink';
import { Tint } from '../theme.js';

function DiffLine({ line }: { readonly line: string }) {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('==')) return <Tint bold>{line}</Tint>;
  if (line.startsWith('+')) return <Tint color="green">{line}</Tint>;
  if (line.startsWith('-')) return <Tint color="red">{line}</Tint>;
  if (line.startsWith('@@')) return <Tint color="cyan">{line}</Tint>;
  return <Text>{line}</Text>;
}

/** `height` lines of `lines` from `offset`, long lines cut to the width (the preview scrolls, it does not wrap). */
export function DiffView({ lines, offset, height, width }: { readonly lines: readonly string[]; readonly offset: number; readonly height: number; readonly width: number }) {
  const visible = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column">
      {visible.map((line, index) => (
        <DiffLine key={offset + index} line={line.length > width ? `${line.slice(0, width - 1)}…` : line} />
      ))}
    </Box>
  );
}
