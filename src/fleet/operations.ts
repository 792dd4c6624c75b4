import { answersToRemember } from '../engine/session.js';
import { allChanges } from '../engine/types.js';
import { Settings } from '../session/settings.js';
import { applyResultWords, type HostOperation } from './run.js';

/** What the wizard runs on every host of an inventory; the CLI runs its own commands instead. */

/** The host's plan: 2 when it would change something. */
export const planHost: HostOperation = async (_host, { session }, { summary }) => {
  const pending = (await session.plan()).filter((p) => allChanges(p.plan).length > 0);
  Object.assign(summary, { result: pending.length > 0 ? 'changes pending' : 'nothing to change', steps: pending.map((p) => p.step.id) });
  return pending.length > 0 ? 2 : 0;
};

/** The host's plan applied (the admin confirmed it for every host), each action told as it ends; its answers remembered as a run of its own would. */
export function applyHost(settingsDir: string | undefined): HostOperation {
  return async (_host, { session, target }, { out, summary }) => {
    const active = (await session.plan()).filter((p) => allChanges(p.plan).length > 0);
    if (active.length === 0) {
      summary.result = 'nothing to change';
      return 0;
    }
    const result = await session.apply(active, {
      onEvent: (event) => {
        if (event.type === 'action' && event.state !== 'started') out(`${event.state === 'done' ? 'ok  ' : 'FAIL'} ${event.label}`);
        if (event.type === 'rolling-back') out(`undoing the run: ${event.reason}`);
      },
    });
    new Settings(settingsDir).remember(target.label, answersToRemember(active), result.runId);
    Object.assign(summary, { result: applyResultWords(result), steps: active.map((p) => p.step.id), runId: result.runId });
    return result.status === 'applied' ? 0 : 1;
  };
}
