import type { Reducers, WizardState } from '../wizard-state.js';
import type { Screen } from './screens.js';

/** Esc: close the overlay, or go one screen back. */
export type NavigationAction = { readonly type: 'back' };

function previousScreen(screen: Screen): Screen {
  switch (screen.name) {
    case 'answers':
      return screen.index > 0 ? { ...screen, index: screen.index - 1, error: undefined } : { name: 'checklist' };
    case 'preview':
      return { name: 'answers', queue: screen.queue, index: screen.queue.length - 1 };
    case 'runs':
      return { name: 'checklist' };
    case 'run':
      return { name: 'runs' };
    case 'audit':
      return { name: 'checklist' };
    case 'audit-finding':
      return { name: 'audit', cursor: screen.index };
    case 'backup-task':
      return screen.stage === 'running' ? screen : { name: 'checklist' };
    default:
      return screen;
  }
}

function back(state: WizardState): WizardState {
  if (state.overlay) return { ...state, overlay: undefined };
  const previous = previousScreen(state.screen);
  return previous === state.screen ? state : { ...state, screen: previous };
}

export const navigationReducers: Reducers<NavigationAction> = { back };
