import { type Dispatch, useCallback, useEffect } from 'react';
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
  const survey = useCallback(
    (answers: RawAnswers) =>
      driver.survey(answers).then(
        (result) => dispatch({ type: 'surveyed', survey: result }),
        (error: unknown) => dispatch({ type: 'survey-failed', message: messageOf(error) }),
      ),
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
