import type { Manifest } from '../engine/journal.js';
import type { AuditFinding, StepId } from '../engine/types.js';
import type { RawAnswers, StepInfo } from './driver.js';
import { type AnswersAction, answersReducers } from './state/answers-reducers.js';
import { type ApplyAction, applyReducers } from './state/apply-reducers.js';
import { type AuditAction, auditReducers } from './state/audit-reducers.js';
import { type BackupTaskAction, backupTaskReducers } from './state/backup-task-reducers.js';
import { type ConnectionAction, connectionReducers } from './state/connection-reducers.js';
import { type FleetAction, fleetReducers } from './state/fleet-reducers.js';
import { type NavigationAction, navigationReducers } from './state/navigation-reducers.js';
import { type OverlayAction, overlayReducers } from './state/overlay-reducers.js';
import { type PreviewAction, previewReducers } from './state/preview-reducers.js';
import { type RunsAction, runsReducers } from './state/runs-reducers.js';
import { isTyping, isWorking, type Screen } from './state/screens.js';
import { probingRows, type StepRow } from './state/step-rows.js';

/** The wizard as data: which screen, what it shows. Components render this; intents change it. */

/** A question golive's core asks through its Interaction: a host key to trust (confirm), a passphrase or sudo password (secret). */
export interface Prompt {
  readonly kind: 'confirm' | 'secret';
  readonly text: string;
}

export interface WizardState {
  readonly label: string;
  readonly connection: 'form' | 'connecting' | 'connected' | 'failed';
  readonly error?: string;
  readonly screen: Screen;
  readonly steps: readonly StepInfo[];
  readonly rows: readonly StepRow[];
  /** The go-live audit, in checklist order; undefined until the server is read. */
  readonly findings?: readonly AuditFinding[];
  readonly runs: readonly Manifest[];
  readonly surveyed: boolean;
  /** What each step would use unasked: golive.yml, last answers, then the server's facts. */
  readonly defaults: RawAnswers;
  /** What the admin typed in this session, over the defaults. */
  readonly answers: RawAnswers;
  readonly unsaved: boolean;
  readonly flash?: string;
  readonly overlay?: 'help' | 'quit';
  readonly prompt?: Prompt;
  readonly dryRun: boolean;
  readonly only?: readonly StepId[];
  /** --inventory: the wizard starts at its hosts and goes back there. */
  readonly inventory: boolean;
}

export type Action = FleetAction | ConnectionAction | AnswersAction | PreviewAction | ApplyAction | RunsAction | AuditAction | BackupTaskAction | NavigationAction | OverlayAction;

/** One reducer per action type: the map must name every type, so none is forgotten. */
export type Reducers<A extends { readonly type: string }> = {
  readonly [T in A['type']]: (state: WizardState, action: Extract<A, { readonly type: T }>) => WizardState;
};

const REDUCERS: Reducers<Action> = {
  ...fleetReducers,
  ...connectionReducers,
  ...answersReducers,
  ...previewReducers,
  ...applyReducers,
  ...runsReducers,
  ...auditReducers,
  ...backupTaskReducers,
  ...navigationReducers,
  ...overlayReducers,
};

export function reduce(state: WizardState, action: Action): WizardState {
  const reducer = REDUCERS[action.type] as (state: WizardState, action: Action) => WizardState;
  return reducer(state, action);
}

export function initialState(steps: readonly StepInfo[], options: { readonly label?: string; readonly dryRun?: boolean; readonly only?: readonly StepId[]; readonly inventory?: boolean }): WizardState {
  const connecting = options.label !== undefined;
  return {
    label: options.label ?? '',
    connection: connecting ? 'connecting' : 'form',
    screen: connecting ? { name: 'checklist' } : options.inventory ? { name: 'hosts' } : { name: 'connect' },
    inventory: options.inventory ?? false,
    steps,
    rows: probingRows(steps),
    runs: [],
    surveyed: false,
    defaults: {},
    answers: {},
    unsaved: false,
    dryRun: options.dryRun ?? false,
    only: options.only,
  };
}

/** golive is only reading the server (connecting, surveying, planning): stopping now changes nothing. */
export function isReadingServer(state: WizardState): boolean {
  if (state.connection === 'connecting' || state.screen.name === 'planning') return true;
  return state.screen.name === 'checklist' && state.connection === 'connected' && state.rows.some((r) => r.state === 'probing');
}

/** Whether q may quit: not while typing in a field, nor while golive works on the server or plans. */
export function mayQuitWithQ(state: WizardState): boolean {
  return !isTyping(state.screen) && !isWorking(state.screen) && state.screen.name !== 'planning';
}
