import { type Dispatch, useMemo, useRef } from 'react';
import type { Interaction } from '../../interaction.js';
import type { Action, Prompt } from '../wizard-state.js';

/**
 * The bridge from golive's core, which awaits answers as promises, to the prompt overlay: a prompt
 * shows until `answer` is called, then the core's promise resolves with what was typed.
 */
export function usePrompts(dispatch: Dispatch<Action>): { readonly interaction: Interaction; readonly answer: (answer: string) => void } {
  const pending = useRef<((answer: string) => void) | undefined>(undefined);
  return useMemo(() => {
    const ask = (prompt: Prompt) =>
      new Promise<string>((resolve) => {
        pending.current = (answer) => {
          pending.current = undefined;
          dispatch({ type: 'prompt', prompt: undefined });
          resolve(answer);
        };
        dispatch({ type: 'prompt', prompt });
      });
    const interaction: Interaction = {
      canAsk: true,
      confirm: async (text) => (await ask({ kind: 'confirm', text })) === 'y',
      askSecret: (text) => ask({ kind: 'secret', text }),
    };
    return { interaction, answer: (answer: string) => pending.current?.(answer) };
  }, [dispatch]);
}
