import { Box, render, Static, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { Spinner } from './components/Spinner.js';

/** One host's row while a fleet runs: waiting, running (its latest line of output), or ended. */
export interface FleetRow {
  readonly host: string;
  readonly state: 'waiting' | 'running' | 'succeeded' | 'failed';
  readonly line: string;
}

/** The rows, and each ended host's output in the order they ended; the view re-renders on each change. */
export class FleetProgressState {
  #rows: readonly FleetRow[];
  #ended: readonly { readonly host: string; readonly text: string }[] = [];
  #snapshot: { readonly rows: readonly FleetRow[]; readonly ended: readonly { readonly host: string; readonly text: string }[] };
  readonly #listeners = new Set<() => void>();

  constructor(hosts: readonly string[]) {
    this.#rows = hosts.map((host) => ({ host, state: 'waiting', line: '' }));
    this.#snapshot = { rows: this.#rows, ended: this.#ended };
  }

  update(host: string, change: Partial<Omit<FleetRow, 'host'>>, endedText?: string): void {
    this.#rows = this.#rows.map((row) => (row.host === host ? { ...row, ...change } : row));
    if (endedText !== undefined) this.#ended = [...this.#ended, { host, text: endedText }];
    this.#snapshot = { rows: this.#rows, ended: this.#ended };
    for (const listener of this.#listeners) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly snapshot = () => this.#snapshot;
}

const MARK = { waiting: '·', succeeded: '✓', failed: '✗' } as const;
const COLOR = { waiting: 'gray', succeeded: 'green', failed: 'red' } as const;

export function FleetProgress({ state }: { readonly state: FleetProgressState }) {
  const { rows, ended } = useSyncExternalStore(state.subscribe, state.snapshot);
  return (
    <>
      <Static items={[...ended]}>{(item) => <Text key={item.host}>{item.text}</Text>}</Static>
      <FleetRows rows={rows} />
    </>
  );
}

/** A row per host: a spinner while it runs, then ✓ or ✗, and its latest line. */
export function FleetRows({ rows }: { readonly rows: readonly FleetRow[] }) {
  const width = Math.max(...rows.map((row) => row.host.length));
  return (
    <Box flexDirection="column">
      {rows.map((row) => (
        <Box key={row.host}>
          <Text>{row.host.padEnd(width)} </Text>
          {row.state === 'running' ? <Spinner /> : <Text color={COLOR[row.state]}>{MARK[row.state]}</Text>}
          <Text wrap="truncate-end"> {row.state === 'waiting' ? 'waiting' : row.line}</Text>
        </Box>
      ))}
    </Box>
  );
}

/** Draws the rows until unmounted; Ctrl+C is left to the runs (each undoes its own apply). */
export function showFleetProgress(state: FleetProgressState): { unmount(): void } {
  return render(<FleetProgress state={state} />, { exitOnCtrlC: false, patchConsole: false });
}
