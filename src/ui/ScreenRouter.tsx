import { AnswersRoute } from './routes/AnswersRoute.js';
import { AuditRoute, FindingRoute } from './routes/AuditRoute.js';
import { ChecklistRoute } from './routes/ChecklistRoute.js';
import { FleetRoute, HostsRoute } from './routes/FleetRoute.js';
import { PreviewRoute } from './routes/PreviewRoute.js';
import type { RouteProps } from './routes/route-props.js';
import { ApplyScreen } from './screens/ApplyScreen.js';
import { BackupTaskScreen } from './screens/BackupTaskScreen.js';
import { ConnectScreen } from './screens/ConnectScreen.js';
import { DryRunDoneScreen } from './screens/DryRunDoneScreen.js';
import { PlanningScreen } from './screens/PlanningScreen.js';
import { RollbackScreen } from './screens/RollbackScreen.js';
import { RunScreen, RunsScreen } from './screens/RunsScreen.js';

/** The screen for the wizard's state. */
export function CurrentScreen(props: RouteProps) {
  const { state, dispatch, isActive } = props;
  const screen = state.screen;
  const back = () => dispatch({ type: 'back' });
  switch (screen.name) {
    case 'connect':
      return <ConnectScreen error={state.error} isActive={isActive} onConnect={(host, identity) => props.connectTo({ host, identity, source: 'form' })} />;
    case 'hosts':
      return <HostsRoute {...props} />;
    case 'fleet':
      return <FleetRoute {...props} screen={screen} />;
    case 'checklist':
      return <ChecklistRoute {...props} />;
    case 'answers':
      return <AnswersRoute {...props} screen={screen} />;
    case 'planning':
      return <PlanningScreen queue={screen.queue} />;
    case 'preview':
      return <PreviewRoute {...props} screen={screen} />;
    case 'applying':
      return <ApplyScreen actions={screen.actions} undoing={screen.undoing} result={screen.result} error={screen.error} interrupted={props.interrupted} />;
    case 'dry-run-done':
      return <DryRunDoneScreen planned={screen.planned} label={state.label} />;
    case 'runs':
      return <RunsScreen runs={state.runs} isActive={isActive} onOpen={(runId) => dispatch({ type: 'open-run', runId })} onBack={back} />;
    case 'run': {
      const run = state.runs.find((r) => r.runId === screen.runId);
      return run ? <RunScreen run={run} isActive={isActive} onRollback={() => dispatch({ type: 'rollback' })} onBack={back} /> : null;
    }
    case 'audit':
      return <AuditRoute {...props} screen={screen} />;
    case 'audit-finding':
      return <FindingRoute {...props} screen={screen} />;
    case 'rolling-back':
      return <RollbackScreen runId={screen.runId} report={screen.report} error={screen.error} />;
    case 'backup-task':
      return (
        <BackupTaskScreen
          task={screen.task}
          stage={screen.stage}
          ok={screen.ok}
          result={screen.result}
          isActive={isActive}
          onStart={(privateKeyFile) => dispatch({ type: 'start-backup-task', privateKeyFile })}
          onBack={back}
        />
      );
  }
}
