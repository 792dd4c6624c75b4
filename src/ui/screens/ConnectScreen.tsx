import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { TextField } from '../components/TextField.js';
import { Tint } from '../theme.js';

interface ConnectScreenProps {
  readonly error?: string;
  readonly isActive: boolean;
  readonly onConnect: (host: string | undefined, identity: string | undefined) => void;
}

/** Where to go: a server over SSH ([user@]host[:port], with an optional key file), or this machine. */
export function ConnectScreen({ error, isActive, onConnect }: ConnectScreenProps) {
  const [host, setHost] = useState('');
  const [identity, setIdentity] = useState('');
  const [field, setField] = useState<0 | 1>(0);
  const submit = () => onConnect(host.trim() || undefined, identity.trim() || undefined);
  useInput(
    (_input, key) => {
      if (key.tab || key.downArrow || key.upArrow) setField((f) => (f === 0 ? 1 : 0));
    },
    { isActive },
  );
  return (
    <Box flexDirection="column">
      <Text>Which server goes live?</Text>
      <Box>
        <Text>{field === 0 ? '› ' : '  '}Server [user@]host[:port]: </Text>
        <TextField value={host} onChange={setHost} onSubmit={() => setField(1)} isActive={isActive && field === 0} placeholder="empty: this machine" />
      </Box>
      <Box>
        <Text>{field === 1 ? '› ' : '  '}Private key file: </Text>
        <TextField value={identity} onChange={setIdentity} onSubmit={submit} isActive={isActive && field === 1} placeholder="empty: ssh-agent or ~/.ssh/id_*" />
      </Box>
      {error ? <Tint color="red">{error}</Tint> : null}
      <Text dimColor>Tab/↑↓ switch field · Enter on the key field connects · ? help · q quit</Text>
    </Box>
  );
}
