import { useApp } from 'ink';
import { type Dispatch, useCallback } from 'react';
import type { WizardDriver } from '../driver.js';
import type { Action } from '../wizard-state.js';

/** `finish` closes the connection and leaves; `quit` asks first when answers are not saved. */
export function useExit(driver: WizardDriver, unsaved: boolean, dispatch: Dispatch<Action>, onExit: (() => void) | undefined) {
  const { exit } = useApp();
  const finish = useCallback(() => {
    void driver.close();
    onExit?.();
    exit();
  }, [driver, exit, onExit]);
  const quit = useCallback(() => (unsaved ? dispatch({ type: 'ask-quit' }) : finish()), [unsaved, finish, dispatch]);
  return { finish, quit };
}
