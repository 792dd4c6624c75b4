import type { ApplyEvent, ApplyResult } from '../../engine/apply.js';
import { planToJson, renderPlan } from '../../engine/preview.js';
import { answersToRemember } from '../../engine/session.js';
import { applyResultWords } from '../../fleet/run.js';
import { allChanges } from '../../engine/types.js';
import { InputError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { actionBoundaryPause, enginePause } from '../test-pause.js';
import { colorPreview, paint, useColor } from '../../style.js';

export async function applyCommand(context: CommandContext): Promise<number> {
  const { args, session, target } = context;
  const color = useColor(context.environment);
  const planned = await session.plan();
  const active = planned.filter((p) => allChanges(p.plan).length > 0);
  if (!args.json) context.out(colorPreview(planned.map((p) => renderPlan(p.plan)).join('\n\n'), color));
  if (active.length === 0) {
    context.summary.result = 'nothing to change';
    if (args.json) context.out(JSON.stringify({ target: target.label, status: 'unchanged', steps: planned.map((p) => planToJson(p.plan)) }, null, 2));
    else context.out('\nnothing to change');
    return 0;
  }
  if (!args.yes) {
    if (!context.interaction.canAsk) throw new InputError('apply needs a confirmation and nobody is here to give it', 'review `golive plan`, then pass --yes');
    if (!(await context.interaction.confirm(`\nApply these changes to ${target.label}?`))) {
      context.out('nothing was changed');
      return 0;
    }
  }

  const interrupt = new AbortController();
  const onSigint = () => {
    if (!interrupt.signal.aborted) context.err('\ninterrupted: finishing the current action, then undoing the run...');
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  const print = args.json ? () => {} : progressPrinter(context, color);
  try {
    const pauseAt = actionBoundaryPause(context.environment.testPause);
    const result = await session.apply(active, {
      onEvent: (event) => {
        print(event);
        pauseAt?.(event);
      },
      signal: interrupt.signal,
      pause: enginePause(context.environment.testPause, context.err),
    });
    const { Settings } = await import('../../session/settings.js');
    new Settings(context.environment.settingsDir).remember(target.label, answersToRemember(active), result.runId);
    Object.assign(context.summary, { result: applyResultWords(result), steps: active.map((p) => p.step.id), runId: result.runId });
    if (args.json) context.out(JSON.stringify({ target: target.label, ...result, steps: active.map((p) => planToJson(p.plan)) }, null, 2));
    else reportResult(context, result, color);
    if (interrupt.signal.aborted) return 130;
    return result.status === 'applied' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Each action as it ends, the undo when it starts, notes on stderr. */
function progressPrinter(context: CommandContext, color: boolean): (event: ApplyEvent) => void {
  return (event) => {
    if (event.type === 'run-started') context.out(`\nrun ${event.runId}`);
    if (event.type === 'action' && event.state !== 'started') {
      context.out(`${event.state === 'done' ? paint('ok  ', 'green', color) : paint('FAIL', 'red', color)} ${event.label}${event.detail ? `\n     ${event.detail}` : ''}`);
    }
    if (event.type === 'rolling-back') context.out(paint(`undoing the run: ${event.reason}`, 'yellow', color));
    if (event.type === 'note') context.err(`note: ${event.text}`);
  };
}

function reportResult(context: CommandContext, result: ApplyResult, color: boolean): void {
  if (result.status === 'applied') {
    for (const check of result.checks) context.out(`${check.ok ? paint('ok  ', 'green', color) : paint('warn', 'yellow', color)} ${check.name}: ${check.detail}`);
    context.out(`\napplied and verified (run ${result.runId}); undo with: golive rollback ${result.runId}`);
  } else {
    for (const file of result.rollback?.files ?? []) context.out(`     ${file.outcome}: ${file.path}${file.detail ? ` (${file.detail})` : ''}`);
    context.err(`\nthe run failed and was ${result.rollback?.complete ? 'undone' : 'NOT fully undone'}: ${result.reason}`);
  }
}
