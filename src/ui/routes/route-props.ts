import type { Dispatch } from 'react';
import type { ConnectRequest, WizardDriver } from '../driver.js';
import type { Screen, ScreenNamed } from '../state/screens.js';
import type { Action, WizardState } from '../wizard-state.js';

/** What a route (a screen with its glue to the state and the driver) may use. */
export interface RouteProps {
  readonly state: WizardState;
  readonly dispatch: Dispatch<Action>;
  readonly driver: WizardDriver;
  /** No overlay or prompt covers the screen: it may take keys. */
  readonly isActive: boolean;
  /** Ctrl+C was pressed during the run under way. */
  readonly interrupted: boolean;
  readonly connectTo: (request: ConnectRequest) => void;
  readonly quit: () => void;
}

export type RoutePropsOn<N extends Screen['name']> = RouteProps & { readonly screen: ScreenNamed<N> };
