import type { ApplyEvent, ApplyResult } from '../../engine/apply.js';
import type { Reducers, WizardState } from '../wizard-state.js';
import type { ActionRow } from './screens.js';

/** A run under way: its actions as they start and end, the undo when it fails, the verdict. */
export type ApplyAction =
  | { readonly type: 'apply-event'; readonly event: ApplyEvent; readonly now: number }
  | { readonly type: 'applied'; readonly result: ApplyResult }
  | { readonly type: 'apply-failed'; readonly message: string };

function withAction(actions: readonly ActionRow[], event: Extract<ApplyEvent, { type: 'action' }>, now: number): ActionRow[] {
  if (event.state === 'started') return [...actions, { label: event.label, state: 'running', startedAt: now }];
  const index = actions.findLastIndex((a) => a.label === event.label && a.state === 'running');
  if (index < 0) return [...actions];
  const updated = { ...actions[index]!, state: event.state, endedAt: now, detail: event.detail };
  return [...actions.slice(0, index), updated, ...actions.slice(index + 1)];
}

function applyEvent(state: WizardState, event: ApplyEvent, now: number): WizardState {
  const screen = state.screen;
  if (screen.name !== 'applying') return state;
  if (event.type === 'rolling-back') return { ...state, screen: { ...screen, undoing: event.reason } };
  if (event.type !== 'action') return state;
  return { ...state, screen: { ...screen, actions: withAction(screen.actions, event, now) } };
}

export const applyReducers: Reducers<ApplyAction> = {
  'apply-event': (state, { event, now }) => applyEvent(state, event, now),
  applied: (state, { result }) => (state.screen.name === 'applying' ? { ...state, screen: { ...state.screen, result } } : state),
  'apply-failed': (state, { message }) => (state.screen.name === 'applying' ? { ...state, screen: { ...state.screen, error: message } } : state),
};
