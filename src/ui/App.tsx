import { Box, Text, useApp, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import { useEffect, useReducer } from 'react';
import type { ApplyEvent, ApplyResult } from '../engine/apply.js';
import { renderPlan } from '../engine/preview.js';
import type { PlannedStep } from '../engine/session.js';
import { initialPhase, reduce } from './wizard-state.js';

export interface WizardDriver {
  readonly label: string;
  plan(): Promise<readonly PlannedStep[]>;
  apply(chosen: readonly PlannedStep[], onEvent: (event: ApplyEvent) => void): Promise<ApplyResult>;
}

interface AppProps {
  readonly driver: WizardDriver;
  readonly dryRun?: boolean;
  readonly onExit?: (ok: boolean) => void;
}

export function App({ driver, dryRun = false, onExit }: AppProps) {
  const [phase, dispatch] = useReducer(reduce, initialPhase);
  const { exit } = useApp();

  useEffect(() => {
    driver.plan().then(
      (planned) => dispatch({ type: 'planned', planned }),
      (error: Error) => dispatch({ type: 'failed', message: error.message }),
    );
  }, [driver]);

  useEffect(() => {
    if (phase.name !== 'applying') return;
    driver.apply(phase.chosen, (event) => dispatch({ type: 'apply-event', event })).then(
      (result) => dispatch({ type: 'applied', result }),
      (error: Error) => dispatch({ type: 'failed', message: error.message }),
    );
    // Applying starts once, when the phase is entered.
  }, [phase.name]);

  useEffect(() => {
    if (phase.name === 'done' || phase.name === 'error') {
      onExit?.(phase.name === 'done' && phase.ok);
      exit();
    }
  }, [phase, exit, onExit]);

  useInput((input, key) => {
    if (input === 'q' && phase.name !== 'applying') dispatch({ type: 'cancelled' });
    if (key.escape && phase.name === 'preview') dispatch({ type: 'back' });
  });

  return (
    <Box flexDirection="column">
      <Text bold>golive — {driver.label}</Text>
      {phase.name === 'probing' && <Text>reading the server…</Text>}
      {phase.name === 'checklist' && <Checklist planned={phase.planned} onChoose={(ids) => dispatch({ type: 'choose', ids })} />}
      {phase.name === 'preview' && (
        <Preview
          chosen={phase.chosen}
          dryRun={dryRun}
          onConfirm={() => dispatch(dryRun ? { type: 'dry-run-finished' } : { type: 'confirm' })}
          onBack={() => dispatch({ type: 'back' })}
        />
      )}
      {phase.name === 'applying' && (
        <Box flexDirection="column">
          <Text>applying…</Text>
          {phase.log.map((line, index) => (
            <Text key={index}>{line}</Text>
          ))}
        </Box>
      )}
      {phase.name === 'done' && <Text color={phase.ok ? 'green' : 'red'}>{phase.summary}</Text>}
      {phase.name === 'error' && <Text color="red">error: {phase.message}</Text>}
    </Box>
  );
}

function Checklist({ planned, onChoose }: { readonly planned: readonly PlannedStep[]; readonly onChoose: (ids: string[]) => void }) {
  const pending = planned.filter((p) => p.plan.changes.length > 0);
  const items = [
    ...(pending.length > 1 ? [{ label: `run all pending (${pending.length})`, value: '*' }] : []),
    ...planned.map((p) => ({ label: `${p.step.title}: ${p.plan.changes.length === 0 ? 'applied' : `pending (${p.plan.changes.length} changes)`}`, value: p.step.id as string })),
    { label: 'quit', value: 'quit' },
  ];
  return (
    <Box flexDirection="column">
      <Text>Go-live checklist — pick a step (q quits):</Text>
      <SelectInput
        items={items}
        onSelect={(item) => onChoose(item.value === '*' ? pending.map((p) => p.step.id) : item.value === 'quit' ? [] : [item.value])}
      />
    </Box>
  );
}

function Preview({ chosen, dryRun, onConfirm, onBack }: { readonly chosen: readonly PlannedStep[]; readonly dryRun: boolean; readonly onConfirm: () => void; readonly onBack: () => void }) {
  if (chosen.length === 0) {
    return (
      <Box flexDirection="column">
        <Text>nothing to change</Text>
        <SelectInput items={[{ label: 'back', value: 'back' }]} onSelect={onBack} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {chosen.map((p) => (
        <Text key={p.step.id}>{renderPlan(p.plan)}</Text>
      ))}
      <SelectInput
        items={[
          { label: dryRun ? 'finish the dry run (change nothing)' : 'apply', value: 'apply' },
          { label: 'back', value: 'back' },
        ]}
        onSelect={(item) => (item.value === 'apply' ? onConfirm() : onBack())}
      />
    </Box>
  );
}
