import { backUpAndTestRestore, backUpNow } from '../../backup/restore-test.js';
import type { CommandContext } from '../context.js';
import { paint, useColor } from '../style.js';

export async function backupNowCommand(context: CommandContext): Promise<number> {
  const path = await backUpNow(context.session, (note) => context.err(`note: ${note}`));
  context.out(context.args.json ? JSON.stringify({ target: context.target.label, backup: path }) : `backup written: ${path}`);
  return 0;
}

export async function testRestoreCommand(context: CommandContext): Promise<number> {
  const result = await backUpAndTestRestore(context.session, context.args.privateKey!, context.interaction, (note) => context.err(`note: ${note}`));
  if (context.args.json) context.out(JSON.stringify({ target: context.target.label, ...result }, null, 2));
  else context.out(paint(result.summary, result.ok ? 'green' : 'red', useColor(context.environment)));
  return result.ok ? 0 : 1;
}
