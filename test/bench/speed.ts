import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { prepareSixSteps, sixStepAnswers, writeAnswers } from '../helpers/six-steps.js';
import { GOLIVE_BIN, GoliveRunner, REPO_ROOT, TestServer } from '../helpers/test-server.js';
import { median, spread, timedRun, timedRuns, timeToText } from './measure.js';
import { wizardFill } from './wizard-fill.js';

/**
 * Every speed figure of golive side by side, each against its goal (issue 17), in one run on this
 * machine: the first checklist frame next to a bare Ink "hello"; over SSH against a test server set
 * up for every step with its packages already installed: `plan` of all steps, the wizard's checklist
 * once connected, a full `apply`, `audit`; and the peak memory of each process.
 * Run: npm run bench (as root: it boots a test server). BENCH_RUNS sets the runs of the quick figures.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const APPLY_RUNS = 3;
/** The packages of the baseline's default groups: installed first, so apply installs nothing. */
const BASELINE_PACKAGES = ['auditd', 'acct', 'aide', 'debsums', 'libpam-pwquality', 'libpam-tmpdir', 'needrestart', 'apt-listchanges'];

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly goal: number;
  readonly detail: string;
}

const figures: Figure[] = [];
const peaks: { name: string; peakMiB: number }[] = [];

const frames = await firstFrames();
figures.push({ name: 'first checklist frame / bare Ink hello', value: frames.ratio, unit: '×', goal: 0.6, detail: frames.detail });

execFileSync('bash', [join(REPO_ROOT, 'scripts', 'testserver', 'setup-host.sh')], { stdio: 'inherit' });
const server = await TestServer.boot('bench-speed', 201, { aptProxy: true });
try {
  const golive = await prepare(server);
  const plans = await timedRuns(golive, golive.args('deploy', ['plan', '--json']), 2, RUNS);
  const roundTrips = (JSON.parse(plans[0]!.stdout) as { roundTrips: number }).roundTrips;
  figures.push({ name: 'plan, all steps, over SSH', value: median(plans.map((r) => r.ms)), unit: 'ms', goal: 1000, detail: `${RUNS} runs, whole process: ${spread(plans.map((r) => r.ms))}` });
  figures.push({ name: 'round trips of that plan', value: roundTrips, unit: '', goal: 3, detail: 'commands sent over the one SSH connection' });
  peaks.push({ name: 'plan', peakMiB: Math.max(...plans.map((r) => r.peakMiB)) });

  const fills = [];
  for (let i = 0; i < RUNS; i += 1) fills.push(await wizardFill(golive));
  figures.push({ name: 'wizard checklist filled after connect', value: median(fills.map((f) => f.filledMs)), unit: 'ms', goal: 1000, detail: `${RUNS} runs: ${spread(fills.map((f) => f.filledMs))}` });
  peaks.push({ name: 'wizard', peakMiB: Math.max(...fills.map((f) => f.peakMiB)) });

  const applies = await fullApplies(golive);
  figures.push({ name: 'full apply, no package installs', value: median(applies.map((r) => r.ms)), unit: 'ms', goal: 10_000, detail: `${APPLY_RUNS} runs, each rolled back after: ${spread(applies.map((r) => r.ms))}` });
  peaks.push({ name: 'apply', peakMiB: Math.max(...applies.map((r) => r.peakMiB)) });

  const audits = await timedRuns(golive, golive.args('deploy', ['audit', '--json']), 2, RUNS);
  console.log(`(no goal) golive audit over SSH: ${spread(audits.map((r) => r.ms))}`);
  peaks.push({ name: 'audit', peakMiB: Math.max(...audits.map((r) => r.peakMiB)) });
} finally {
  await server.destroy();
}
const peak = peaks.reduce((a, b) => (b.peakMiB > a.peakMiB ? b : a));
figures.push({ name: 'peak memory of any golive process', value: peak.peakMiB, unit: 'MiB', goal: 150, detail: peaks.map((p) => `${p.name} ${p.peakMiB.toFixed(0)} MiB`).join(', ') });
printTable(figures);
process.exitCode = figures.every((f) => f.value <= f.goal) ? 0 : 1;

/** The first frame of the wizard and of a bare Ink hello, alternated so both see the same machine. */
async function firstFrames(): Promise<{ ratio: number; detail: string }> {
  const wizard = [GOLIVE_BIN, '--host', 'nobody@127.0.0.1:1', '--known-hosts', '/dev/null'];
  const hello = [join(REPO_ROOT, 'dist', 'test', 'bench', 'ink-hello.js')];
  const env = { GOLIVE_SETTINGS_DIR: '/tmp/golive-bench-settings' };
  const golive: number[] = [];
  const ink: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    golive.push(await timeToText(['node', ...wizard], 'secrets', env));
    ink.push(await timeToText(['node', ...hello], 'hello'));
  }
  return { ratio: median(golive) / median(ink), detail: `${RUNS} runs each: golive ${spread(golive)}; Ink hello ${spread(ink)}` };
}

/** The six steps' server, the baseline's packages installed, AIDE's database build left out (it runs for minutes in the background). */
async function prepare(server: TestServer): Promise<GoliveRunner> {
  const golive = new GoliveRunner(server);
  const key = await prepareSixSteps(server, 'ops-password-for-bench');
  await server.sh(`export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends ${BASELINE_PACKAGES.join(' ')} >/dev/null`);
  writeAnswers(golive, `${sixStepAnswers(key, { allowUsers: ['deploy', 'ops'] })}baseline:\n  integrity: false\n`);
  await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  return golive;
}

/** Full applies, each undone afterwards (untimed), so each starts from the same server. */
async function fullApplies(golive: GoliveRunner) {
  const plan = await golive.run(golive.args('deploy', ['plan', '--json']));
  if (/apt-get[^"]* install/.test(plan.stdout)) throw new Error('the bench server would install packages: install them in prepare()');
  const runs = [];
  for (let i = 0; i < APPLY_RUNS; i += 1) {
    const run = await timedRun(golive, golive.args('deploy', ['apply', '--yes']));
    if (run.exitCode !== 0) throw new Error(`golive apply failed (${run.exitCode}): ${run.stderr}`);
    runs.push(run);
    const rollback = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    if (rollback.exitCode !== 0) throw new Error(`golive rollback failed (${rollback.exitCode}): ${rollback.stderr}`);
  }
  return runs;
}

function printTable(rows: readonly Figure[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n${'figure'.padEnd(width)}  ${'measured'.padStart(10)}  ${'goal'.padStart(10)}`);
  for (const row of rows) {
    const value = row.unit === '×' ? `${row.value.toFixed(2)}×` : `${row.value.toFixed(0)} ${row.unit}`.trim();
    const goal = row.unit === '×' ? `<= ${row.goal}×` : `<= ${row.goal} ${row.unit}`.trim();
    console.log(`${row.name.padEnd(width)}  ${value.padStart(10)}  ${goal.padStart(10)}  ${row.value <= row.goal ? 'met' : 'MISSED'}   ${row.detail}`);
  }
}
