import { Box, Text, useInput } from 'ink';
import type { FleetResult } from '../driver.js';
import { FleetRows, type FleetRow } from '../FleetProgress.js';
import { Tint } from '../theme.js';

interface FleetScreenProps {
  readonly command: 'plan' | 'apply';
  readonly rows: readonly FleetRow[];
  readonly results?: readonly FleetResult[];
  readonly error?: string;
  readonly dryRun: boolean;
  readonly isActive: boolean;
  readonly onApply: () => void;
  readonly onBack: () => void;
}

/** Every host at once: a row per host as it runs, then the table; after a plan, y applies to all. */
export function FleetScreen({ command, rows, results, error, dryRun, isActive, onApply, onBack }: FleetScreenProps) {
  const pending = results?.filter((r) => r.exitCode === 2).length ?? 0;
  const mayApply = command === 'plan' && pending > 0 && !dryRun;
  useInput(
    (input, key) => {
      if (!results && !error) return;
      if (mayApply && input === 'y') onApply();
      else if (input === 'n' || key.escape || key.return) onBack();
    },
    { isActive },
  );
  return (
    <Box flexDirection="column">
      <Text>{command === 'plan' ? 'Planning every host (nothing changes)' : 'Applying to every host'}</Text>
      <FleetRows rows={rows} />
      {results ? <ResultTable results={results} /> : null}
      {error ? <Tint color="red">{error}</Tint> : null}
      {results || error ? (
        <Text>
          {mayApply
            ? `Apply to all ${results!.length} hosts (each undone alone if it fails; the plan of each host: open it from the list)? y apply · n back`
            : dryRun && command === 'plan'
              ? 'Dry run: nothing is applied. Enter: back to the hosts'
              : 'Enter: back to the hosts'}
        </Text>
      ) : null}
    </Box>
  );
}

function ResultTable({ results }: { readonly results: readonly FleetResult[] }) {
  const rows = results.map((r) => [r.host, r.target, r.steps.join(',') || '-', r.result, r.runId ?? '-', `${r.seconds.toFixed(1)} s`]);
  const header = ['HOST', 'TARGET', 'STEPS', 'RESULT', 'RUN ID', 'TIME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const failed = results.filter((r) => r.exitCode === 1).length;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{line(header)}</Text>
      {rows.map((row, n) => (
        <Tint key={row[0]} color={results[n]!.exitCode === 1 ? 'red' : 'green'}>
          {line(row)}
        </Tint>
      ))}
      <Text>{`${results.length - failed} of ${results.length} hosts ${failed === 0 ? 'succeeded' : `succeeded, ${failed} failed`}`}</Text>
    </Box>
  );
}
