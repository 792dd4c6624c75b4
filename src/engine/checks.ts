import type { Target } from '../target/target.js';
import { GoliveError } from '../errors.js';
import { type Act, actTogether } from './act.js';
import { runProbe } from './probe.js';
import type { ProbeOutput, Validation } from './types.js';

/**
 * A phase's checks of the new configuration, in one round trip as a probe runs its facts: each
 * step's one after another (`apt-get update` must not rewrite the package lists under the
 * unattended-upgrades check that reads them), the steps' at once.
 */

function judge(check: Validation, result: ProbeOutput): void {
  if (result.exitCode !== 0) throw new GoliveError(`${check.argv.join(' ')} rejected the new ${check.what}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
}

/** The checks, each reported as an action of its own; `stepOf` numbers each check's step. */
export async function runChecks(target: Target, act: Act, checks: readonly Validation[], prefix: string, stepOf: readonly number[]): Promise<void> {
  await actTogether(
    act,
    checks.map((check) => `${prefix}check ${check.what}: ${check.argv.join(' ')}`),
    () => runProbe(target, checks.map((c) => c.argv), (n) => stepOf[n] ?? n),
    (outputs, n) => judge(checks[n]!, outputs[n]!),
  );
}
