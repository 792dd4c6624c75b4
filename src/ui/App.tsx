import { Box, Text, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { allChanges, type StepId } from '../engine/types.js';
import type { Interaction } from '../interaction.js';
import { type ConnectRequest, type RawAnswers, TargetNeeded, type WizardDriver } from './driver.js';
import { AnswersScreen } from './screens/AnswersScreen.js';
import { ApplyScreen } from './screens/ApplyScreen.js';
import { ChecklistScreen } from './screens/ChecklistScreen.js';
import { ConnectScreen } from './screens/ConnectScreen.js';
import { HelpOverlay, QuestionOverlay, QuitOverlay } from './screens/Overlays.js';
import { PreviewScreen } from './screens/PreviewScreen.js';
import { BackupTaskScreen } from './screens/BackupTaskScreen.js';
import { RollbackScreen } from './screens/RollbackScreen.js';
import { RunScreen, RunsScreen } from './screens/RunsScreen.js';
import { Spinner } from './components/Spinner.js';
import { Tint } from './theme.js';
import { useTerminalSize } from './use-terminal-size.js';
import { initialState, isBusy, pendingIds, type Question, reduce } from './wizard-state.js';

interface AppProps {
  readonly driver: WizardDriver;
  readonly dryRun?: boolean;
  readonly only?: readonly StepId[];
  readonly onExit?: () => void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message + ('hint' in error && error.hint ? ` (${String(error.hint)})` : '') : String(error));

/** The wizard: a reducer over screens; effects talk to the driver; screens render and send intents. */
export function App({ driver, dryRun = false, only, onExit }: AppProps) {
  const [state, dispatch] = useReducer(reduce, undefined, () =>
    initialState(driver.steps, { label: driver.preset ? (driver.preset.host ?? 'the target in golive.yml') : undefined, dryRun, only }),
  );
  const { exit } = useApp();
  const size = useTerminalSize();
  const answerQuestion = useRef<((answer: string) => void) | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  const [interrupted, setInterrupted] = useState(false);

  const interaction = useMemo((): Interaction => {
    const ask = (question: Question) =>
      new Promise<string>((resolve) => {
        answerQuestion.current = (answer) => {
          answerQuestion.current = undefined;
          dispatch({ type: 'question', question: undefined });
          resolve(answer);
        };
        dispatch({ type: 'question', question });
      });
    return { canAsk: true, confirm: async (text) => (await ask({ kind: 'confirm', text })) === 'y', askSecret: (text) => ask({ kind: 'secret', text }) };
  }, []);

  const survey = useCallback(
    (answers: RawAnswers) =>
      driver.survey(answers).then(
        (result) => dispatch({ type: 'surveyed', survey: result }),
        (error: unknown) => dispatch({ type: 'survey-failed', message: messageOf(error) }),
      ),
    [driver],
  );

  const connectTo = useCallback(
    async (request: ConnectRequest) => {
      dispatch({ type: 'connecting', label: request.host ?? (request.source === 'config' ? 'the target in golive.yml' : 'this machine') });
      try {
        const label = await driver.connect(request, interaction);
        const answers = await driver.initialAnswers(label);
        dispatch({ type: 'connected', label, answers });
        await survey(answers);
      } catch (error) {
        dispatch({ type: 'connect-failed', message: error instanceof TargetNeeded ? undefined : messageOf(error) });
      }
    },
    [driver, interaction, survey],
  );

  useEffect(() => {
    if (driver.preset) void connectTo(driver.preset);
  }, [driver, connectTo]);

  const screen = state.screen;
  const planningQueue = screen.name === 'planning' ? screen.queue : undefined;
  useEffect(() => {
    if (!planningQueue) return;
    driver.plan(planningQueue, state.answers).then(
      (planned) => dispatch({ type: 'planned', planned }),
      (error: unknown) => dispatch({ type: 'plan-failed', message: messageOf(error) }),
    );
    // Planning starts when the screen is entered, with the answers as they were then.
  }, [planningQueue]);

  const applying = screen.name === 'applying' ? screen.planned : undefined;
  useEffect(() => {
    if (!applying) return;
    const controller = new AbortController();
    abort.current = controller;
    setInterrupted(false);
    driver.apply(applying, (event) => dispatch({ type: 'apply-event', event, now: Date.now() }), controller.signal).then(
      (result) => dispatch({ type: 'applied', result }),
      (error: unknown) => dispatch({ type: 'apply-failed', message: messageOf(error) }),
    );
  }, [applying, driver]);

  const rollingBack = screen.name === 'rolling-back' ? screen.runId : undefined;
  useEffect(() => {
    if (!rollingBack) return;
    driver.rollback(rollingBack).then(
      (report) => dispatch({ type: 'rolled-back', report }),
      (error: unknown) => dispatch({ type: 'rollback-failed', message: messageOf(error) }),
    );
  }, [rollingBack, driver]);

  const backupTask = screen.name === 'backup-task' && screen.stage === 'running' ? screen : undefined;
  useEffect(() => {
    if (!backupTask) return;
    const run =
      backupTask.task === 'backup-now'
        ? driver.backupNow(state.answers).then((path) => ({ ok: true, result: `backup written: ${path}` }))
        : driver.testRestore(state.answers, backupTask.privateKeyFile!, interaction).then(({ ok, summary }) => ({ ok, result: summary }));
    run.then(
      ({ ok, result }) => dispatch({ type: 'backup-task-done', ok, result }),
      (error: unknown) => dispatch({ type: 'backup-task-done', ok: false, result: messageOf(error) }),
    );
    // The task starts when its running stage is entered, with the answers as they were then.
  }, [backupTask?.task, backupTask?.stage]);

  const finish = useCallback(() => {
    void driver.close();
    onExit?.();
    exit();
  }, [driver, exit, onExit]);
  const quit = () => (state.unsaved ? dispatch({ type: 'ask-quit' }) : finish());
  const finished = (screen.name === 'applying' && (screen.result || screen.error)) || (screen.name === 'rolling-back' && (screen.report || screen.error)) || screen.name === 'dry-run-done' || (screen.name === 'backup-task' && screen.stage === 'done');
  const typing = screen.name === 'answers' || screen.name === 'connect' || (screen.name === 'backup-task' && screen.stage === 'key');

  useInput((input, key) => {
    if (state.question) return;
    if (key.ctrl && input === 'c') {
      if (isBusy(state)) {
        abort.current?.abort();
        setInterrupted(true);
        return;
      }
      return quit();
    }
    if (state.overlay === 'quit') {
      if (input === 'y') finish();
      else if (input === 'n' || key.escape) dispatch({ type: 'cancel-quit' });
      return;
    }
    if (input === '?') return dispatch({ type: 'toggle-help' });
    if (state.overlay === 'help') {
      if (key.escape) dispatch({ type: 'toggle-help' });
      return;
    }
    if (input === 'q' && !typing && !isBusy(state)) return quit();
    if (key.return && finished) {
      dispatch({ type: 'home' });
      void survey(state.answers);
    }
  });

  const active = !state.overlay && !state.question;
  const header = (
    <Box>
      <Tint bold>golive</Tint>
      <Text> — {state.label || 'not connected'}</Text>
      {state.connection === 'connecting' ? (
        <Text>
          {'  '}
          <Spinner /> connecting…
        </Text>
      ) : null}
      {state.dryRun ? <Tint color="yellow">  (dry run: nothing will change)</Tint> : null}
    </Box>
  );

  return (
    <Box flexDirection="column">
      {header}
      {state.flash ? <Tint color="cyan">{state.flash}</Tint> : null}
      {state.error && screen.name !== 'connect' ? <Tint color="red">{state.error}</Tint> : null}
      {state.question ? <QuestionOverlay question={state.question} onAnswer={(answer) => answerQuestion.current?.(answer)} /> : null}
      {state.overlay === 'help' ? <HelpOverlay /> : null}
      {state.overlay === 'quit' ? <QuitOverlay /> : null}
      {screen.name === 'connect' ? <ConnectScreen error={state.error} isActive={active} onConnect={(host, identity) => void connectTo({ host, identity, source: 'form' })} /> : null}
      {screen.name === 'checklist' ? (
        <ChecklistScreen
          rows={state.rows}
          checks={state.checks}
          pending={pendingIds(state)}
          hasRuns={state.runs.length > 0}
          backupReady={!state.dryRun && state.rows.some((r) => r.id === 'backup' && r.state === 'applied')}
          isActive={active && state.surveyed}
          width={size.columns}
          onRun={(ids) => dispatch({ type: 'open-steps', ids })}
          onRuns={() => dispatch({ type: 'open-runs' })}
          onBackupTask={(task) => dispatch({ type: 'open-backup-task', task })}
          onQuit={quit}
        />
      ) : null}
      {screen.name === 'answers'
        ? (() => {
            const stepId = screen.queue[screen.index]!;
            const info = state.steps.find((s) => s.id === stepId)!;
            const row = state.rows.find((r) => r.id === stepId);
            return (
              <AnswersScreen
                key={stepId}
                title={`${info.title} (${screen.index + 1}/${screen.queue.length})${row?.state === 'blocked' ? ` — ${row.summary}` : ''}`}
                questions={info.questions}
                values={{ ...state.defaults[stepId], ...state.answers[stepId] }}
                error={screen.error}
                isActive={active}
                check={(key, value) => {
                  try {
                    driver.validate(stepId, { [key]: value });
                    return undefined;
                  } catch (error) {
                    return messageOf(error);
                  }
                }}
                onAnswer={(key, value) => dispatch({ type: 'answer', stepId, key, value })}
                onDone={() => dispatch({ type: 'answers-done' })}
                onBack={() => dispatch({ type: 'back' })}
              />
            );
          })()
        : null}
      {screen.name === 'planning' ? (
        <Text>
          <Spinner /> planning {screen.queue.join(', ')} on the server…
        </Text>
      ) : null}
      {screen.name === 'preview' ? (
        <PreviewScreen
          planned={screen.planned}
          dryRun={state.dryRun}
          height={size.rows - 6}
          width={size.columns}
          isActive={active}
          onChoose={(choice) => {
            if (choice === 'save') {
              driver.saveAnswers(state.answers).then(
                (path) => dispatch({ type: 'saved', path }),
                (error: unknown) => dispatch({ type: 'flash', message: `could not save the answers: ${messageOf(error)}` }),
              );
            } else dispatch({ type: choice });
          }}
        />
      ) : null}
      {screen.name === 'applying' ? <ApplyScreen actions={screen.actions} undoing={screen.undoing} result={screen.result} error={screen.error} interrupted={interrupted} /> : null}
      {screen.name === 'dry-run-done' ? (
        <Box flexDirection="column">
          <Tint color="green">
            dry run: would apply {screen.planned.reduce((n, p) => n + allChanges(p.plan).length, 0)} changes to {state.label}; nothing was changed
          </Tint>
          <Text dimColor>Enter: back to the checklist</Text>
        </Box>
      ) : null}
      {screen.name === 'runs' ? <RunsScreen runs={state.runs} isActive={active} onOpen={(runId) => dispatch({ type: 'open-run', runId })} onBack={() => dispatch({ type: 'back' })} /> : null}
      {screen.name === 'run'
        ? (() => {
            const run = state.runs.find((r) => r.runId === screen.runId);
            return run ? <RunScreen run={run} isActive={active} onRollback={() => dispatch({ type: 'rollback' })} onBack={() => dispatch({ type: 'back' })} /> : null;
          })()
        : null}
      {screen.name === 'backup-task' ? (
        <BackupTaskScreen
          task={screen.task}
          stage={screen.stage}
          ok={screen.ok}
          result={screen.result}
          isActive={active}
          onStart={(privateKeyFile) => dispatch({ type: 'start-backup-task', privateKeyFile })}
          onBack={() => dispatch({ type: 'back' })}
        />
      ) : null}
      {screen.name === 'rolling-back' ? <RollbackScreen runId={screen.runId} report={screen.report} error={screen.error} /> : null}
    </Box>
  );
}
