import { render } from 'ink';
import type { CliArgs } from '../cli/args.js';
import { openContext } from '../cli/context.js';
import { Settings } from '../settings.js';
import { App, type WizardDriver } from './App.js';

/** Connects (asking at the terminal about host keys and passwords), then hands the screen to Ink. */
export async function runWizard(args: CliArgs): Promise<number> {
  const context = await openContext(args);
  try {
    const driver: WizardDriver = {
      label: context.target.label,
      plan: () => context.session.plan(),
      apply: async (chosen, onEvent) => {
        const result = await context.session.apply(chosen, { onEvent });
        new Settings().remember(context.target.label, Object.fromEntries(chosen.map((p) => [p.step.id, p.answers])), result.runId);
        return result;
      },
    };
    let ok = false;
    const app = render(<App driver={driver} dryRun={args.dryRun} onExit={(success) => (ok = success)} />);
    await app.waitUntilExit();
    return ok ? 0 : 1;
  } finally {
    await context.target.close();
  }
}
