import type { ApplyResult } from '../../engine/apply.js';
import type { RollbackReport } from '../../engine/rollback.js';
import type { PlannedStep } from '../../engine/session.js';
import type { StepId } from '../../engine/types.js';
import type { FleetResult } from '../driver.js';
import type { FleetRow } from '../FleetProgress.js';

/** One action of a run as the apply screen shows it: running with a spinner, then done or failed. */
export interface ActionRow {
  readonly label: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly detail?: string;
}

/** What the wizard can do with the backup job once it is in place. */
export type BackupTask = 'backup-now' | 'test-restore';

export type Screen =
  | { readonly name: 'connect' }
  /** The hosts of --inventory: open one, or plan then apply every host. */
  | { readonly name: 'hosts' }
  /** Every host at once; `run` tells one start from the next. */
  | { readonly name: 'fleet'; readonly command: 'plan' | 'apply'; readonly run: number; readonly rows: readonly FleetRow[]; readonly results?: readonly FleetResult[]; readonly error?: string }
  | { readonly name: 'checklist' }
  | { readonly name: 'answers'; readonly queue: readonly StepId[]; readonly index: number; readonly error?: string }
  | { readonly name: 'planning'; readonly queue: readonly StepId[] }
  | { readonly name: 'preview'; readonly queue: readonly StepId[]; readonly planned: readonly PlannedStep[] }
  | { readonly name: 'applying'; readonly planned: readonly PlannedStep[]; readonly actions: readonly ActionRow[]; readonly undoing?: string; readonly result?: ApplyResult; readonly error?: string }
  | { readonly name: 'dry-run-done'; readonly planned: readonly PlannedStep[] }
  | { readonly name: 'runs' }
  | { readonly name: 'run'; readonly runId: string }
  /** The go-live audit's items; `cursor` indexes the state's findings. */
  | { readonly name: 'audit'; readonly cursor: number }
  | { readonly name: 'audit-finding'; readonly index: number }
  | { readonly name: 'rolling-back'; readonly runId: string; readonly report?: RollbackReport; readonly error?: string }
  | { readonly name: 'backup-task'; readonly task: BackupTask; readonly stage: 'key' | 'running' | 'done'; readonly privateKeyFile?: string; readonly ok?: boolean; readonly result?: string };

export type ScreenNamed<N extends Screen['name']> = Extract<Screen, { readonly name: N }>;

/** A run, a rollback or a backup task is under way: it must end before anything else starts. */
export function isWorking(screen: Screen): boolean {
  switch (screen.name) {
    case 'applying':
      return !screen.result && !screen.error;
    case 'rolling-back':
      return !screen.report && !screen.error;
    case 'backup-task':
      return screen.stage === 'running';
    case 'fleet':
      return !screen.results && !screen.error;
    default:
      return false;
  }
}

/** The screen shows an outcome; Enter goes back to the checklist. */
export function isFinished(screen: Screen): boolean {
  switch (screen.name) {
    case 'applying':
    case 'rolling-back':
      return !isWorking(screen);
    case 'dry-run-done':
      return true;
    case 'backup-task':
      return screen.stage === 'done';
    default:
      return false;
  }
}

/** Letters typed on this screen go into a field, so q is not a command there. */
export function isTyping(screen: Screen): boolean {
  return screen.name === 'answers' || screen.name === 'connect' || (screen.name === 'backup-task' && screen.stage === 'key');
}
