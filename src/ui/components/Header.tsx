import { Box, Text } from 'ink';
import { Tint } from '../theme.js';
import type { WizardState } from '../wizard-state.js';
import { Spinner } from './Spinner.js';

/** golive — the server, whether it is connecting, and whether this is a dry run. */
export function Header({ state }: { readonly state: WizardState }) {
  return (
    <Box>
      <Tint bold>golive</Tint>
      <Text> — {state.label || 'not connected'}</Text>
      {state.connection === 'connecting' ? (
        <Text>
          {'  '}
          <Spinner /> connecting…
        </Text>
      ) : null}
      {state.dryRun ? <Tint color="yellow">  (dry run: nothing will change)</Tint> : null}
    </Box>
  );
}

/** The last one-line news (answers saved, steps skipped) and the error, if any; the connect screen shows its own error. */
export function Notices({ state }: { readonly state: WizardState }) {
  return (
    <>
      {state.flash ? <Tint color="cyan">{state.flash}</Tint> : null}
      {state.error && state.screen.name !== 'connect' ? <Tint color="red">{state.error}</Tint> : null}
    </>
  );
}
