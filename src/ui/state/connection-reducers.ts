import type { AuditFinding } from '../../engine/types.js';
import type { RawAnswers, SurveyResult } from '../driver.js';
import type { Reducers, WizardState } from '../wizard-state.js';
import { probingRows, stepRows } from './step-rows.js';

/** Connecting to the server and reading it: the checklist's rows, the audit's findings and runs. */
export type ConnectionAction =
  | { readonly type: 'connecting'; readonly label: string }
  | { readonly type: 'connected'; readonly label: string; readonly answers: RawAnswers }
  | { readonly type: 'connect-failed'; readonly message: string | undefined }
  | { readonly type: 'surveyed'; readonly survey: SurveyResult }
  | { readonly type: 'audited'; readonly findings: readonly AuditFinding[] }
  | { readonly type: 'survey-failed'; readonly message: string }
  | { readonly type: 'home' };

function surveyed(state: WizardState, survey: SurveyResult): WizardState {
  // --only opens the answers of its steps once, as soon as the server is read.
  const startWithOnly = !state.surveyed && state.only && state.only.length > 0;
  return {
    ...state,
    rows: stepRows(state.steps, survey.outcomes, survey.runs),
    findings: undefined,
    runs: survey.runs,
    defaults: Object.fromEntries(survey.outcomes.filter((o) => 'answers' in o).map((o) => [o.step.id, o.answers as Record<string, unknown>])),
    surveyed: true,
    error: undefined,
    screen: startWithOnly ? { name: 'answers', queue: state.only!, index: 0 } : state.screen,
  };
}

export const connectionReducers: Reducers<ConnectionAction> = {
  connecting: (state, { label }) => ({ ...state, label, connection: 'connecting', error: undefined, screen: { name: 'checklist' } }),
  connected: (state, { label, answers }) => ({ ...state, label, connection: 'connected', answers }),
  'connect-failed': (state, { message }) => ({ ...state, connection: 'failed', error: message, screen: state.inventory ? { name: 'hosts' } : { name: 'connect' } }),
  surveyed: (state, { survey }) => surveyed(state, survey),
  audited: (state, { findings }) => ({ ...state, findings }),
  'survey-failed': (state, { message }) => ({
    ...state,
    error: message,
    rows: state.rows.map((r) => (r.state === 'probing' ? { ...r, state: 'unknown', summary: 'could not read the server' } : r)),
  }),
  home: (state) => ({ ...state, screen: { name: 'checklist' }, rows: probingRows(state.steps), findings: undefined }),
};
