import type { FleetResult, FleetUpdate } from '../driver.js';
import type { Reducers, WizardState } from '../wizard-state.js';
import { probingRows } from './step-rows.js';

/** The inventory's hosts and every host at once: back to the list, a fleet's run as it goes. */
export type FleetAction =
  | { readonly type: 'open-hosts' }
  /** `run`: new for each start (the hook starts the run it has not started yet). */
  | { readonly type: 'fleet-start'; readonly command: 'plan' | 'apply'; readonly hosts: readonly string[]; readonly run: number }
  | { readonly type: 'fleet-host'; readonly update: FleetUpdate }
  | { readonly type: 'fleet-done'; readonly results: readonly FleetResult[] }
  | { readonly type: 'fleet-failed'; readonly message: string };

function inFleet(state: WizardState, change: (screen: Extract<WizardState['screen'], { name: 'fleet' }>) => WizardState['screen']): WizardState {
  return state.screen.name === 'fleet' ? { ...state, screen: change(state.screen) } : state;
}

export const fleetReducers: Reducers<FleetAction> = {
  // The host open until now is left: nothing of its reading stays on screen.
  'open-hosts': (state) => ({ ...state, label: '', connection: 'form', screen: { name: 'hosts' }, rows: probingRows(state.steps), findings: undefined, runs: [], surveyed: false, defaults: {}, answers: {}, unsaved: false }),
  'fleet-start': (state, { command, hosts, run }) => ({ ...state, error: undefined, screen: { name: 'fleet', command, run, rows: hosts.map((host) => ({ host, state: 'waiting', line: '' })) } }),
  'fleet-host': (state, { update }) => inFleet(state, (screen) => ({ ...screen, rows: screen.rows.map((row) => (row.host === update.host ? { ...row, state: update.state, line: update.line } : row)) })),
  'fleet-done': (state, { results }) => inFleet(state, (screen) => ({ ...screen, results })),
  'fleet-failed': (state, { message }) => inFleet(state, (screen) => ({ ...screen, error: message })),
};
