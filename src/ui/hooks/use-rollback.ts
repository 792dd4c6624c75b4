import { type Dispatch, useEffect } from 'react';
import type { WizardDriver } from '../driver.js';
import { messageOf } from '../message-of.js';
import type { Screen } from '../state/screens.js';
import type { Action } from '../wizard-state.js';

/** Rolls the run back when the rolling-back screen is entered. */
export function useRollback(driver: WizardDriver, screen: Screen, dispatch: Dispatch<Action>): void {
  const runId = screen.name === 'rolling-back' ? screen.runId : undefined;
  useEffect(() => {
    if (!runId) return;
    driver.rollback(runId).then(
      (report) => dispatch({ type: 'rolled-back', report }),
      (error: unknown) => dispatch({ type: 'rollback-failed', message: messageOf(error) }),
    );
  }, [runId, driver, dispatch]);
}
