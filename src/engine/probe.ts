import { randomBytes } from 'node:crypto';
import { quoteCommand } from '../target/quote.js';
import type { Target } from '../target/target.js';
import { GoliveError, OperationError } from '../errors.js';
import type { Fact, ProbeOutput } from './types.js';

/** Named facts: a step's, or the journal's and the listening ports' beside them. */
export type FactSet = Readonly<Record<string, Fact<unknown>>>;

/**
 * Gathers many facts in ONE round trip: their commands become one shell script run as root, and
 * each command's stdout, stderr and exit code come back between markers nobody can predict.
 * Several sets of facts share the trip; each set's values come back under its own names.
 */
export async function gatherFactGroups(target: Target, groups: readonly FactSet[]): Promise<Record<string, unknown>[]> {
  const places = groups.flatMap((group, index) => Object.keys(group).map((name) => ({ index, name, fact: group[name]! })));
  const results = groups.map((): Record<string, unknown> => ({}));
  if (places.length === 0) return results;
  const marker = `@@golive-${randomBytes(8).toString('hex')}`;
  const result = await target.exec(['sh', '-c', buildProbeScript(marker, places.map((p) => p.fact.argv))], { privileged: true });
  const outputs = parseProbeOutput(marker, places.length, result.stdout);
  if (!outputs) {
    throw new OperationError(`reading the server was cut short (exit ${result.exitCode}): ${result.stderr.trim().slice(-500) || 'no error output'}`, 'the connection may have dropped, or the server is out of memory or disk; run golive again');
  }
  places.forEach(({ index, name, fact }, n) => {
    results[index]![name] = readFact(fact, outputs[n]!);
  });
  return results;
}

/**
 * A fact whose reading refuses (a file that turned out to be a link) holds its GoliveError, so
 * only the step that needs it fails, with that reason; see `factError`.
 */
function readFact<V>(fact: Fact<V>, output: ProbeOutput): V {
  try {
    return fact.parse(output);
  } catch (error) {
    if (error instanceof GoliveError) return error as V;
    throw error;
  }
}

/** The first fact of a step that could not be read, if any. */
export function factError(facts: unknown): GoliveError | undefined {
  return Object.values(facts as Record<string, unknown>).find((value): value is GoliveError => value instanceof GoliveError);
}

export function buildProbeScript(marker: string, commands: readonly (readonly string[])[]): string {
  const lines = ['t=$(mktemp -d) || exit 1', 'trap \'rm -rf "$t"\' EXIT'];
  commands.forEach((argv, index) => {
    lines.push(
      `printf '%s\\n' '${marker} ${index} out'`,
      `${quoteCommand(argv)} 2>"$t/e" </dev/null; rc=$?`,
      `printf '\\n%s\\n' '${marker} ${index} err'`,
      `cat "$t/e"`,
      `printf '\\n%s\\n' "${marker} ${index} rc $rc"`,
    );
  });
  return lines.join('\n');
}

export function parseProbeOutput(marker: string, count: number, stdout: string): ProbeOutput[] | undefined {
  const outputs: ProbeOutput[] = [];
  let rest = stdout;
  for (let index = 0; index < count; index += 1) {
    const outStart = `${marker} ${index} out\n`;
    const errStart = `\n${marker} ${index} err\n`;
    const rcStart = `\n${marker} ${index} rc `;
    const a = rest.indexOf(outStart);
    const b = rest.indexOf(errStart, a);
    const c = rest.indexOf(rcStart, b);
    if (a < 0 || b < 0 || c < 0) return undefined;
    const rcEnd = rest.indexOf('\n', c + rcStart.length);
    outputs.push({
      stdout: rest.slice(a + outStart.length, b),
      stderr: rest.slice(b + errStart.length, c),
      exitCode: Number(rest.slice(c + rcStart.length, rcEnd < 0 ? undefined : rcEnd)),
    });
    rest = rest.slice(rcEnd < 0 ? rest.length : rcEnd);
  }
  return outputs;
}
