import { type Key, useInput } from 'ink';
import type { Dispatch } from 'react';
import { isFinished, isWorking } from '../state/screens.js';
import { type Action, isReadingServer, mayQuitWithQ, type WizardState } from '../wizard-state.js';

interface GlobalKeys {
  readonly state: WizardState;
  readonly dispatch: Dispatch<Action>;
  readonly quit: () => void;
  readonly finish: () => void;
  /** Stops the run under way after its current action; the engine undoes it. */
  readonly interrupt: () => void;
  /** Back to the checklist after an outcome: the server is read again. */
  readonly home: () => void;
}

/**
 * Ctrl+C: while golive only reads the server (connecting, surveying, planning), quits like q;
 * while a run applies, interrupts it (the engine undoes the run); during a rollback or a backup
 * task, waits for it to end. Pressed again at "quit anyway?", quits.
 */
function onCtrlC({ state, quit, finish, interrupt }: GlobalKeys): void {
  if (state.overlay === 'quit') return finish();
  if (isReadingServer(state)) return quit();
  if (state.prompt) return;
  if (isWorking(state.screen)) {
    if (state.screen.name === 'applying') interrupt();
    return;
  }
  quit();
}

/** Keys that work on every screen: ? help, q quit, Ctrl+C, Enter after an outcome. */
function onKey(keys: GlobalKeys, input: string, key: Key): void {
  const { state, dispatch } = keys;
  if (key.ctrl && input === 'c') return onCtrlC(keys);
  if (state.prompt) return;
  if (state.overlay === 'quit') {
    if (input === 'y') keys.finish();
    else if (input === 'n' || key.escape) dispatch({ type: 'cancel-quit' });
    return;
  }
  if (input === '?') return dispatch({ type: 'toggle-help' });
  if (state.overlay === 'help') {
    if (key.escape) dispatch({ type: 'toggle-help' });
    return;
  }
  if (input === 'q' && mayQuitWithQ(state)) return keys.quit();
  if (key.return && isFinished(state.screen)) keys.home();
}

export function useGlobalKeys(keys: GlobalKeys): void {
  useInput((input, key) => onKey(keys, input, key));
}
