import type { ApplyEvent, ApplyResult } from '../engine/apply.js';
import type { PlannedStep } from '../engine/session.js';

/** The wizard as data: a phase and what it shows. Components render this; intents change it. */

export type Phase =
  | { readonly name: 'probing' }
  | { readonly name: 'checklist'; readonly planned: readonly PlannedStep[] }
  | { readonly name: 'preview'; readonly planned: readonly PlannedStep[]; readonly chosen: readonly PlannedStep[] }
  | { readonly name: 'applying'; readonly chosen: readonly PlannedStep[]; readonly log: readonly string[] }
  | { readonly name: 'done'; readonly summary: string; readonly ok: boolean }
  | { readonly name: 'error'; readonly message: string };

export type Action =
  | { readonly type: 'planned'; readonly planned: readonly PlannedStep[] }
  | { readonly type: 'choose'; readonly ids: readonly string[] }
  | { readonly type: 'back' }
  | { readonly type: 'confirm' }
  | { readonly type: 'apply-event'; readonly event: ApplyEvent }
  | { readonly type: 'applied'; readonly result: ApplyResult }
  | { readonly type: 'dry-run-finished' }
  | { readonly type: 'cancelled' }
  | { readonly type: 'failed'; readonly message: string };

export const initialPhase: Phase = { name: 'probing' };

function describeEvent(event: ApplyEvent): string | undefined {
  if (event.type === 'run-started') return `run ${event.runId}`;
  if (event.type === 'rolling-back') return `undoing the run: ${event.reason}`;
  if (event.state === 'started') return undefined;
  return `${event.state === 'done' ? 'ok  ' : 'FAIL'} ${event.label}${event.detail ? ` — ${event.detail}` : ''}`;
}

export function reduce(phase: Phase, action: Action): Phase {
  switch (action.type) {
    case 'planned':
      return { name: 'checklist', planned: action.planned };
    case 'choose':
      if (phase.name !== 'checklist') return phase;
      return { name: 'preview', planned: phase.planned, chosen: phase.planned.filter((p) => action.ids.includes(p.step.id) && p.plan.changes.length > 0) };
    case 'back':
      return phase.name === 'preview' ? { name: 'checklist', planned: phase.planned } : phase;
    case 'confirm':
      return phase.name === 'preview' ? { name: 'applying', chosen: phase.chosen, log: [] } : phase;
    case 'apply-event': {
      if (phase.name !== 'applying') return phase;
      const line = describeEvent(action.event);
      return line ? { ...phase, log: [...phase.log, line] } : phase;
    }
    case 'applied':
      return action.result.status === 'applied'
        ? { name: 'done', ok: true, summary: `applied and verified (run ${action.result.runId}); undo with: golive rollback ${action.result.runId}` }
        : { name: 'done', ok: false, summary: `the run failed and was ${action.result.rollback?.complete ? 'undone' : 'NOT fully undone'}: ${action.result.reason}` };
    case 'dry-run-finished':
      return { name: 'done', ok: true, summary: 'dry run: would apply the changes above; nothing was changed' };
    case 'cancelled':
      return { name: 'done', ok: true, summary: 'nothing was changed' };
    case 'failed':
      return { name: 'error', message: action.message };
  }
}
