import { randomBytes } from 'node:crypto';
import { quoteArg, quoteCommand } from '../target/quote.js';
import type { Target } from '../target/target.js';
import { GoliveError, OperationError } from '../errors.js';
import type { Fact, ProbeOutput } from './types.js';

/** Named facts: a step's, or the journal's and the listening ports' beside them. */
export type FactSet = Readonly<Record<string, Fact<unknown>>>;

/**
 * Gathers many facts in ONE round trip: their commands become one shell script run as root, and
 * each command's stdout, stderr and exit code come back between markers nobody can predict. Several
 * sets of facts share the trip; each set's values come back under its own names. A command two
 * facts share runs once, and joinable facts that differ only in their last argument run as one
 * command given all of them: on a small server, starting processes is most of a probe's time.
 */
export async function gatherFactGroups(target: Target, groups: readonly FactSet[]): Promise<Record<string, unknown>[]> {
  const commands = new Map<string, { argv: string[]; parts: string[] | undefined }>();
  const readers = groups.map((group) => Object.entries(group).map(([name, fact]) => [name, readerOf(fact, commands)] as const));
  if (commands.size === 0) return groups.map(() => ({}));
  const keys = [...commands.keys()];
  const outputs = await runProbe(target, [...commands.values()].map(({ argv, parts }) => [...argv, ...(parts ?? [])]));
  const byKey = new Map(keys.map((key, n) => [key, outputs[n]!]));
  return readers.map((group) => Object.fromEntries(group.map(([name, read]) => [name, read(byKey)])));
}

type Reader = (outputs: ReadonlyMap<string, ProbeOutput>) => unknown;

/** Registers the commands a fact needs (each once) and returns how its value is read from their outputs. */
function readerOf(fact: Fact<unknown>, commands: Map<string, { argv: string[]; parts: string[] | undefined }>): Reader {
  if ('from' in fact) {
    const parts = Object.entries(fact.from).map(([name, part]) => [name, readerOf(part, commands)] as const);
    return (outputs) => {
      const values = Object.fromEntries(parts.map(([name, read]) => [name, read(outputs)]));
      return factError(values) ?? readSafely(() => fact.derive(values));
    };
  }
  // A joined command's key is never a plain command's, even one with the same words.
  const key = JSON.stringify(fact.joinable ? { joined: fact.argv.slice(0, -1) } : fact.argv);
  const command = commands.get(key) ?? { argv: [...fact.argv.slice(0, fact.joinable ? -1 : undefined)], parts: fact.joinable ? [] : undefined };
  commands.set(key, command);
  const part = fact.argv.at(-1)!;
  if (command.parts && !command.parts.includes(part)) command.parts.push(part);
  return (outputs) => {
    const output = outputs.get(key)!;
    return readSafely(() => fact.parse(command.parts ? partOf(output, command.parts.indexOf(part)) : output));
  };
}

/** The line a joinable fact's command prints before each argument's part. */
export const PART_MARKER = '@@golive-part';

/** Part `n` of a joined command's output (the lines after its marker line); errors and exit code are the whole command's. */
function partOf(output: ProbeOutput, n: number): ProbeOutput {
  return { ...output, stdout: output.stdout.split(PART_LINE)[n + 1] ?? '' };
}

const PART_LINE = new RegExp(`^${PART_MARKER}\n`, 'm');

/**
 * The commands in one round trip as root (see buildProbeScript; `laneOf` as there): each one's
 * output, errors and exit code, in their order.
 */
export async function runProbe(target: Target, commands: readonly (readonly string[])[], laneOf?: (index: number) => number): Promise<ProbeOutput[]> {
  const marker = `@@golive-${randomBytes(8).toString('hex')}`;
  const result = await target.exec(['sh', '-c', buildProbeScript(marker, commands, laneOf)], { privileged: true });
  const outputs = parseProbeOutput(marker, commands.length, result.stdout);
  if (!outputs) {
    throw new OperationError(`reading the server was cut short (exit ${result.exitCode}): ${result.stderr.trim().slice(-500) || 'no error output'}`, 'the connection may have dropped, or the server is out of memory or disk; run golive again');
  }
  return outputs;
}

/**
 * A fact whose reading refuses (a file that turned out to be a link) holds its GoliveError, so
 * only the step that needs it fails, with that reason; see `factError`.
 */
function readSafely(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof GoliveError) return error;
    throw error;
  }
}

/** The first fact of a step that could not be read, if any. */
export function factError(facts: unknown): GoliveError | undefined {
  return Object.values(facts as Record<string, unknown>).find((value): value is GoliveError => value instanceof GoliveError);
}

/** How many commands of a probe run at once on the server: enough to overlap waits, few enough for a small server. */
export const PROBE_LANES = 4;

/**
 * The probe script: the commands split over background lanes (PROBE_LANES, or as `laneOf` says:
 * one lane's commands run one after another), each command's output,
 * errors and exit code into files of their own, then all of them in order with one `cat`. A
 * `sh -c SCRIPT` command runs in a subshell of the probe (eval'd, so a script that does not parse
 * fails alone) rather than in a new shell process: on a small server, starting processes is most
 * of a probe's time.
 */
export function buildProbeScript(marker: string, commands: readonly (readonly string[])[], laneOf = (index: number) => index % PROBE_LANES): string {
  const lines = ['t=$(mktemp -d) || exit 1', 'trap \'rm -rf "$t"\' EXIT'];
  const lanes = new Map<number, number[]>();
  commands.forEach((_, index) => lanes.set(laneOf(index), [...(lanes.get(laneOf(index)) ?? []), index]));
  for (const indexes of lanes.values()) {
    lines.push('(');
    for (const index of indexes) {
      lines.push(
        `printf '%s\\n' '${marker} ${index} out' >"$t/${index}o"; printf '\\n%s\\n' '${marker} ${index} err' >"$t/${index}e"`,
        `${inline(commands[index]!)} >>"$t/${index}o" 2>>"$t/${index}e" </dev/null; printf '\\n%s\\n' "${marker} ${index} rc $?" >"$t/${index}r"`,
      );
    }
    lines.push(') &');
  }
  lines.push('wait', `cd "$t" && cat ${commands.map((_, index) => `${index}o ${index}e ${index}r`).join(' ')}`);
  return lines.join('\n');
}

/** `sh -c SCRIPT sh ARGS…` as a subshell of the probe; any other command as it is. */
function inline(argv: readonly string[]): string {
  if (argv[0] !== 'sh' || argv[1] !== '-c' || argv.length < 3) return quoteCommand(argv);
  return `( set -- ${argv.slice(4).map(quoteArg).join(' ')}; eval ${quoteArg(argv[2]!)} )`;
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
