import type { Prompt, Reducers } from '../wizard-state.js';

/** What shows over the screen: the help, "quit anyway?", a prompt from golive's core, a one-line flash. */
export type OverlayAction =
  | { readonly type: 'toggle-help' }
  | { readonly type: 'ask-quit' }
  | { readonly type: 'cancel-quit' }
  | { readonly type: 'prompt'; readonly prompt: Prompt | undefined }
  | { readonly type: 'flash'; readonly message: string };

export const overlayReducers: Reducers<OverlayAction> = {
  'toggle-help': (state) => ({ ...state, overlay: state.overlay === 'help' ? undefined : 'help' }),
  'ask-quit': (state) => ({ ...state, overlay: 'quit' }),
  'cancel-quit': (state) => ({ ...state, overlay: undefined }),
  prompt: (state, { prompt }) => ({ ...state, prompt }),
  flash: (state, { message }) => ({ ...state, flash: message }),
};
