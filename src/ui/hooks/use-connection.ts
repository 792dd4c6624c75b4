import { type Dispatch, useCallback, useEffect, useRef } from 'react';
import type { Interaction } from '../../interaction.js';
import { type ConnectRequest, type RawAnswers, TargetNeeded, type WizardDriver } from '../driver.js';
import { messageOf } from '../message-of.js';
import type { Action } from '../wizard-state.js';

/** Who the header names while connecting, before the server says who we are. */
export function requestLabel(request: ConnectRequest): string {
  return request.host ?? (request.source === 'config' ? 'the target in golive.yml' : 'this machine');
}

/**
 * Connecting (at once when --host or golive.yml name the server, else from the connect form) and
 * reading the server for the checklist; `survey` reads it again after a run.
 */
export function useConnection(driver: WizardDriver, interaction: Interaction, dispatch: Dispatch<Action>) {
  // The checklist first, then the audit; an audit of an earlier reading is dropped.
  const readings = useRef(0);
  const survey = useCallback(
    async (answers: RawAnswers) => {
      const reading = (readings.current += 1);
      try {
        dispatch({ type: 'surveyed', survey: await driver.survey(answers) });
      } catch (error) {
        dispatch({ type: 'survey-failed', message: messageOf(error) });
        return;
      }
      try {
        const findings = await driver.audit(answers);
        if (reading === readings.current) dispatch({ type: 'audited', findings });
      } catch (error) {
        if (reading === readings.current) dispatch({ type: 'survey-failed', message: `the go-live audit could not be read: ${messageOf(error)}` });
      }
    },
    [driver, dispatch],
  );

  const connectTo = useCallback(
    async (request: ConnectRequest) => {
      dispatch({ type: 'connecting', label: requestLabel(request) });
      try {
        const label = await driver.connect(request, interaction);
        const answers = await driver.initialAnswers(label);
        dispatch({ type: 'connected', label, answers });
        await survey(answers);
      } catch (error) {
        dispatch({ type: 'connect-failed', message: error instanceof TargetNeeded ? undefined : messageOf(error) });
      }
    },
    [driver, interaction, survey, dispatch],
  );

  useEffect(() => {
    if (driver.preset) void connectTo(driver.preset);
  }, [driver, connectTo]);

  return { connectTo, survey };
}
