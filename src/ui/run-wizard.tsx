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
  /** The fleet the wizard opens (see fleet/inventory.ts), host by host or all at once. */
  readonly inventory: string | undefined;
  readonly parallel: number;
  readonly canary: boolean;
}

/** The wizard owns the terminal from the first frame; connecting happens inside it. */
export async function runWizard(request: WizardRequest, environment: Environment, registry: readonly AnyStep[]): Promise<number> {
  // A bad inventory is an error before the first frame: no host of it could be shown.
  const inventory = request.inventory ? (await import('../fleet/run.js')).checkedInventory(request, registry) : undefined;
  const driver = sessionDriver(request, environment, registry, inventory);
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
