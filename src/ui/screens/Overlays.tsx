import { Box, Text } from 'ink';
import { useState } from 'react';
import { TextField } from '../components/TextField.js';
import { Tint } from '../theme.js';
import type { Prompt, WizardState } from '../wizard-state.js';

export function HelpOverlay() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Tint bold>Keys</Tint>
      <Text>↑↓ or j/k   move (in the preview: scroll; PgUp/PgDn a page)</Text>
      <Text>←→          choose (answers with choices, preview actions)</Text>
      <Text>Enter       select, continue</Text>
      <Text>Esc         back</Text>
      <Text>audit       Go-live audit…: ↑↓ j/k PgUp/PgDn move, Enter evidence and fix</Text>
      <Text>            read-only: nothing on the audit screens changes the server</Text>
      <Text>?           this help (Esc or ? closes it)</Text>
      <Text>q           quit (asks first when answers are not saved)</Text>
      <Text>Ctrl+C      while applying: finish the current action, then undo the run</Text>
      <Text>            while reading the server: quit, nothing was changed</Text>
      <Tint bold>States</Tint>
      <Text>applied     golive applied it, and the server still has it</Text>
      <Text>in order    nothing to change, though golive never applied it</Text>
      <Text>pending     golive would change something (see the preview)</Text>
      <Text>drifted     golive applied it once; it has changed since</Text>
    </Box>
  );
}

export function QuitOverlay() {
  return (
    <Box borderStyle="round" paddingX={1}>
      <Text>Your answers are not saved to golive.yml. Quit anyway? (y/n)</Text>
    </Box>
  );
}

/** A prompt from golive's core (a host key to trust, a passphrase, a sudo password). */
export function PromptOverlay({ prompt, onAnswer }: { readonly prompt: Prompt; readonly onAnswer: (answer: string) => void }) {
  const [text, setText] = useState('');
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text>{prompt.text}</Text>
      {prompt.kind === 'secret' ? (
        <TextField value={text} onChange={setText} onSubmit={() => onAnswer(text)} isActive mask />
      ) : (
        <Box>
          <Text>(y/n) </Text>
          <TextField value={text} onChange={(t) => (/^[yn]$/i.test(t) ? onAnswer(t.toLowerCase()) : setText(''))} isActive />
        </Box>
      )}
    </Box>
  );
}

/** Whatever covers the screen now: a prompt, the help, "quit anyway?". */
export function Overlays({ state, onAnswer }: { readonly state: WizardState; readonly onAnswer: (answer: string) => void }) {
  return (
    <>
      {state.prompt ? <PromptOverlay prompt={state.prompt} onAnswer={onAnswer} /> : null}
      {state.overlay === 'help' ? <HelpOverlay /> : null}
      {state.overlay === 'quit' ? <QuitOverlay /> : null}
    </>
  );
}
