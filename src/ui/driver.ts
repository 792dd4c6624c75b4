import type { ApplyEvent, ApplyResult } from '../engine/apply.js';
import type { Manifest } from '../engine/journal.js';
import type { RestoreResult } from '../backup/restore-test.js';
import type { RollbackReport } from '../engine/rollback.js';
import type { PlannedStep, StepOutcome } from '../engine/session.js';
import type { AuditFinding, Question, StepId } from '../engine/types.js';
import type { Interaction } from '../interaction.js';

/**
 * Everything the wizard asks of golive's core, as promises. The UI renders and sends intents; this
 * is the only way it reaches a server. Tests drive the UI with their own driver.
 */

export interface ConnectRequest {
  readonly host: string | undefined;
  readonly identity: string | undefined;
  /** flags: --host; config: golive.yml's target, if it has one; form: typed in the wizard; inventory: `host` names a host of --inventory. */
  readonly source: 'flags' | 'config' | 'form' | 'inventory';
}

/** golive.yml names no server: the wizard asks for one. */
export class TargetNeeded extends Error {
  constructor() {
    super('golive.yml names no target');
  }
}

export interface StepInfo {
  readonly id: StepId;
  readonly title: string;
  readonly questions: readonly Question[];
}

export interface SurveyResult {
  readonly outcomes: readonly StepOutcome[];
  readonly runs: readonly Manifest[];
}

export type RawAnswers = Partial<Record<StepId, Readonly<Record<string, unknown>>>>;

/** A host of --inventory, as the hosts screen lists it. */
export interface InventoryHostInfo {
  readonly name: string;
  readonly target: string;
}

/** One host of a fleet's run, as it goes. */
export interface FleetUpdate {
  readonly host: string;
  readonly state: 'running' | 'succeeded' | 'failed';
  readonly line: string;
}

/** One host's outcome in a fleet's run. */
export interface FleetResult {
  readonly host: string;
  readonly target: string;
  readonly exitCode: number;
  readonly result: string;
  readonly steps: readonly string[];
  readonly runId: string | undefined;
  readonly seconds: number;
}

export interface WizardDriver {
  /** Every checklist step, in order, known before any connection. */
  readonly steps: readonly StepInfo[];
  /** Where golive will connect, when --host or a golive.yml say; undefined: ask. */
  readonly preset: ConnectRequest | undefined;
  /** The hosts of --inventory, known before any connection; undefined: one server. */
  readonly hosts?: readonly InventoryHostInfo[];
  /** Closes the connection to the host open now (to open another of the inventory). */
  disconnect(): Promise<void>;
  /** plan or apply on every host of the inventory at once, each told as it goes. */
  fleet(command: 'plan' | 'apply', onHost: (update: FleetUpdate) => void): Promise<readonly FleetResult[]>;
  /** Answers from golive.yml over the last answers for this host. */
  initialAnswers(label: string): Promise<RawAnswers>;
  connect(request: ConnectRequest, interaction: Interaction): Promise<string>;
  /** The checklist: each step's plan and the runs, in one probe. */
  survey(answers: RawAnswers): Promise<SurveyResult>;
  /** The go-live audit's items, in checklist order: read after the checklist, which need not wait for them. */
  audit(answers: RawAnswers): Promise<readonly AuditFinding[]>;
  plan(stepIds: readonly StepId[], answers: RawAnswers): Promise<PlannedStep[]>;
  apply(planned: readonly PlannedStep[], onEvent: (event: ApplyEvent) => void, signal: AbortSignal): Promise<ApplyResult>;
  rollback(runId: string): Promise<RollbackReport>;
  /** Runs the backup job once; resolves with the new backup's path on the server. */
  backupNow(answers: RawAnswers): Promise<string>;
  /** Backs up now, decrypts here with the private key, restores into a scratch database, compares. */
  testRestore(answers: RawAnswers, privateKeyFile: string, interaction: Interaction): Promise<RestoreResult>;
  /** Validates one step's answers as golive.yml would; throws an InputError naming the field. */
  validate(stepId: StepId, answers: Readonly<Record<string, unknown>>): void;
  saveAnswers(answers: RawAnswers): Promise<string>;
  close(): Promise<void>;
}
