import type { PlannedStep } from '../../engine/session.js';
import type { Reducers, WizardState } from '../wizard-state.js';

/** The plan arrives (or is refused), is previewed, then applied, skipped, or its answers saved. */
export type PreviewAction =
  | { readonly type: 'planned'; readonly planned: readonly PlannedStep[] }
  | { readonly type: 'plan-failed'; readonly message: string }
  | { readonly type: 'apply' }
  | { readonly type: 'skip' }
  | { readonly type: 'saved'; readonly path: string };

function apply(state: WizardState): WizardState {
  const screen = state.screen;
  if (screen.name !== 'preview') return state;
  if (state.dryRun) return { ...state, screen: { name: 'dry-run-done', planned: screen.planned } };
  return { ...state, screen: { name: 'applying', planned: screen.planned, actions: [] } };
}

export const previewReducers: Reducers<PreviewAction> = {
  planned: (state, { planned }) => (state.screen.name === 'planning' ? { ...state, screen: { name: 'preview', queue: state.screen.queue, planned } } : state),
  'plan-failed': (state, { message }) =>
    state.screen.name === 'planning' ? { ...state, screen: { name: 'answers', queue: state.screen.queue, index: state.screen.queue.length - 1, error: message } } : state,
  apply,
  skip: (state) => (state.screen.name === 'preview' ? { ...state, flash: `skipped ${state.screen.queue.join(', ')}: nothing was changed`, screen: { name: 'checklist' } } : state),
  saved: (state, { path }) => ({ ...state, unsaved: false, flash: `answers saved to ${path}` }),
};
