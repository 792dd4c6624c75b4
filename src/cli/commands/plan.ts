import { allChanges } from '../../engine/types.js';
import { planToJson, renderPlan } from '../../engine/preview.js';
import { colorPreview, useColor } from '../../style.js';
import type { CommandContext } from '../context.js';

export const EXIT_PENDING = 2;

export async function planCommand(context: CommandContext): Promise<number> {
  const planned = await context.session.plan();
  const pending = planned.some((p) => allChanges(p.plan).length > 0);
  Object.assign(context.summary, { result: pending ? 'changes pending' : 'nothing to change', steps: planned.filter((p) => allChanges(p.plan).length > 0).map((p) => p.step.id) });
  if (context.args.json) {
    context.out(JSON.stringify({ target: context.target.label, pending, roundTrips: context.target.roundTrips, steps: planned.map((p) => planToJson(p.plan)) }, null, 2));
  } else {
    context.out(colorPreview(planned.map((p) => renderPlan(p.plan)).join('\n\n'), useColor(context.environment)));
    context.out(pending ? '\nchanges pending: run `golive apply` to make them' : '\nnothing to change');
  }
  return pending ? EXIT_PENDING : 0;
}
