import { performance } from 'node:perf_hooks';
import type { AnyStep } from '../engine/types.js';
import type { Environment } from '../environment.js';
import { GoliveError } from '../errors.js';
import { readInventory } from '../fleet/inventory.js';
import { runPool } from '../fleet/pool.js';
import { nobodyToAsk } from '../interaction.js';
import { type AnswersFile, checkStepAnswers } from '../session/answers-file.js';
import { readAnswers } from '../session/answers.js';
import { openSessionWith } from '../session/open.js';
import type { CliArgs } from './args.js';
import type { CommandContext, RunSummary } from './context.js';
import { type FleetView, fleetView } from './fleet-view.js';

/** One host's run of the command: its exit code, what it printed, and its summary. */
export interface HostRun {
  readonly host: string;
  readonly target: string;
  readonly exitCode: number;
  readonly summary: RunSummary;
  readonly ms: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

type Command = (context: CommandContext) => Promise<number>;

/** What the hosts' runs make together, once they have all ended (export: the playbook of the hosts exported). */
export type AfterAll = (hosts: readonly { readonly name: string; readonly answers: AnswersFile }[], runs: readonly HostRun[]) => void;

/**
 * A command over every host of an inventory: each host's answers checked before any server is
 * reached, then the hosts in parallel (one SSH connection each), each host's run its own: a failed
 * apply is undone on that host alone. Output: each host's as it ends, then a table; with --json, a
 * row per host.
 */
export async function runFleet(args: CliArgs, environment: Environment, registry: readonly AnyStep[], command: Command, afterAll?: AfterAll): Promise<number> {
  const hosts = readInventory(args.inventory!, readAnswers(args)).map((host) => ({ name: host.name, answers: checkStepAnswers(host.answers, registry) }));
  const view = await fleetView(hosts.map((h) => h.name), args, environment);
  // Each running apply listens for Ctrl+C to undo its own run.
  process.setMaxListeners(Math.max(process.getMaxListeners(), args.parallel + 10));
  const runs = await runPool(
    hosts,
    { parallel: args.parallel, canary: args.canary },
    async (host) => {
      const run = await runOnHost(host.name, host.answers, args, environment, registry, command, view);
      view.ended(run);
      return run;
    },
    (run) => run.exitCode === 1,
    (host) => ({ host: host.name, target: targetOf(host.answers), exitCode: 1, summary: { result: 'skipped: the canary failed' }, ms: 0, stdout: [], stderr: [] }),
  );
  afterAll?.(hosts, runs);
  view.close(runs);
  return fleetExitCode(runs.map((r) => r.exitCode));
}

/** 1 when any host failed, else the highest (2: changes pending, an audit item fails), else 0. */
export function fleetExitCode(codes: readonly number[]): number {
  if (codes.some((code) => code !== 0 && code !== 2)) return 1;
  return Math.max(0, ...codes);
}

async function runOnHost(name: string, answers: AnswersFile, args: CliArgs, environment: Environment, registry: readonly AnyStep[], command: Command, view: FleetView): Promise<HostRun> {
  const started = performance.now();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const summary: RunSummary = {};
  let target = targetOf(answers);
  let exitCode: number;
  view.started(name);
  try {
    // Nobody can answer a question for one host among many: what would be asked is an error of that host.
    const opened = await openSessionWith(answers, { ...args, host: undefined }, environment, registry, nobodyToAsk);
    target = opened.target.label;
    const context: CommandContext = {
      args,
      environment,
      interaction: nobodyToAsk,
      ...opened,
      hostName: name,
      out: (text) => {
        stdout.push(text);
        view.line(name, text);
      },
      err: (text) => {
        stderr.push(text);
        view.line(name, text);
      },
      summary,
    };
    try {
      exitCode = await command(context);
    } finally {
      await opened.target.close();
    }
  } catch (error) {
    exitCode = 1;
    if (!(error instanceof GoliveError)) throw error;
    summary.result = `error: ${error.message}`;
    stderr.push(`golive: ${error.message}`, ...(error.hint ? [`hint: ${error.hint}`] : []));
  }
  return { host: name, target, exitCode, summary, ms: performance.now() - started, stdout, stderr };
}

function targetOf(answers: AnswersFile): string {
  const { user, host, port } = answers.target;
  return `${user ? `${user}@` : ''}${host}${port && port !== 22 ? `:${port}` : ''}`;
}
