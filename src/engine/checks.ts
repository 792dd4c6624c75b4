import type { Target } from '../target/target.js';
import { randomBytes } from 'node:crypto';
import { GoliveError, OperationError } from '../errors.js';
import { buildProbeScript, parseProbeOutput } from './probe.js';
import type { ProbeOutput, Validation } from './types.js';

/**
 * A phase's checks of the new configuration, in one round trip as a probe runs its facts: each
 * step's one after another (`apt-get update` must not rewrite the package lists under the
 * unattended-upgrades check that reads them), the steps' at once.
 */

/** Runs one action between events (see apply.ts). */
export type Act = <T>(label: string, action: () => Promise<T>, noteOf?: (result: T) => string | undefined) => Promise<T>;

const label = (prefix: string, check: Validation) => `${prefix}check ${check.what}: ${check.argv.join(' ')}`;

function judge(check: Validation, result: ProbeOutput): void {
  if (result.exitCode !== 0) throw new GoliveError(`${check.argv.join(' ')} rejected the new ${check.what}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
}

/** The checks, each reported as an action of its own; `stepOf` numbers each check's step. */
export async function runChecks(target: Target, act: Act, checks: readonly Validation[], prefix: string, stepOf: readonly number[]): Promise<void> {
  const marker = `@@golive-${randomBytes(8).toString('hex')}`;
  let results: Promise<ProbeOutput[]> | undefined;
  const resultsOf = () =>
    (results ??= target.exec(['sh', '-c', buildProbeScript(marker, checks.map((c) => c.argv), (n) => stepOf[n] ?? n)], { privileged: true }).then((result) => {
      const outputs = parseProbeOutput(marker, checks.length, result.stdout);
      if (!outputs) throw new OperationError(`the checks were cut short (exit ${result.exitCode}): ${result.stderr.trim().slice(-500) || 'no error output'}`, 'the connection may have dropped; see golive history');
      return outputs;
    }));
  for (const [n, check] of checks.entries()) {
    await act(label(prefix, check), async () => judge(check, (await resultsOf())[n]!));
  }
}
