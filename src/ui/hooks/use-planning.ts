import { type Dispatch, useEffect } from 'react';
import type { WizardDriver } from '../driver.js';
import { messageOf } from '../message-of.js';
import type { Action, WizardState } from '../wizard-state.js';

/** Plans the queue when the planning screen is entered, with the answers as they were then. */
export function usePlanning(driver: WizardDriver, state: WizardState, dispatch: Dispatch<Action>): void {
  const queue = state.screen.name === 'planning' ? state.screen.queue : undefined;
  useEffect(() => {
    if (!queue) return;
    driver.plan(queue, state.answers).then(
      (planned) => dispatch({ type: 'planned', planned }),
      (error: unknown) => dispatch({ type: 'plan-failed', message: messageOf(error) }),
    );
    // Only entering the screen plans; answers typed later wait for the next time.
  }, [queue]);
}
