import { accessSync, constants } from 'node:fs';
import { backUpAndTestRestore, backUpNow } from '../../backup/restore-test.js';
import { InputError } from '../../errors.js';
import { expandHome } from '../../local-path.js';
import type { CommandContext } from '../context.js';
import { paint, useColor } from '../../style.js';

export async function backupNowCommand(context: CommandContext): Promise<number> {
  const path = await backUpNow(context.session, (text) => context.err(`note: ${text}`));
  context.out(context.args.json ? JSON.stringify({ target: context.target.label, backup: path }) : `backup written: ${path}`);
  return 0;
}

export async function testRestoreCommand(context: CommandContext): Promise<number> {
  const privateKey = context.args.privateKey!;
  mustBeReadable(privateKey);
  const result = await backUpAndTestRestore(context.session, privateKey, context.interaction, (text) => context.err(`note: ${text}`));
  if (context.args.json) context.out(JSON.stringify({ target: context.target.label, ...result }, null, 2));
  else context.out(paint(result.summary, result.ok ? 'green' : 'red', useColor(context.environment)));
  return result.ok ? 0 : 1;
}

/** The key is read only after a backup is made on the server: one it could never read is refused first. */
function mustBeReadable(privateKeyFile: string): void {
  try {
    accessSync(expandHome(privateKeyFile), constants.R_OK);
  } catch (error) {
    throw new InputError(`--private-key: cannot read ${privateKeyFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
