/**
 * The one place where an argv becomes POSIX shell text, for commands sent over SSH (an exec
 * request is a string run by the login shell). Every argument is single-quoted unless it is made
 * only of characters no shell treats specially, so no input can start another command.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new Error('an argument contains a NUL byte, which no command line can carry');
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function quoteCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty command');
  return argv.map(quoteArg).join(' ');
}
