import { render } from 'ink';
import type { AnyStep } from '../engine/types.js';
import type { Environment } from '../environment.js';
import type { SessionRequest } from '../session/request.js';
import { useColor } from '../style.js';
import { App } from './App.js';
import { tokenizedStdin } from './input/tokenized-stdin.js';
import { sessionDriver } from './session-driver.js';
import { ColorContext } from './theme.js';

export interface WizardRequest extends SessionRequest {
  /** Walk every screen, change nothing. */
  readonly dryRun: boolean;
}

/** The wizard owns the terminal from the first frame; connecting happens inside it. */
export async function runWizard(request: WizardRequest, environment: Environment, registry: readonly AnyStep[]): Promise<number> {
  const driver = sessionDriver(request, environment, registry);
  const app = render(
    <ColorContext.Provider value={useColor(environment)}>
      <App driver={driver} dryRun={request.dryRun} only={request.only} />
    </ColorContext.Provider>,
    { exitOnCtrlC: false, stdin: tokenizedStdin(process.stdin, { bracketedPasteTo: process.stdout }) },
  );
  await app.waitUntilExit();
  await driver.close();
  return 0;
}
