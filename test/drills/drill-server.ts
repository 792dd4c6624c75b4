import { randomBytes } from 'node:crypto';
import type { GpgKeyPair } from '../helpers/gpg-keys.js';
import { APP_ENV, prepareSixSteps, sixStepAnswers, type SixStepOptions, writeAnswers } from '../helpers/six-steps.js';
import { type BootOptions, type GoliveRun, GoliveRunner, startPaused, TestServer } from '../helpers/test-server.js';
import { expect, Lost, sleep } from './drill.js';
import { comparablePlan, filesChanges, filesState, type FilesState } from './server-state.js';

/** The packages of the baseline groups that are on by default, AIDE's aside. */
const BASELINE_TOOLS = ['auditd', 'acct', 'debsums', 'libpam-pwquality', 'libpam-tmpdir', 'needrestart', 'apt-listchanges'];

/** The longest any one golive command of the drills may run. */
const GOLIVE_TIMEOUT = 300_000;

/**
 * A test server set up for all six steps, with what the drills need around it: golive as deploy
 * (sudo without a password) or ops (with one), the server's state before any run, every line golive
 * printed, and every secret value golive was seen writing.
 */
export class DrillServer {
  /** Everything golive printed in the drills on this server: the secret-leak scan reads it. */
  readonly transcript: string[] = [];
  /** Every value golive was seen writing into the app's .env. */
  readonly secretsSeen = new Set<string>();
  /** The actions of a full apply, in order, from a reference run (kill-points.ts). */
  labels: string[] = [];
  pristine: FilesState = {};
  pristinePlan = '';

  private constructor(
    readonly server: TestServer,
    readonly index: number,
    readonly golive: GoliveRunner,
    readonly key: GpgKeyPair,
    /** ops's password: sudo asks for it. Unguessable, so a match anywhere can only be a leak. */
    readonly opsPassword: string,
  ) {}

  /**
   * The drills compare every file and the plan with the server before any run, and a rollback keeps
   * packages: so the baseline step's tools are installed first (through the proxy), and its AIDE
   * group is off in the answers (the database it builds stays too). The install itself is
   * baseline.test's and audit.test's.
   */
  static async boot(name: string, index: number, options: BootOptions = {}): Promise<DrillServer> {
    const server = await TestServer.boot(name, index, { aptProxy: true, ...options });
    try {
      const golive = new GoliveRunner(server);
      const opsPassword = `ops-pw-${randomBytes(12).toString('hex')}`;
      const drillServer = new DrillServer(server, index, golive, await prepareSixSteps(server, opsPassword), opsPassword);
      // A user who exists but has no key, for the bad inputs: allowing it would lock it out.
      await server.sh('useradd -m -s /bin/bash nokey');
      await server.sh(`export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends ${BASELINE_TOOLS.join(' ')} >/dev/null`);
      drillServer.useAnswers();
      await drillServer.run(['history', '--accept-new-host-key']);
      await drillServer.remember();
      return drillServer;
    } catch (error) {
      await server.destroy();
      throw error;
    }
  }

  /** The six steps' answers; deploy and ops may both log in afterwards. */
  useAnswers(options: SixStepOptions = {}): void {
    writeAnswers(this.golive, `${sixStepAnswers(this.key, { allowUsers: ['deploy', 'ops'], ...options })}baseline:\n  integrity: false\n`);
  }

  /** Takes the server's present state as the one every later case must come back to. */
  async remember(): Promise<void> {
    this.pristine = await filesState(this.server);
    this.pristinePlan = await this.plan();
  }

  /** golive as deploy, bounded, its output kept. */
  async run(args: readonly string[], env: Record<string, string> = {}, timeoutMs = GOLIVE_TIMEOUT): Promise<GoliveRun> {
    const result = await this.golive.run(this.golive.args('deploy', args), env, timeoutMs);
    this.transcript.push(result.stdout, result.stderr);
    return result;
  }

  /** golive as deploy, stopped dead at GOLIVE_TEST_PAUSE; `kill` SIGKILLs it. */
  async paused(args: readonly string[], pause: string, confirmSeconds = 900): Promise<{ kill: () => Promise<void> }> {
    const run = await startPaused(this.golive, this.golive.args('deploy', args), { GOLIVE_TEST_PAUSE: pause, GOLIVE_CONFIRM_SECONDS: String(confirmSeconds), NO_COLOR: '1' });
    return {
      kill: async () => {
        const result = await run.kill();
        this.transcript.push(result.stdout, result.stderr);
      },
    };
  }

  async plan(): Promise<string> {
    const result = await this.run(['plan', '--json']);
    expect(result.exitCode === 0 || result.exitCode === 2, `plan failed (exit ${result.exitCode}): ${result.stderr}`);
    return comparablePlan(result.stdout);
  }

  /** The values in the app's .env now (they may be golive's new ones): remembered for the leak scan. */
  async noteSecrets(): Promise<void> {
    const env = await this.server.exec(['cat', APP_ENV]);
    for (const line of env.stdout.split('\n')) {
      const value = /^[A-Z_]+=(.{16,})$/.exec(line)?.[1];
      if (value && !value.startsWith('https://')) this.secretsSeen.add(value);
    }
  }

  /**
   * `golive rollback` of the latest run. A killed golive's lock holder on the server lets go when
   * its connection closes, which can take a moment: a refusal naming it is retried for a while.
   */
  async rollBack(): Promise<GoliveRun> {
    for (let attempt = 0; ; attempt += 1) {
      const result = await this.run(['rollback', '--yes']);
      if (!/another golive run holds this server/.test(result.stderr) || attempt >= 40) return result;
      await sleep(1000);
    }
  }

  /** Throws Lost unless every watched file and the plan are as they were before the drills. */
  async expectPristine(): Promise<void> {
    const changes = filesChanges(this.pristine, await filesState(this.server));
    if (changes.length > 0) throw new Lost(`not as before: ${changes.join('; ')}`);
    const plan = await this.plan();
    if (plan !== this.pristinePlan) throw new Lost(`plan is not what it was: ${firstDifference(this.pristinePlan, plan)}`);
  }

  /** No undo timer left armed, and the run lock free: nothing left behind that could act later. */
  async expectNothingPending(): Promise<void> {
    const timers = await this.server.sh("systemctl list-units --all --no-legend --plain 'golive-undo-*' | awk '$3 != \"inactive\"'");
    expect(timers.trim() === '', `undo timers still there: ${timers.trim()}`);
    const holder = await this.server.exec(['cat', '/var/lib/golive/lock.holder']);
    expect(holder.exitCode !== 0, `the run lock is still held: ${holder.stdout.trim()}`);
  }

  /** After a case that went wrong: roll back with --force, so the next case starts from the same state. */
  async restore(): Promise<boolean> {
    await this.run(['rollback', '--force', '--yes']);
    try {
      await this.expectPristine();
      return true;
    } catch {
      return false;
    }
  }

  async destroy(): Promise<void> {
    await this.server.destroy();
  }
}

function firstDifference(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  return `line ${at + 1}: ${JSON.stringify(a[at] ?? '')} -> ${JSON.stringify(b[at] ?? '')}`;
}
