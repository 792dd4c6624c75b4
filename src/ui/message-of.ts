/** An error as one line for the admin: its message, and its hint when it has one. */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message + ('hint' in error && error.hint ? ` (${String(error.hint)})` : '');
}
