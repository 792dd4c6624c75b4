import { Box, Text } from 'ink';
import type { ApplyResult } from '../../engine/apply.js';
import { Elapsed, Spinner } from '../components/Spinner.js';
import { Tint } from '../theme.js';
import type { ActionRow } from '../state/screens.js';

interface ApplyScreenProps {
  readonly actions: readonly ActionRow[];
  readonly undoing?: string;
  readonly result?: ApplyResult;
  readonly error?: string;
  readonly interrupted: boolean;
}

/** Each action with a spinner and its time, its output when it fails; then the verdict. */
export function ApplyScreen({ actions, undoing, result, error, interrupted }: ApplyScreenProps) {
  const failedChecks = result?.checks.filter((c) => !c.ok && !c.advisory) ?? [];
  const warnings = result?.checks.filter((c) => !c.ok && c.advisory) ?? [];
  return (
    <Box flexDirection="column">
      {actions.map((action, index) => (
        <Box key={index} flexDirection="column">
          <Box>
            <Box width={2} flexShrink={0}>
              {action.state === 'running' ? <Spinner /> : action.state === 'done' ? <Tint color="green">✓</Tint> : <Tint color="red">✗</Tint>}
            </Box>
            <Box width={7} flexShrink={0}>
              <Elapsed since={action.startedAt} until={action.endedAt} />
            </Box>
            <Text wrap="wrap">{action.label}</Text>
          </Box>
          {action.detail ? <Tint color={action.state === 'failed' ? 'red' : 'yellow'}>   {action.detail}</Tint> : null}
        </Box>
      ))}
      {interrupted && !result ? <Tint color="yellow">interrupted: finishing the current action, then undoing the run…</Tint> : null}
      {undoing ? <Tint color="yellow">undoing the run: {undoing}</Tint> : null}
      {result?.status === 'applied' ? (
        <Box flexDirection="column" marginTop={1}>
          <Tint color="green">verified on the server: {result.checks.length - warnings.length} checks passed</Tint>
          {warnings.map((check) => (
            <Tint key={check.name} color="yellow">! {check.name}: {check.detail}</Tint>
          ))}
          <Tint color="green" bold>applied (run {result.runId}); undo it any time from "Roll back a run…"</Tint>
        </Box>
      ) : null}
      {result?.status === 'failed' ? (
        <Box flexDirection="column" marginTop={1}>
          {failedChecks.map((check) => (
            <Tint key={check.name} color="red">✗ {check.name}: {check.detail}</Tint>
          ))}
          {result.rollback?.files.map((file) => (
            <Text key={file.path}>  {file.outcome}: {file.path}{file.detail ? ` (${file.detail})` : ''}</Text>
          ))}
          <Tint color="red" bold>the run failed and was {result.rollback?.complete ? 'undone' : 'NOT fully undone'}: {result.reason}</Tint>
        </Box>
      ) : null}
      {error ? <Tint color="red">error: {error}</Tint> : null}
      {result || error ? <Text dimColor>Enter: back to the checklist</Text> : null}
    </Box>
  );
}
