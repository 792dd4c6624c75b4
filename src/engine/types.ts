import type { Target } from '../target/target.js';

/** Everything the engine and the steps exchange. Plans are data: no function reaches a server. */

// ssh before firewall: the firewall opens the port sshd is to listen on, so it must know it.
// crowdsec after firewall: its bouncer fits the firewall the run leaves on.
export const STEP_IDS = ['secrets', 'ssh', 'firewall', 'fail2ban', 'crowdsec', 'tls', 'containers', 'baseline', 'updates', 'backup'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** A file as it is (or will be) on the server. */
export interface FileState {
  readonly content: string;
  readonly mode: number;
  readonly owner: string;
  readonly group: string;
}

export interface FileChange {
  readonly kind: 'file';
  readonly path: string;
  readonly before: FileState | null;
  readonly after: FileState;
  readonly why: string;
  /** What the preview shows instead of the real text, when the file holds secrets. */
  readonly display?: { readonly before: string; readonly after: string };
  /** A file a package install reads (a config its postinst honours): written with the groundwork, before the install. */
  readonly groundwork?: boolean;
}

export interface CommandChange {
  readonly kind: 'command';
  readonly argv: readonly string[];
  /** How the preview shows a command whose argv is a script: what it does, in one line. */
  readonly display?: string;
  readonly why: string;
  /**
   * What the command reads on standard input: the way a secret reaches a command. argv is shown by
   * the preview, kept in the journal, quoted in error messages and logged by sudo; stdin is not.
   */
  readonly stdin?: string;
  /** Files the command creates: journaled as absent before, so rollback removes them. */
  readonly creates?: readonly string[];
  /** Files the command rewrites (ufw's rule files, say): backed up before it runs, restored by rollback. */
  readonly touches?: readonly string[];
  /** Groundwork that cannot cut anyone off (a package install): runs before the undo timer is armed. */
  readonly groundwork?: boolean;
}

/** State that lives outside files (the kernel's firewall tables): saved before, put back by rollback. */
export interface Snapshot {
  readonly name: string;
  /** Prints the state on stdout. */
  readonly save: readonly string[];
  /** Reads that output on stdin and restores it. */
  readonly restore: readonly string[];
}

export type Change = FileChange | CommandChange;

/** A command that must succeed before any reload, e.g. `sshd -t`. */
export interface Validation {
  readonly argv: readonly string[];
  readonly what: string;
}

/** After reloading, a brand-new login that must work, or the run is undone. */
export interface LoginCheck {
  readonly user: string;
  readonly port: number;
  /**
   * Set when this user is to keep the way to root: `sudo -n true` must then work in that login.
   * 'password': the guard saw sudo asks for the user's own, usable password, so being asked passes.
   */
  readonly sudo?: 'nopasswd' | 'password';
}

/** What the fresh login found; a note is said beside the check ("sudo will ask for your password"). */
export type LoginCheckResult = { readonly ok: true; readonly note?: string } | { readonly ok: false; readonly reason: string };

/** Changes, the checks they must pass before any reload, and the reloads that put them in force. */
export interface Phase {
  readonly changes: readonly Change[];
  readonly validations: readonly Validation[];
  readonly reloads: readonly (readonly string[])[];
}

/**
 * What a plan means for the steps after it in the same run, as typed data: a step never reads
 * another step's commands.
 */
export interface PlanEffects {
  /** sshd moves to another port. */
  readonly sshPorts?: SshPortMove;
  /** The firewall (ufw) is on once this plan is applied. */
  readonly firewallEnabled?: boolean;
}

/**
 * sshd moving: from the reload on it listens on `to` beside `from`; once the fresh login on `to`
 * worked, on `to` alone.
 */
export interface SshPortMove {
  readonly from: readonly number[];
  readonly to: number;
}

/** What the earlier steps of the run will have done by the time this one runs, all effects together. */
export function earlierEffects(context: StepContext): PlanEffects {
  const effects = (context.earlierPlans ?? []).map((p) => p.effects ?? {});
  return {
    sshPorts: effects.find((e) => e.sshPorts)?.sshPorts,
    firewallEnabled: effects.some((e) => e.firewallEnabled),
  };
}

export interface StepPlan extends Phase {
  readonly stepId: StepId;
  readonly title: string;
  /** Commands rollback runs after restoring the files, before restoring snapshots (e.g. `ufw disable`). */
  readonly undo?: readonly (readonly string[])[];
  readonly snapshots?: readonly Snapshot[];
  readonly loginCheck?: LoginCheck;
  /**
   * What waits until every fresh login of the run has worked (closing the old SSH port): applied,
   * validated and reloaded then, journaled and undone like the rest; the logins are tried again after.
   */
  readonly afterLogin?: Phase;
  readonly effects?: PlanEffects;
  /** Said to the user beside the plan: why nothing changes, what golive noticed. */
  readonly notes: readonly string[];
}

/** Every change of a plan, those that wait for the fresh login included: none means nothing to do. */
export function allChanges(plan: StepPlan): readonly Change[] {
  return [...plan.changes, ...(plan.afterLogin?.changes ?? [])];
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** A go-live item the step reports but does not change: shown as a warning, never fails the run. */
  readonly advisory?: boolean;
}

/** The output of one command run during the probe. */
export interface ProbeOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What golive reads of a server: a read-only command and its parser, or a value made of other facts. */
export type Fact<T> = CommandFact<T> | DerivedFact<T>;

/** A read-only command and the parser of its output. */
export interface CommandFact<T> {
  readonly argv: readonly string[];
  readonly parse: (output: ProbeOutput) => T;
  /**
   * The command takes any number of last arguments and prints, for each in turn, a line
   * PART_MARKER then that argument's part: facts differing only in that argument then run as one
   * command, each parsing its own part (see gatherFactGroups).
   */
  readonly joinable?: true;
}

/**
 * A value made of other facts, read in the same probe: facts that several others need (systemd's
 * view of the units, `sshd -T`) stay one command each, and a value needing two of them is made here
 * instead of by a command of its own. A part that could not be read is the value's error too.
 */
export interface DerivedFact<T> {
  readonly from: Readonly<Record<string, Fact<unknown>>>;
  readonly derive: (parts: Readonly<Record<string, unknown>>) => T;
}

export interface StepContext {
  /** The account golive is logged in as on the server. */
  readonly loginUser: string;
  readonly targetKind: Target['kind'];
  /** The port of golive's own connection, when over SSH. */
  readonly connectionPort: number | undefined;
  /**
   * The user whose SSH session a change could cut: golive's own login over SSH; on the server
   * itself, the user who reached it over SSH and ran golive (through sudo); undefined at a console.
   */
  readonly sessionUser: string | undefined;
  /** The address the admin reaches the server from (see Target.clientAddress): never to be banned. */
  readonly adminAddress?: string;
  /** Secrets to replace even when strong (`--rotate NAME`). */
  readonly rotate?: readonly string[];
  /** The plans of the steps before this one in the same run: what they will have done by then. */
  readonly earlierPlans?: readonly StepPlan[];
  /** Every step of this run, in order: a step leaves to a later one what that one does anyway. */
  readonly stepsInRun?: readonly StepId[];
}

/** One answer the wizard asks for: a text field, or a choice when `choices` is given. */
export interface Question {
  readonly key: string;
  readonly label: string;
  readonly help: string;
  readonly choices?: readonly string[];
  /** The text shown in the field for an answer's value. */
  toText(value: unknown): string;
  /** What was typed, as golive.yml would hold it (validated by the step's parseAnswers). */
  fromText(text: string): unknown;
}

/** How an item of the go-live audit stands on the server. */
export type AuditStatus = 'pass' | 'fail' | 'warn' | 'unknown';

/** One audit item as found: its fixed id, what was read and from where, and what would fix it. */
export interface AuditFinding {
  /** Fixed, dotted: `ssh.hardened`, `tls.hsts`. */
  readonly id: string;
  readonly title: string;
  readonly status: AuditStatus;
  /** What was read, from where: "sshd -T: passwordauthentication yes". Never a secret's value. */
  readonly evidence: string;
  /** The golive step that fixes it (`golive apply --only ssh`), or the command or change to make. */
  readonly fix: string;
}

/** An audit item before it is judged: id and title, and the fix to name when it cannot be read at all. */
export interface AuditItem {
  readonly id: string;
  readonly title: string;
  readonly fix: string;
}

/** Where the audit looks beyond the steps' answers. */
export interface AuditInputs {
  /** The app's .env (secrets.envFile), when known. */
  readonly envFile: string | undefined;
  /** The app's compose file (audit.composeFile); undefined: look for a docker-compose.yml or compose.yaml beside the .env. */
  readonly composeFile: string | undefined;
  /** The site's name the TLS items ask for (the first of tls.domains); undefined: `localhost`. */
  readonly tlsServerName?: string;
}

/**
 * A group of audit items golive checks but no step changes (TLS, containers, intrusions): read-only
 * facts gathered in the audit's one probe, judged purely. Like a step, it never reaches the server.
 */
export interface AuditCheck<Facts> {
  /** Its items, in report order: each one `judge` returns, and each reported as unknown when its facts cannot be read. */
  readonly items: readonly AuditItem[];
  facts(inputs: AuditInputs): { readonly [K in keyof Facts]: Fact<Facts[K]> };
  judge(facts: Facts, inputs: AuditInputs): readonly AuditFinding[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAuditCheck = AuditCheck<any>;

/** One checklist step: a declarative module. The engine owns applying, journaling and rollback. */
export interface Step<Answers, Facts> {
  readonly id: StepId;
  readonly title: string;
  /** The go-live checklist items this step takes care of. */
  readonly checklist: readonly string[];
  /** What the wizard asks, in order. */
  readonly questions: readonly Question[];
  /**
   * Set when a run of every step (no --only) leaves this step out unless golive.yml has its
   * section: why it waits to be asked for (it installs an agent that talks to a third party).
   */
  readonly optIn?: string;
  /** Checks the raw answers (from golive.yml or the wizard) before anything is read from the server. */
  parseAnswers(raw: unknown, field: string): Partial<Answers>;
  /** The read-only commands whose output `plan` needs; given the answers so far. */
  facts(answers: Partial<Answers>, context: StepContext): { readonly [K in keyof Facts]: Fact<Facts[K]> };
  /** Fills the defaults from the server's facts. */
  resolveAnswers(answers: Partial<Answers>, facts: Facts, context: StepContext): Answers;
  /** Pure: facts and answers in, changes out. Throws a GoliveError when the change would be unsafe. */
  plan(facts: Facts, answers: Answers, context: StepContext): StepPlan;
  /** Pure: after apply, the facts read again, each checklist value checked on the real server. */
  verify(facts: Facts, answers: Answers, context: StepContext): readonly Check[];
  /** The answers as golive.yml holds them, when the resolved ones carry more (what was read from a key file). */
  savedAnswers?(answers: Answers): Record<string, unknown>;
  /** The go-live audit items this step answers for, in report order. */
  readonly auditItems?: readonly AuditItem[];
  /**
   * Pure: the audit items judged from the step's facts (read with the answers given so far: an
   * audit needs no answer a plan would). Returns one finding per item of `auditItems`.
   */
  audit?(facts: Facts, answers: Partial<Answers>, context: StepContext): readonly AuditFinding[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep = Step<any, any>;
