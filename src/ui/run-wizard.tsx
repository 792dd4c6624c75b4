import { render } from 'ink';
import { STEPS } from '../../steps/index.js';
import type { CliArgs } from '../cli/args.js';
import { useColor } from '../cli/style.js';
import type { Environment } from '../environment.js';
import { InputError } from '../errors.js';
import { App } from './App.js';
import { tokenizedStdin } from './input/tokenized-stdin.js';
import { sessionDriver } from './session-driver.js';
import { ColorContext } from './theme.js';

/** The wizard owns the terminal from the first frame; connecting happens inside it. */
export async function runWizard(args: CliArgs, environment: Environment): Promise<number> {
  const unavailable = (args.only ?? []).filter((id) => !STEPS.some((s) => s.id === id));
  if (unavailable.length > 0) throw new InputError(`--only: the ${unavailable.join(', ')} step is not available in this version of golive`);
  const driver = sessionDriver(args, environment);
  const app = render(
    <ColorContext.Provider value={useColor(environment)}>
      <App driver={driver} dryRun={args.dryRun} only={args.only} />
    </ColorContext.Provider>,
    { exitOnCtrlC: false, stdin: tokenizedStdin(process.stdin, { bracketedPasteTo: process.stdout }) },
  );
  await app.waitUntilExit();
  await driver.close();
  return 0;
}
