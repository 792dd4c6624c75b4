import { messageOf } from '../message-of.js';
import { type PreviewChoice, PreviewScreen } from '../screens/PreviewScreen.js';
import { useTerminalSize } from '../use-terminal-size.js';
import type { RoutePropsOn } from './route-props.js';

/** The preview, fitted to the terminal; "save" writes the answers to golive.yml and stays here. */
export function PreviewRoute({ state, dispatch, driver, isActive, screen }: RoutePropsOn<'preview'>) {
  const size = useTerminalSize();
  const choose = (choice: PreviewChoice) => {
    if (choice !== 'save') return dispatch({ type: choice });
    driver.saveAnswers(state.answers).then(
      (path) => dispatch({ type: 'saved', path }),
      (error: unknown) => dispatch({ type: 'flash', message: `could not save the answers: ${messageOf(error)}` }),
    );
  };
  return <PreviewScreen planned={screen.planned} dryRun={state.dryRun} height={size.rows - 6} width={size.columns} isActive={isActive} onChoose={choose} />;
}
