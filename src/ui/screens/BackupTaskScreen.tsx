import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { Spinner } from '../components/Spinner.js';
import { TextField } from '../components/TextField.js';
import { Tint } from '../theme.js';
import type { BackupTask } from '../state/screens.js';

interface BackupTaskScreenProps {
  readonly task: BackupTask;
  readonly stage: 'key' | 'running' | 'done';
  readonly ok?: boolean;
  readonly result?: string;
  readonly isActive: boolean;
  readonly onStart: (privateKeyFile: string) => void;
  readonly onBack: () => void;
}

const RUNNING: Record<BackupTask, string> = {
  'backup-now': 'running the backup job on the server…',
  'test-restore': 'backing up, decrypting here, restoring into a scratch database…',
};

/** "Back up now" and "Test a restore": the private key asked for here stays on this machine. */
export function BackupTaskScreen({ task, stage, ok, result, isActive, onStart, onBack }: BackupTaskScreenProps) {
  const [keyFile, setKeyFile] = useState('');
  useInput((_input, key) => key.escape && stage === 'key' && onBack(), { isActive });
  if (stage === 'key') {
    return (
      <Box flexDirection="column">
        <Text bold>Test a restore</Text>
        <Text dimColor>The private key backups are encrypted to, on this machine.</Text>
        <Text dimColor>A fresh backup is decrypted here: the key never goes to the server.</Text>
        <Box>
          <Text>Private key file: </Text>
          <TextField value={keyFile} onChange={setKeyFile} onSubmit={() => keyFile.trim() && onStart(keyFile.trim())} isActive={isActive} placeholder="~/backup-key.private.asc" />
        </Box>
        <Text dimColor>Enter: start   Esc: back</Text>
      </Box>
    );
  }
  if (stage === 'running') {
    return (
      <Text>
        <Spinner /> {RUNNING[task]}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Tint color={ok ? 'green' : 'red'}>{result}</Tint>
      <Text dimColor>Enter: back to the checklist</Text>
    </Box>
  );
}
