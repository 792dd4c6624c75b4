import { Box } from 'ink';
import { useReducer } from 'react';
import type { StepId } from '../engine/types.js';
import { Header, Notices } from './components/Header.js';
import type { WizardDriver } from './driver.js';
import { useApply } from './hooks/use-apply.js';
import { useBackupTask } from './hooks/use-backup-task.js';
import { requestLabel, useConnection } from './hooks/use-connection.js';
import { useExit } from './hooks/use-exit.js';
import { useFleet } from './hooks/use-fleet.js';
import { useGlobalKeys } from './hooks/use-global-keys.js';
import { usePlanning } from './hooks/use-planning.js';
import { usePrompts } from './hooks/use-prompts.js';
import { useRollback } from './hooks/use-rollback.js';
import { CurrentScreen } from './ScreenRouter.js';
import { Overlays } from './screens/Overlays.js';
import { initialState, reduce } from './wizard-state.js';

interface AppProps {
  readonly driver: WizardDriver;
  readonly dryRun?: boolean;
  readonly only?: readonly StepId[];
  readonly onExit?: () => void;
}

/** The wizard: a reducer over screens; hooks talk to the driver; the router picks the screen. */
export function App({ driver, dryRun = false, only, onExit }: AppProps) {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState(driver.steps, { label: driver.preset ? requestLabel(driver.preset) : undefined, dryRun, only, inventory: driver.hosts !== undefined }));
  const prompts = usePrompts(dispatch);
  const { connectTo, survey } = useConnection(driver, prompts.interaction, dispatch);
  usePlanning(driver, state, dispatch);
  const { interrupted, interrupt } = useApply(driver, state.screen, dispatch);
  useRollback(driver, state.screen, dispatch);
  useFleet(driver, state.screen, dispatch);
  useBackupTask(driver, state, prompts.interaction, dispatch);
  const { finish, quit } = useExit(driver, state.unsaved, dispatch, onExit);
  const home = () => {
    dispatch({ type: 'home' });
    void survey(state.answers);
  };
  useGlobalKeys({ state, dispatch, quit, finish, interrupt, home });

  return (
    <Box flexDirection="column">
      <Header state={state} />
      <Notices state={state} />
      <Overlays state={state} onAnswer={prompts.answer} />
      {/* Hidden, not unmounted, while a prompt asks: nine steps and a host-key question do not fit in 24 lines together. */}
      <Box display={state.prompt ? 'none' : 'flex'} flexDirection="column">
        <CurrentScreen state={state} dispatch={dispatch} driver={driver} isActive={!state.overlay && !state.prompt} interrupted={interrupted} connectTo={(request) => void connectTo(request)} quit={quit} />
      </Box>
    </Box>
  );
}
