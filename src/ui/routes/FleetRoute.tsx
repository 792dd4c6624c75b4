import { FleetScreen } from '../screens/FleetScreen.js';
import { HostsScreen } from '../screens/HostsScreen.js';
import type { RouteProps, RoutePropsOn } from './route-props.js';

/** The inventory's hosts: one opens as a single server does; "every host" plans them all. */
export function HostsRoute({ state, dispatch, driver, isActive, connectTo, quit }: RouteProps) {
  const hosts = driver.hosts ?? [];
  return (
    <HostsScreen
      hosts={hosts}
      error={state.error}
      isActive={isActive}
      onOpen={(host) => connectTo({ host, identity: undefined, source: 'inventory' })}
      onEveryHost={() => dispatch({ type: 'fleet-start', command: 'plan', hosts: hosts.map((h) => h.name), run: Date.now() })}
      onQuit={quit}
    />
  );
}

/** Every host at once: planned, then, once the admin says y, applied. */
export function FleetRoute({ state, dispatch, isActive, screen }: RoutePropsOn<'fleet'>) {
  return (
    <FleetScreen
      command={screen.command}
      rows={screen.rows}
      results={screen.results}
      error={screen.error}
      dryRun={state.dryRun}
      isActive={isActive}
      onApply={() => dispatch({ type: 'fleet-start', command: 'apply', hosts: screen.rows.map((r) => r.host), run: Date.now() })}
      onBack={() => dispatch({ type: 'open-hosts' })}
    />
  );
}
