/** Runs one action between events (the apply screen's lines): see actWithEvents in apply.ts. */
export type Act = <T>(label: string, action: () => Promise<T>, noteOf?: (result: T) => string | undefined) => Promise<T>;

/**
 * Work done once for several actions (a batch in one round trip), each still reported as an action
 * of its own: the first waits for the work, and `outcome` says how the n-th went (it throws when
 * that one failed, which ends the run there).
 */
export async function actTogether<T>(act: Act, labels: readonly string[], work: () => Promise<T>, outcome: (result: T, n: number) => void = () => {}): Promise<void> {
  let result: Promise<T> | undefined;
  for (const [n, label] of labels.entries()) {
    await act(label, async () => outcome(await (result ??= work()), n));
  }
}
