import { performance } from 'node:perf_hooks';
import type { ApplyResult } from '../engine/apply.js';
import type { AnyStep } from '../engine/types.js';
import type { Environment } from '../environment.js';
import { GoliveError } from '../errors.js';
import { nobodyToAsk } from '../interaction.js';
import { type AnswersFile, checkStepAnswers } from '../session/answers-file.js';
import { readAnswers } from '../session/answers.js';
import { type OpenedSession, openSessionWith } from '../session/open.js';
import type { SessionRequest } from '../session/request.js';
import { readInventory } from './inventory.js';
import { runPool } from './pool.js';
import { targetOf } from './target-label.js';

/** What a run did on one host, in a few words: the fleet's table reads it. */
export interface RunSummary {
  result?: string;
  steps?: readonly string[];
  runId?: string;
}

/** One host's run: its exit code, what it printed, and its summary. */
export interface HostRun {
  readonly host: string;
  readonly target: string;
  readonly exitCode: number;
  readonly summary: RunSummary;
  readonly ms: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

export interface CheckedHost {
  readonly name: string;
  readonly answers: AnswersFile;
}

/** Told as each host starts, prints and ends. */
export interface FleetListener {
  started(host: string): void;
  line(host: string, text: string): void;
  ended(run: HostRun): void;
}

/** What runs on one host once its session is open: its exit code (0, 2: pending or failing items, 1: failed). */
export type HostOperation = (host: CheckedHost, opened: OpenedSession, io: { readonly out: (text: string) => void; readonly err: (text: string) => void; readonly summary: RunSummary }) => Promise<number>;

export interface FleetOptions {
  readonly request: SessionRequest;
  readonly parallel: number;
  readonly canary: boolean;
}

/** The inventory's hosts, each one's answers (golive.yml's, its groups', its own) checked by the steps. */
export function checkedInventory(request: Pick<SessionRequest, 'config'> & { readonly inventory?: string }, registry: readonly AnyStep[]): CheckedHost[] {
  return readInventory(request.inventory!, readAnswers(request)).map((host) => ({ name: host.name, answers: checkStepAnswers(host.answers, registry) }));
}

/**
 * `operation` on every host, at most `parallel` at once, one SSH connection each, each run its own (a
 * failed apply is undone on its host alone); with `canary`, the first host alone first. Nobody can
 * answer a question for one host among many: what would be asked is that host's error.
 */
export async function runHosts(hosts: readonly CheckedHost[], options: FleetOptions, environment: Environment, registry: readonly AnyStep[], operation: HostOperation, listener: FleetListener): Promise<HostRun[]> {
  // Each running apply listens for Ctrl+C to undo its own run.
  process.setMaxListeners(Math.max(process.getMaxListeners(), options.parallel + 10));
  return runPool(
    hosts,
    options,
    async (host) => {
      const run = await runOnHost(host, options.request, environment, registry, operation, listener);
      listener.ended(run);
      return run;
    },
    (run) => run.exitCode === 1,
    (host) => ({ host: host.name, target: targetOf(host.answers), exitCode: 1, summary: { result: 'skipped: the canary failed' }, ms: 0, stdout: [], stderr: [] }),
  );
}

async function runOnHost(host: CheckedHost, request: SessionRequest, environment: Environment, registry: readonly AnyStep[], operation: HostOperation, listener: FleetListener): Promise<HostRun> {
  const started = performance.now();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const summary: RunSummary = {};
  let target = targetOf(host.answers);
  let exitCode: number;
  listener.started(host.name);
  const io = {
    out: (text: string) => {
      stdout.push(text);
      listener.line(host.name, text);
    },
    err: (text: string) => {
      stderr.push(text);
      listener.line(host.name, text);
    },
    summary,
  };
  try {
    const opened = await openSessionWith(host.answers, { ...request, host: undefined }, environment, registry, nobodyToAsk);
    target = opened.target.label;
    try {
      exitCode = await operation(host, opened, io);
    } finally {
      await opened.target.close();
    }
  } catch (error) {
    exitCode = 1;
    if (!(error instanceof GoliveError)) throw error;
    summary.result = `error: ${error.message}`;
    stderr.push(`golive: ${error.message}`, ...(error.hint ? [`hint: ${error.hint}`] : []));
  }
  return { host: host.name, target, exitCode, summary, ms: performance.now() - started, stdout, stderr };
}

/** 1 when any host failed, else the highest (2: changes pending, an audit item fails), else 0. */
export function fleetExitCode(codes: readonly number[]): number {
  if (codes.some((code) => code !== 0 && code !== 2)) return 1;
  return Math.max(0, ...codes);
}

/** An apply's outcome in the table's words. */
export function applyResultWords(result: ApplyResult): string {
  if (result.status === 'applied') return 'applied';
  return result.rollback?.complete ? 'failed, undone' : 'failed, NOT fully undone';
}
