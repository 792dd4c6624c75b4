import { type Dispatch, useCallback, useEffect, useRef, useState } from 'react';
import type { WizardDriver } from '../driver.js';
import { messageOf } from '../message-of.js';
import type { Screen } from '../state/screens.js';
import type { Action } from '../wizard-state.js';

/**
 * Applies the previewed plan when the applying screen is entered. `interrupt` (Ctrl+C) asks the
 * engine to stop after the current action and undo the run; the run's result says how that went.
 */
export function useApply(driver: WizardDriver, screen: Screen, dispatch: Dispatch<Action>) {
  const abort = useRef<AbortController | undefined>(undefined);
  const [interrupted, setInterrupted] = useState(false);
  const planned = screen.name === 'applying' ? screen.planned : undefined;

  useEffect(() => {
    if (!planned) return;
    const controller = new AbortController();
    abort.current = controller;
    setInterrupted(false);
    driver.apply(planned, (event) => dispatch({ type: 'apply-event', event, now: Date.now() }), controller.signal).then(
      (result) => dispatch({ type: 'applied', result }),
      (error: unknown) => dispatch({ type: 'apply-failed', message: messageOf(error) }),
    );
  }, [planned, driver, dispatch]);

  const interrupt = useCallback(() => {
    abort.current?.abort();
    setInterrupted(true);
  }, []);

  return { interrupted, interrupt };
}
