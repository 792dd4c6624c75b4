import type { Reducers } from '../wizard-state.js';
import type { BackupTask } from './screens.js';

/** "Back up now" and "Test a restore": the key file (for a restore), running, the result. */
export type BackupTaskAction =
  | { readonly type: 'open-backup-task'; readonly task: BackupTask }
  | { readonly type: 'start-backup-task'; readonly privateKeyFile?: string }
  | { readonly type: 'backup-task-done'; readonly ok: boolean; readonly result: string };

export const backupTaskReducers: Reducers<BackupTaskAction> = {
  'open-backup-task': (state, { task }) => ({ ...state, flash: undefined, screen: { name: 'backup-task', task, stage: task === 'test-restore' ? 'key' : 'running' } }),
  'start-backup-task': (state, { privateKeyFile }) =>
    state.screen.name === 'backup-task' && state.screen.stage === 'key' ? { ...state, screen: { ...state.screen, stage: 'running', privateKeyFile } } : state,
  'backup-task-done': (state, { ok, result }) => (state.screen.name === 'backup-task' ? { ...state, screen: { ...state.screen, stage: 'done', ok, result } } : state),
};
