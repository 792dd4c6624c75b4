import { type Dispatch, useEffect } from 'react';
import type { Interaction } from '../../interaction.js';
import type { RawAnswers, WizardDriver } from '../driver.js';
import { messageOf } from '../message-of.js';
import type { BackupTask } from '../state/screens.js';
import type { Action, WizardState } from '../wizard-state.js';

function runTask(driver: WizardDriver, task: BackupTask, answers: RawAnswers, privateKeyFile: string | undefined, interaction: Interaction) {
  if (task === 'backup-now') return driver.backupNow(answers).then((path) => ({ ok: true, result: `backup written: ${path}` }));
  return driver.testRestore(answers, privateKeyFile!, interaction).then(({ ok, summary }) => ({ ok, result: summary }));
}

/** Runs "Back up now" or "Test a restore" when its running stage is entered, with the answers as they were then. */
export function useBackupTask(driver: WizardDriver, state: WizardState, interaction: Interaction, dispatch: Dispatch<Action>): void {
  const screen = state.screen;
  const running = screen.name === 'backup-task' && screen.stage === 'running' ? screen : undefined;
  useEffect(() => {
    if (!running) return;
    runTask(driver, running.task, state.answers, running.privateKeyFile, interaction).then(
      ({ ok, result }) => dispatch({ type: 'backup-task-done', ok, result }),
      (error: unknown) => dispatch({ type: 'backup-task-done', ok: false, result: messageOf(error) }),
    );
    // Only entering the running stage starts the task.
  }, [running?.task, running?.stage]);
}
