import { randomBytes } from 'node:crypto';
import { quoteCommand } from '../target/quote.js';
import type { Target } from '../target/target.js';
import { GoliveError, OperationError } from '../errors.js';
import type { Fact, ProbeOutput } from './types.js';

/**
 * Gathers many facts in ONE round trip: their commands become one shell script run as root, and
 * each command's stdout, stderr and exit code come back between markers nobody can predict.
 */
export async function gatherFacts<T extends Record<string, unknown>>(
  target: Target,
  facts: { readonly [K in keyof T]: Fact<T[K]> },
): Promise<T> {
  const names = Object.keys(facts) as (keyof T & string)[];
  if (names.length === 0) return {} as T;
  const marker = `@@golive-${randomBytes(8).toString('hex')}`;
  const script = buildProbeScript(
    marker,
    names.map((name) => facts[name].argv),
  );
  const result = await target.exec(['sh', '-c', script], { privileged: true });
  const outputs = parseProbeOutput(marker, names.length, result.stdout);
  if (!outputs) {
    throw new OperationError(`reading the server was cut short (exit ${result.exitCode}): ${result.stderr.trim().slice(-500) || 'no error output'}`, 'the connection may have dropped, or the server is out of memory or disk; run golive again');
  }
  const parsed = {} as T;
  names.forEach((name, index) => {
    parsed[name] = readFact(facts[name], outputs[index] as ProbeOutput);
  });
  return parsed;
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
