import { Box, Text } from 'ink';
import type { RollbackReport } from '../../engine/rollback.js';
import { Spinner } from '../components/Spinner.js';
import { Tint } from '../theme.js';

export function RollbackScreen({ runId, report, error }: { readonly runId: string; readonly report?: RollbackReport; readonly error?: string }) {
  if (error) return <Tint color="red">rollback of {runId} failed: {error}</Tint>;
  if (!report) {
    return (
      <Box>
        <Spinner />
        <Text> rolling back run {runId}…</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {report.files.map((file) => (
        <Text key={file.path}>  {file.outcome.padEnd(13)} {file.path}{file.detail ? ` (${file.detail})` : ''}</Text>
      ))}
      {[...report.validationFailures, ...report.reloadFailures].map((failure) => (
        <Tint key={failure} color="red">  failed: {failure}</Tint>
      ))}
      {report.complete ? <Tint color="green" bold>run {runId} rolled back</Tint> : <Tint color="red" bold>run {runId} was NOT fully rolled back</Tint>}
      <Text dimColor>Enter: back to the checklist</Text>
    </Box>
  );
}
