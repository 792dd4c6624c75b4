import { messageOf } from '../message-of.js';
import { AnswersScreen } from '../screens/AnswersScreen.js';
import type { RoutePropsOn } from './route-props.js';

/** The answers of the queue's current step, prefilled, each checked as golive.yml would check it. */
export function AnswersRoute({ state, dispatch, driver, isActive, screen }: RoutePropsOn<'answers'>) {
  const stepId = screen.queue[screen.index]!;
  const info = state.steps.find((s) => s.id === stepId)!;
  const row = state.rows.find((r) => r.id === stepId);
  const refusal = row?.state === 'blocked' ? ` — ${row.summary}` : '';
  const check = (key: string, value: unknown) => {
    try {
      driver.validate(stepId, { [key]: value });
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  };
  return (
    <AnswersScreen
      key={stepId}
      title={`${info.title} (${screen.index + 1}/${screen.queue.length})${refusal}`}
      questions={info.questions}
      values={{ ...state.defaults[stepId], ...state.answers[stepId] }}
      error={screen.error}
      isActive={isActive}
      check={check}
      onAnswer={(key, value) => dispatch({ type: 'answer', stepId, key, value })}
      onDone={() => dispatch({ type: 'answers-done' })}
      onBack={() => dispatch({ type: 'back' })}
    />
  );
}
