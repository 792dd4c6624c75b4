import type { Target } from '../target/target.js';
import { GoliveError } from '../errors.js';
import { gatherFactGroups } from './probe.js';
import type { ProbeOutput, Validation } from './types.js';

/**
 * A phase's checks of the new configuration. They read and change nothing, so they run at once, in
 * one round trip as a probe runs its facts (one channel: a server may allow few sessions).
 */

/** Runs one action between events (see apply.ts). */
export type Act = <T>(label: string, action: () => Promise<T>, noteOf?: (result: T) => string | undefined) => Promise<T>;

const label = (prefix: string, check: Validation) => `${prefix}check ${check.what}: ${check.argv.join(' ')}`;

function judge(check: Validation, result: ProbeOutput): void {
  if (result.exitCode !== 0) throw new GoliveError(`${check.argv.join(' ')} rejected the new ${check.what}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
}

/** The checks, each reported as an action of its own. */
export async function runChecks(target: Target, act: Act, checks: readonly Validation[], prefix: string): Promise<void> {
  let results: Promise<ProbeOutput[]> | undefined;
  const resultsOf = () =>
    (results ??= gatherFactGroups(target, [Object.fromEntries(checks.map((c, n) => [n, { argv: c.argv, parse: (o: ProbeOutput) => o }]))]).then(([byIndex]) => checks.map((_, n) => byIndex![n] as ProbeOutput)));
  for (const [n, check] of checks.entries()) {
    await act(label(prefix, check), async () => judge(check, (await resultsOf())[n]!));
  }
}
