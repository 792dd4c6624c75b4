import { ChecklistScreen } from '../screens/ChecklistScreen.js';
import { backupJobInPlace, pendingIds } from '../state/step-rows.js';
import { useTerminalSize } from '../use-terminal-size.js';
import type { RouteProps } from './route-props.js';

export function ChecklistRoute({ state, dispatch, driver, isActive, quit }: RouteProps) {
  const size = useTerminalSize();
  return (
    <ChecklistScreen
      rows={state.rows}
      findings={state.findings}
      pending={pendingIds(state.rows)}
      hasRuns={state.runs.length > 0}
      backupReady={!state.dryRun && backupJobInPlace(state.rows)}
      isActive={isActive && state.surveyed}
      width={size.columns}
      onRun={(ids) => dispatch({ type: 'open-steps', ids })}
      onRuns={() => dispatch({ type: 'open-runs' })}
      onAudit={() => dispatch({ type: 'open-audit' })}
      onBackupTask={(task) => dispatch({ type: 'open-backup-task', task })}
      onHosts={
        driver.hosts
          ? () => {
              dispatch({ type: 'open-hosts' });
              void driver.disconnect();
            }
          : undefined
      }
      onQuit={quit}
    />
  );
}
