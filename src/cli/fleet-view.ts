import type { Environment } from '../environment.js';
import { personIsPresent } from '../interaction.js';
import { paint, useColor } from '../style.js';
import type { CliArgs } from './args.js';
import type { HostRun } from '../fleet/run.js';

/** How a fleet's run is shown: each host's output when it ends, then the table; or JSON at the end. */
export interface FleetView {
  started(host: string): void;
  line(host: string, text: string): void;
  ended(run: HostRun): void;
  close(runs: readonly HostRun[]): void;
}

export async function fleetView(hosts: readonly string[], args: CliArgs, environment: Environment): Promise<FleetView> {
  const write = (text: string) => process.stdout.write(`${text}\n`);
  if (args.json) {
    return { started() {}, line() {}, ended() {}, close: (runs) => write(JSON.stringify({ command: args.command, hosts: runs.map(jsonRow) }, null, 2)) };
  }
  const color = useColor(environment);
  if (personIsPresent(environment)) return liveView(hosts, color);
  const width = Math.max(...hosts.map((h) => h.length));
  return {
    started: (host) => process.stderr.write(`${host.padEnd(width)}  started\n`),
    line() {},
    ended: (run) => write(hostBlock(run, color)),
    close: (runs) => write(`\n${summaryTable(runs, color)}`),
  };
}

/** On a terminal: a row per host, updated as it runs (Ink); each host's output above the rows once it ends. */
async function liveView(hosts: readonly string[], color: boolean): Promise<FleetView> {
  const { FleetProgressState, showFleetProgress } = await import('../ui/FleetProgress.js');
  const state = new FleetProgressState(hosts);
  const app = showFleetProgress(state);
  return {
    started: (host) => state.update(host, { state: 'running', line: 'connecting' }),
    line: (host, text) => {
      const last = text.split('\n').filter((l) => l.trim() !== '').at(-1);
      if (last !== undefined) state.update(host, { line: last.trim() });
    },
    ended: (run) => state.update(run.host, { state: run.exitCode === 1 ? 'failed' : 'succeeded', line: run.summary.result ?? '' }, hostBlock(run, color)),
    close: (runs) => {
      app.unmount();
      process.stdout.write(`\n${summaryTable(runs, color)}\n`);
    },
  };
}

function hostBlock(run: HostRun, color: boolean): string {
  const header = paint(`== ${run.host} (${run.target}): ${run.summary.result ?? (run.exitCode === 0 ? 'done' : 'failed')} ==`, run.exitCode === 1 ? 'red' : 'green', color);
  return [header, ...run.stdout, ...run.stderr, ''].join('\n');
}

/** HOST, TARGET, STEPS, RESULT, RUN ID, TIME: one row per host, in the inventory's order. */
export function summaryTable(runs: readonly HostRun[], color: boolean): string {
  const rows = runs.map((run) => [run.host, run.target, (run.summary.steps ?? []).join(',') || '-', run.summary.result ?? (run.exitCode === 0 ? 'done' : 'failed'), run.summary.runId ?? '-', `${(run.ms / 1000).toFixed(1)} s`]);
  const header = ['HOST', 'TARGET', 'STEPS', 'RESULT', 'RUN ID', 'TIME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  const failed = runs.filter((r) => r.exitCode === 1).length;
  const total = `${runs.length - failed} of ${runs.length} hosts ${failed === 0 ? 'succeeded' : `succeeded, ${failed} failed`}`;
  return [line(header), ...rows.map((row, n) => paint(line(row), runs[n]!.exitCode === 1 ? 'red' : 'green', color)), '', total].join('\n');
}

function jsonRow(run: HostRun): Record<string, unknown> {
  return {
    host: run.host,
    target: run.target,
    exitCode: run.exitCode,
    result: run.summary.result ?? null,
    steps: run.summary.steps ?? [],
    runId: run.summary.runId ?? null,
    seconds: Number((run.ms / 1000).toFixed(2)),
    output: parsedOrNull(run.stdout.join('\n')),
    errors: run.stderr,
  };
}

function parsedOrNull(text: string): unknown {
  try {
    return text.trim() === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
