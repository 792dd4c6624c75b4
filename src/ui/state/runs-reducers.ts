import type { RollbackReport } from '../../engine/rollback.js';
import type { Reducers } from '../wizard-state.js';

/** The runs recorded on the server, one run, and its rollback. */
export type RunsAction =
  | { readonly type: 'open-runs' }
  | { readonly type: 'open-run'; readonly runId: string }
  | { readonly type: 'rollback' }
  | { readonly type: 'rolled-back'; readonly report: RollbackReport }
  | { readonly type: 'rollback-failed'; readonly message: string };

export const runsReducers: Reducers<RunsAction> = {
  'open-runs': (state) => ({ ...state, flash: undefined, screen: { name: 'runs' } }),
  'open-run': (state, { runId }) => ({ ...state, screen: { name: 'run', runId } }),
  rollback: (state) => (state.screen.name === 'run' ? { ...state, screen: { name: 'rolling-back', runId: state.screen.runId } } : state),
  'rolled-back': (state, { report }) => (state.screen.name === 'rolling-back' ? { ...state, screen: { ...state.screen, report } } : state),
  'rollback-failed': (state, { message }) => (state.screen.name === 'rolling-back' ? { ...state, screen: { ...state.screen, error: message } } : state),
};
