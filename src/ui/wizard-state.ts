import type { CheckRow } from '../checks/go-live-checks.js';
import type { ApplyEvent, ApplyResult } from '../engine/apply.js';
import type { Manifest } from '../engine/journal.js';
import type { RollbackReport } from '../engine/rollback.js';
import type { PlannedStep, StepOutcome } from '../engine/session.js';
import { allChanges, type StepId } from '../engine/types.js';
import { NotConfiguredError } from '../errors.js';
import type { RawAnswers, StepInfo, SurveyResult } from './driver.js';

/** The wizard as data: which screen, what it shows. Components render this; intents change it. */

export type StepState = 'probing' | 'applied' | 'pending' | 'drifted' | 'blocked' | 'needs input' | 'unavailable' | 'unknown';

export interface StepRow {
  readonly id: StepId;
  readonly title: string;
  readonly state: StepState;
  readonly summary: string;
}

export interface ActionRow {
  readonly label: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly detail?: string;
}

export type Screen =
  | { readonly name: 'connect' }
  | { readonly name: 'checklist' }
  | { readonly name: 'answers'; readonly queue: readonly StepId[]; readonly index: number; readonly error?: string }
  | { readonly name: 'planning'; readonly queue: readonly StepId[] }
  | { readonly name: 'preview'; readonly queue: readonly StepId[]; readonly planned: readonly PlannedStep[] }
  | { readonly name: 'applying'; readonly planned: readonly PlannedStep[]; readonly actions: readonly ActionRow[]; readonly undoing?: string; readonly result?: ApplyResult; readonly error?: string }
  | { readonly name: 'dry-run-done'; readonly planned: readonly PlannedStep[] }
  | { readonly name: 'runs' }
  | { readonly name: 'run'; readonly runId: string }
  | { readonly name: 'rolling-back'; readonly runId: string; readonly report?: RollbackReport; readonly error?: string }
  | { readonly name: 'backup-task'; readonly task: BackupTask; readonly stage: 'key' | 'running' | 'done'; readonly privateKeyFile?: string; readonly ok?: boolean; readonly result?: string };

/** What the wizard can do with the backup job once it is in place. */
export type BackupTask = 'backup-now' | 'test-restore';

export interface Question {
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
  readonly checks?: readonly CheckRow[];
  readonly runs: readonly Manifest[];
  readonly surveyed: boolean;
  /** What each step would use unasked: golive.yml, last answers, then the server's facts. */
  readonly defaults: RawAnswers;
  /** What the admin typed in this session, over the defaults. */
  readonly answers: RawAnswers;
  readonly unsaved: boolean;
  readonly flash?: string;
  readonly overlay?: 'help' | 'quit';
  readonly question?: Question;
  readonly dryRun: boolean;
  readonly only?: readonly StepId[];
}

export type Action =
  | { readonly type: 'connecting'; readonly label: string }
  | { readonly type: 'connected'; readonly label: string; readonly answers: RawAnswers }
  | { readonly type: 'connect-failed'; readonly message: string | undefined }
  | { readonly type: 'surveyed'; readonly survey: SurveyResult }
  | { readonly type: 'survey-failed'; readonly message: string }
  | { readonly type: 'open-steps'; readonly ids: readonly StepId[] }
  | { readonly type: 'answer'; readonly stepId: StepId; readonly key: string; readonly value: unknown }
  | { readonly type: 'answers-invalid'; readonly message: string }
  | { readonly type: 'answers-done' }
  | { readonly type: 'planned'; readonly planned: readonly PlannedStep[] }
  | { readonly type: 'plan-failed'; readonly message: string }
  | { readonly type: 'back' }
  | { readonly type: 'apply' }
  | { readonly type: 'skip' }
  | { readonly type: 'apply-event'; readonly event: ApplyEvent; readonly now: number }
  | { readonly type: 'applied'; readonly result: ApplyResult }
  | { readonly type: 'apply-failed'; readonly message: string }
  | { readonly type: 'saved'; readonly path: string }
  | { readonly type: 'flash'; readonly message: string }
  | { readonly type: 'open-runs' }
  | { readonly type: 'open-run'; readonly runId: string }
  | { readonly type: 'rollback' }
  | { readonly type: 'rolled-back'; readonly report: RollbackReport }
  | { readonly type: 'rollback-failed'; readonly message: string }
  | { readonly type: 'home' }
  | { readonly type: 'open-backup-task'; readonly task: BackupTask }
  | { readonly type: 'start-backup-task'; readonly privateKeyFile?: string }
  | { readonly type: 'backup-task-done'; readonly ok: boolean; readonly result: string }
  | { readonly type: 'toggle-help' }
  | { readonly type: 'ask-quit' }
  | { readonly type: 'cancel-quit' }
  | { readonly type: 'question'; readonly question: Question | undefined };

