import { type Dispatch, useEffect } from 'react';
import type { WizardDriver } from '../driver.js';
import { messageOf } from '../message-of.js';
import type { Screen } from '../state/screens.js';
import type { Action } from '../wizard-state.js';

/** Runs plan or apply on every host when the fleet screen starts a run, each host told as it goes. */
export function useFleet(driver: WizardDriver, screen: Screen, dispatch: Dispatch<Action>): void {
  const start = screen.name === 'fleet' && !screen.results && !screen.error ? { command: screen.command, run: screen.run } : undefined;
  const run = start?.run;
  const command = start?.command;
  useEffect(() => {
    if (run === undefined || command === undefined) return;
    driver.fleet(command, (update) => dispatch({ type: 'fleet-host', update })).then(
      (results) => dispatch({ type: 'fleet-done', results }),
      (error: unknown) => dispatch({ type: 'fleet-failed', message: messageOf(error) }),
    );
  }, [run, command, driver, dispatch]);
}
