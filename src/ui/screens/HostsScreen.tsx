import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { InventoryHostInfo } from '../driver.js';
import { Tint } from '../theme.js';

interface HostsScreenProps {
  readonly hosts: readonly InventoryHostInfo[];
  readonly error?: string;
  readonly isActive: boolean;
  readonly onOpen: (host: string) => void;
  readonly onEveryHost: () => void;
  readonly onQuit: () => void;
}

const EVERY_HOST = '\u0000every';
const QUIT = '\u0000quit';

/** The inventory's hosts: open one (its checklist, as for one server), or plan every host and apply to all. */
export function HostsScreen({ hosts, error, isActive, onOpen, onEveryHost, onQuit }: HostsScreenProps) {
  const width = Math.max(...hosts.map((h) => h.name.length));
  const items = [
    ...hosts.map((host) => ({ key: host.name, label: `${host.name.padEnd(width)}  ${host.target}`, value: host.name })),
    { key: EVERY_HOST, label: `Every host (${hosts.length}): plan, then apply to all…`, value: EVERY_HOST },
    { key: QUIT, label: 'Quit', value: QUIT },
  ];
  return (
    <Box flexDirection="column">
      <Text>Which server of the inventory?</Text>
      <SelectInput
        isFocused={isActive}
        items={items}
        limit={18}
        onSelect={(item) => {
          if (item.value === QUIT) onQuit();
          else if (item.value === EVERY_HOST) onEveryHost();
          else onOpen(item.value);
        }}
      />
      {error ? <Tint color="red">{error}</Tint> : null}
    </Box>
  );
}
