import type { Reducers, WizardState } from '../wizard-state.js';

/** The go-live audit: its list of items, the cursor in it, one item's evidence and fix. Read-only: nothing here reaches the server. */
export type AuditAction = { readonly type: 'open-audit' } | { readonly type: 'move-audit-cursor'; readonly by: number } | { readonly type: 'open-finding' };

function moveCursor(state: WizardState, by: number): WizardState {
  if (state.screen.name !== 'audit') return state;
  const last = Math.max(0, (state.findings?.length ?? 0) - 1);
  const cursor = Math.min(last, Math.max(0, state.screen.cursor + by));
  return cursor === state.screen.cursor ? state : { ...state, screen: { name: 'audit', cursor } };
}

export const auditReducers: Reducers<AuditAction> = {
  'open-audit': (state) => (state.findings ? { ...state, flash: undefined, screen: { name: 'audit', cursor: 0 } } : state),
  'move-audit-cursor': (state, { by }) => moveCursor(state, by),
  'open-finding': (state) => (state.screen.name === 'audit' && state.findings?.[state.screen.cursor] ? { ...state, screen: { name: 'audit-finding', index: state.screen.cursor } } : state),
};
