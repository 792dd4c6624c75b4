import type { StepId } from '../../engine/types.js';
import type { Reducers, WizardState } from '../wizard-state.js';

/** The answers screens, one per step of the queue, then planning. */
export type AnswersAction =
  | { readonly type: 'open-steps'; readonly ids: readonly StepId[] }
  | { readonly type: 'answer'; readonly stepId: StepId; readonly key: string; readonly value: unknown }
  | { readonly type: 'answers-invalid'; readonly message: string }
  | { readonly type: 'answers-done' };

function answersDone(state: WizardState): WizardState {
  const screen = state.screen;
  if (screen.name !== 'answers') return state;
  if (screen.index + 1 < screen.queue.length) return { ...state, screen: { ...screen, index: screen.index + 1, error: undefined } };
  return { ...state, screen: { name: 'planning', queue: screen.queue } };
}

export const answersReducers: Reducers<AnswersAction> = {
  'open-steps': (state, { ids }) => (ids.length === 0 ? state : { ...state, flash: undefined, screen: { name: 'answers', queue: ids, index: 0 } }),
  answer: (state, { stepId, key, value }) => ({ ...state, unsaved: true, answers: { ...state.answers, [stepId]: { ...state.answers[stepId], [key]: value } } }),
  'answers-invalid': (state, { message }) => (state.screen.name === 'answers' ? { ...state, screen: { ...state.screen, error: message } } : state),
  'answers-done': answersDone,
};
