import { AuditScreen } from '../screens/AuditScreen.js';
import { FindingScreen } from '../screens/FindingScreen.js';
import { useTerminalSize } from '../use-terminal-size.js';
import type { RoutePropsOn } from './route-props.js';

/** Rows the header, a notice, the audit screen's first and last lines and a spare take. */
const CHROME_ROWS = 5;

/** The go-live audit's list, fitted to the terminal. */
export function AuditRoute({ state, dispatch, isActive, screen }: RoutePropsOn<'audit'>) {
  const size = useTerminalSize();
  return (
    <AuditScreen
      findings={state.findings ?? []}
      cursor={screen.cursor}
      height={size.rows - CHROME_ROWS}
      width={size.columns}
      isActive={isActive}
      onMove={(by) => dispatch({ type: 'move-audit-cursor', by })}
      onOpen={() => dispatch({ type: 'open-finding' })}
      onBack={() => dispatch({ type: 'back' })}
    />
  );
}

/** One audit item's evidence and fix, fitted to the terminal. */
export function FindingRoute({ state, dispatch, isActive, screen }: RoutePropsOn<'audit-finding'>) {
  const size = useTerminalSize();
  const finding = state.findings?.[screen.index];
  if (!finding) return null;
  return <FindingScreen key={finding.id} finding={finding} height={size.rows - CHROME_ROWS} width={size.columns} isActive={isActive} onBack={() => dispatch({ type: 'back' })} />;
}