export function initialState(steps: readonly StepInfo[], options: { readonly label?: string; readonly dryRun?: boolean; readonly only?: readonly StepId[] }): WizardState {
  const connecting = options.label !== undefined;
  return {
    label: options.label ?? '',
    connection: connecting ? 'connecting' : 'form',
    screen: connecting ? { name: 'checklist' } : { name: 'connect' },
    steps,
    rows: steps.map((s) => ({ id: s.id, title: s.title, state: s.available ? 'probing' : 'unavailable', summary: s.available ? 'reading the server…' : 'not available in this version of golive' })),
    runs: [],
    surveyed: false,
    defaults: {},
    answers: {},
    unsaved: false,
    dryRun: options.dryRun ?? false,
    only: options.only,
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** A step's state on the server: drifted when golive applied it once and it is pending again. */
export function stepRows(steps: readonly StepInfo[], outcomes: readonly StepOutcome[], runs: readonly Manifest[]): StepRow[] {
  return steps.map((info) => {
    const outcome = outcomes.find((o) => o.step.id === info.id);
    const base = { id: info.id, title: info.title };
    if (!info.available) return { ...base, state: 'unavailable', summary: 'not available in this version of golive' };
    if (!outcome) return { ...base, state: 'unknown', summary: 'not read' };
    if ('error' in outcome) return { ...base, state: outcome.error instanceof NotConfiguredError ? 'needs input' : 'blocked', summary: firstLine(outcome.error.message) };
    const changes = allChanges(outcome.plan);
    if (changes.length === 0) return { ...base, state: 'applied', summary: firstLine(outcome.plan.notes[0] ?? 'nothing to change') };
    const appliedBefore = runs.some((r) => r.status === 'applied' && r.steps.includes(info.id));
    const what = changes.map((c) => (c.kind === 'file' ? c.path : c.argv.join(' '))).join(', ');
    return { ...base, state: appliedBefore ? 'drifted' : 'pending', summary: `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: ${what}` };
  });
}

export function pendingIds(state: WizardState): StepId[] {
  return state.rows.filter((r) => r.state === 'pending' || r.state === 'drifted' || r.state === 'blocked').map((r) => r.id);
}

function withAction(actions: readonly ActionRow[], event: Extract<ApplyEvent, { type: 'action' }>, now: number): ActionRow[] {
  if (event.state === 'started') return [...actions, { label: event.label, state: 'running', startedAt: now }];
  const index = actions.findLastIndex((a) => a.label === event.label && a.state === 'running');
  if (index < 0) return [...actions];
  const updated = { ...actions[index]!, state: event.state, endedAt: now, detail: event.detail };
  return [...actions.slice(0, index), updated, ...actions.slice(index + 1)];
}

export function reduce(state: WizardState, action: Action): WizardState {
  const screen = state.screen;
  switch (action.type) {
    case 'connecting':
      return { ...state, label: action.label, connection: 'connecting', error: undefined, screen: { name: 'checklist' } };
    case 'connected':
      return { ...state, label: action.label, connection: 'connected', answers: action.answers };
    case 'connect-failed':
      return { ...state, connection: 'failed', error: action.message, screen: { name: 'connect' } };
    case 'surveyed': {
      const rows = stepRows(state.steps, action.survey.outcomes, action.survey.runs);
      const first = !state.surveyed && state.only && state.only.length > 0;
      return {
        ...state,
        rows,
        checks: action.survey.checks,
        runs: action.survey.runs,
        defaults: Object.fromEntries(action.survey.outcomes.filter((o) => 'answers' in o).map((o) => [o.step.id, o.answers as Record<string, unknown>])),
        surveyed: true,
        error: undefined,
        screen: first ? { name: 'answers', queue: state.only!, index: 0 } : screen,
      };
    }
    case 'survey-failed':
      return { ...state, error: action.message, rows: state.rows.map((r) => (r.state === 'probing' ? { ...r, state: 'unknown', summary: 'could not read the server' } : r)) };
    case 'open-steps':
      return action.ids.length === 0 ? state : { ...state, flash: undefined, screen: { name: 'answers', queue: action.ids, index: 0 } };
    case 'answer':
      return { ...state, unsaved: true, answers: { ...state.answers, [action.stepId]: { ...state.answers[action.stepId], [action.key]: action.value } } };
    case 'answers-invalid':
      return screen.name === 'answers' ? { ...state, screen: { ...screen, error: action.message } } : state;
    case 'answers-done':
      if (screen.name !== 'answers') return state;
      if (screen.index + 1 < screen.queue.length) return { ...state, screen: { ...screen, index: screen.index + 1, error: undefined } };
      return { ...state, screen: { name: 'planning', queue: screen.queue } };
    case 'planned':
      return screen.name === 'planning' ? { ...state, screen: { name: 'preview', queue: screen.queue, planned: action.planned } } : state;
    case 'plan-failed':
      return screen.name === 'planning' ? { ...state, screen: { name: 'answers', queue: screen.queue, index: screen.queue.length - 1, error: action.message } } : state;
    case 'back':
      if (state.overlay) return { ...state, overlay: undefined };
      switch (screen.name) {
        case 'answers':
          return screen.index > 0 ? { ...state, screen: { ...screen, index: screen.index - 1, error: undefined } } : { ...state, screen: { name: 'checklist' } };
        case 'preview':
          return { ...state, screen: { name: 'answers', queue: screen.queue, index: screen.queue.length - 1 } };
        case 'runs':
          return { ...state, screen: { name: 'checklist' } };
        case 'run':
          return { ...state, screen: { name: 'runs' } };
        case 'backup-task':
          return screen.stage === 'running' ? state : { ...state, screen: { name: 'checklist' } };
        default:
          return state;
      }
    case 'apply':
      if (screen.name !== 'preview') return state;
      return state.dryRun ? { ...state, screen: { name: 'dry-run-done', planned: screen.planned } } : { ...state, screen: { name: 'applying', planned: screen.planned, actions: [] } };
    case 'skip':
      return screen.name === 'preview' ? { ...state, flash: `skipped ${screen.queue.join(', ')}: nothing was changed`, screen: { name: 'checklist' } } : state;
    case 'apply-event':
      if (screen.name !== 'applying') return state;
      if (action.event.type === 'rolling-back') return { ...state, screen: { ...screen, undoing: action.event.reason } };
      if (action.event.type !== 'action') return state;
      return { ...state, screen: { ...screen, actions: withAction(screen.actions, action.event, action.now) } };
    case 'applied':
      return screen.name === 'applying' ? { ...state, screen: { ...screen, result: action.result } } : state;
    case 'apply-failed':
      return screen.name === 'applying' ? { ...state, screen: { ...screen, error: action.message } } : state;
    case 'saved':
      return { ...state, unsaved: false, flash: `answers saved to ${action.path}` };
    case 'flash':
      return { ...state, flash: action.message };
    case 'open-runs':
      return { ...state, flash: undefined, screen: { name: 'runs' } };
    case 'open-run':
      return { ...state, screen: { name: 'run', runId: action.runId } };
    case 'rollback':
      return screen.name === 'run' ? { ...state, screen: { name: 'rolling-back', runId: screen.runId } } : state;
    case 'rolled-back':
      return screen.name === 'rolling-back' ? { ...state, screen: { ...screen, report: action.report } } : state;
    case 'rollback-failed':
      return screen.name === 'rolling-back' ? { ...state, screen: { ...screen, error: action.message } } : state;
    case 'home':
      return { ...state, screen: { name: 'checklist' }, rows: state.rows.map((r) => (r.state === 'unavailable' ? r : { ...r, state: 'probing', summary: 'reading the server…' })) };
    case 'open-backup-task':
      return { ...state, flash: undefined, screen: { name: 'backup-task', task: action.task, stage: action.task === 'test-restore' ? 'key' : 'running' } };
    case 'start-backup-task':
      return screen.name === 'backup-task' && screen.stage === 'key' ? { ...state, screen: { ...screen, stage: 'running', privateKeyFile: action.privateKeyFile } } : state;
    case 'backup-task-done':
      return screen.name === 'backup-task' ? { ...state, screen: { ...screen, stage: 'done', ok: action.ok, result: action.result } } : state;
    case 'toggle-help':
      return { ...state, overlay: state.overlay === 'help' ? undefined : 'help' };
    case 'ask-quit':
      return { ...state, overlay: 'quit' };
    case 'cancel-quit':
      return { ...state, overlay: undefined };
    case 'question':
      return { ...state, question: action.question };
  }
}

/** Whether a key press may be taken as a command (not typed into a field, nothing running). */
export function isBusy(state: WizardState): boolean {
  const screen = state.screen;
  return (screen.name === 'applying' && !screen.result && !screen.error) || (screen.name === 'rolling-back' && !screen.report && !screen.error) || screen.name === 'planning' || (screen.name === 'backup-task' && screen.stage === 'running');
}
