import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import type { Manifest } from '../../engine/journal.js';

function describe(run: Manifest): string {
  const status = run.status === 'applying' || run.status === 'rolling-back' ? `unfinished (${run.status})` : run.status;
  return `${run.startedAt.slice(0, 19).replace('T', ' ')}  ${status.padEnd(20)} ${run.steps.join(', ')}`;
}

export function RunsScreen({ runs, isActive, onOpen, onBack }: { readonly runs: readonly Manifest[]; readonly isActive: boolean; readonly onOpen: (runId: string) => void; readonly onBack: () => void }) {
  useInput((_input, key) => key.escape && onBack(), { isActive });
  return (
    <Box flexDirection="column">
      <Text>Runs recorded on the server, newest first:</Text>
      <SelectInput
        isFocused={isActive}
        limit={12}
        items={[...runs.map((run) => ({ key: run.runId, label: describe(run), value: run.runId })), { key: 'back', label: 'Back', value: 'back' }]}
        onSelect={(item) => (item.value === 'back' ? onBack() : onOpen(item.value))}
      />
      <Text dimColor>Enter details · Esc back</Text>
    </Box>
  );
}

export function RunScreen({ run, isActive, onRollback, onBack }: { readonly run: Manifest; readonly isActive: boolean; readonly onRollback: () => void; readonly onBack: () => void }) {
  useInput((_input, key) => key.escape && onBack(), { isActive });
  return (
    <Box flexDirection="column">
      <Text>run {run.runId} on {run.target} as {run.loginUser}</Text>
      <Text>  status:   {run.status}{run.message ? ` — ${run.message}` : ''}</Text>
      <Text>  started:  {run.startedAt}{run.finishedAt ? `, finished ${run.finishedAt}` : ''}</Text>
      <Text>  steps:    {run.steps.join(', ')}</Text>
      {run.files.map((file) => (
        <Text key={file.path}>  file:     {file.path} {file.before ? '(rollback restores the copy taken before the run)' : '(created by the run: rollback removes it)'}</Text>
      ))}
      <SelectInput
        isFocused={isActive}
        items={[
          { key: 'rollback', label: 'Roll back this run', value: 'rollback' },
          { key: 'back', label: 'Back', value: 'back' },
        ]}
        onSelect={(item) => (item.value === 'rollback' ? onRollback() : onBack())}
      />
    </Box>
  );
}
