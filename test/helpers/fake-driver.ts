import { backupStep } from '../../steps/backup.js';
import { sshStep } from '../../steps/ssh.js';
import type { ApplyEvent, ApplyResult } from '../../src/engine/apply.js';
import type { Manifest } from '../../src/engine/journal.js';
import type { RollbackReport } from '../../src/engine/rollback.js';
import type { PlannedStep } from '../../src/engine/session.js';
import { type AuditFinding, STEP_IDS } from '../../src/engine/types.js';
import { GoliveError } from '../../src/errors.js';
import type { RawAnswers, WizardDriver } from '../../src/ui/driver.js';
import { debian12Facts, overSsh } from './ssh-facts.js';

/**
 * A driver for UI tests: plans come from the real ssh step over facts captured on a Debian 12
 * server; applying and rolling back only report what they would do (the end-to-end tests do it for real).
 */

export interface FakeOptions {
  readonly preset?: boolean;
  readonly askHostKey?: boolean;
  readonly runs?: Manifest[];
  readonly applyResult?: Partial<ApplyResult>;
  /** Apply waits for the abort signal (to test Ctrl+C) instead of finishing. */
  readonly applyWaitsForAbort?: boolean;
  /** The backup step is available and its job in place (the wizard offers "Back up now"). */
  readonly backupInPlace?: boolean;
  /** The audit's findings; default FINDINGS. */
  readonly findings?: readonly AuditFinding[];
  /** An inventory's hosts (--inventory): the wizard starts at its list. */
  readonly hosts?: readonly string[];
}

export const RUN: Manifest = {
  version: 1,
  runId: '20261123T120000Z-abcdef',
  startedAt: '2026-11-23T12:00:00.000Z',
  finishedAt: '2026-11-23T12:00:02.000Z',
  target: 'deploy@10.77.1.2',
  loginUser: 'deploy',
  steps: ['ssh'],
  status: 'applied',
  files: [{ path: '/etc/ssh/sshd_config.d/00-golive.conf', backup: undefined, before: undefined, afterSha256: 'x' }],
  commands: [],
  validations: [['sshd', '-t']],
  reloads: [['systemctl', 'reload', 'ssh.service']],
  undo: [],
  snapshots: [],
};

/** The audit as a stock server with PostgreSQL open to the world would answer it: 4 pass, 1 fail, 1 warn, 1 unknown. */
export const FINDINGS: readonly AuditFinding[] = [
  { id: 'auth.provider', title: 'An authentication provider is set', status: 'pass', evidence: '/srv/app/.env: AUTH_PROVIDER=oidc', fix: 'set AUTH_PROVIDER in /srv/app/.env' },
  { id: 'secrets.mode', title: 'The .env is readable by its owner only', status: 'pass', evidence: '/srv/app/.env: mode 600, owner app', fix: 'golive apply --only secrets' },
  { id: 'tls.https', title: 'HTTPS answers on port 443', status: 'unknown', evidence: 'openssl s_client 127.0.0.1:443: connect: Connection refused', fix: 'serve HTTPS on 443 (Caddy with Let\'s Encrypt)' },
  {
    id: 'firewall.internal',
    title: 'Databases are not reachable from outside',
    status: 'fail',
    evidence: 'ss -ltn: PostgreSQL listens on 0.0.0.0:5432\nufw status: inactive\ndocker ps: no published ports',
    fix: 'bind PostgreSQL to 127.0.0.1 (listen_addresses), or golive apply --only firewall',
  },
  { id: 'ssh.hardened', title: 'SSH: keys only, no root login', status: 'pass', evidence: 'sshd -T: passwordauthentication no, permitrootlogin no', fix: 'golive apply --only ssh' },
  { id: 'scan.images', title: 'Container images are scanned', status: 'warn', evidence: 'trivy, grype: not on PATH', fix: 'install Trivy and scan the images (trivy image NAME)' },
  { id: 'intrusion.miners', title: 'No miner or dropper left behind', status: 'pass', evidence: 'ps: no known miner, nothing running from /tmp, /var/tmp or /dev/shm\ncrontab: no download-and-run entry', fix: 'kill the process and remove its cron entry' },
];

function planSsh(answers: RawAnswers): PlannedStep {
  const context = overSsh('deploy');
  const facts = debian12Facts();
  const resolved = sshStep.resolveAnswers(sshStep.parseAnswers(answers.ssh, 'ssh'), facts, context);
  return { step: sshStep, answers: resolved, plan: sshStep.plan(facts, resolved, context) };
}

export function fakeDriver(options: FakeOptions = {}) {
  const calls = { fleet: [] as string[], disconnects: 0, connectedTo: [] as (string | undefined)[], connect: 0, apply: 0, rollback: [] as string[], saved: [] as RawAnswers[], aborted: false, closed: 0, backups: 0, restores: [] as { keyFile: string; passphrase?: string }[] };
  const backupAvailable = options.backupInPlace === true;
  const backupOutcome = { step: backupStep, answers: {}, plan: { stepId: 'backup' as const, title: 'Backups', changes: [], validations: [], reloads: [], notes: ['the backup job is in place'] } };
  const driver: WizardDriver = {
    steps: STEP_IDS.map((id) => ({ id, title: id === 'ssh' ? sshStep.title : id, questions: id === 'ssh' ? sshStep.questions : [] })),
    preset: options.preset === false || options.hosts ? undefined : { host: 'deploy@10.77.1.2', identity: undefined, source: 'flags' },
    hosts: options.hosts?.map((name, n) => ({ name, target: `deploy@10.77.${n + 1}.2` })),
    async disconnect() {
      calls.disconnects += 1;
    },
    async fleet(command, onHost) {
      calls.fleet.push(command);
      const hosts = options.hosts ?? [];
      for (const host of hosts) onHost({ host, state: 'running', line: command === 'plan' ? 'reading the server' : 'ok   write /etc/ssh/sshd_config.d/00-golive.conf' });
      // The last host fails: its sshd has someone else's broken drop-in.
      const failed = (host: string) => command === 'apply' && host === hosts.at(-1);
      for (const host of hosts) onHost({ host, state: failed(host) ? 'failed' : 'succeeded', line: command === 'plan' ? 'changes pending' : failed(host) ? 'failed, undone' : 'applied' });
      return hosts.map((host, n) => ({
        host,
        target: `deploy@10.77.${n + 1}.2`,
        exitCode: failed(host) ? 1 : command === 'plan' ? 2 : 0,
        result: command === 'plan' ? 'changes pending' : failed(host) ? 'failed, undone' : 'applied',
        steps: ['ssh'],
        runId: command === 'apply' ? RUN.runId : undefined,
        seconds: 4.2,
      }));
    },
    initialAnswers: async () => ({}),
    async connect(request, interaction) {
      calls.connect += 1;
      calls.connectedTo.push(request.host);
      if (options.askHostKey && !(await interaction.confirm('The host key of 10.77.1.2 is not known.\nssh-ed25519 key fingerprint is SHA256:AbCd.\nTrust it?'))) {
        throw new GoliveError('the host key of 10.77.1.2 is not in known_hosts');
      }
      return 'deploy@10.77.1.2';
    },
    async survey(answers) {
      let outcome;
      try {
        outcome = planSsh(answers);
      } catch (error) {
        outcome = { step: sshStep, error: error as GoliveError };
      }
      return { outcomes: backupAvailable ? [outcome, backupOutcome] : [outcome], runs: options.runs ?? [] };
    },
    audit: async () => options.findings ?? FINDINGS,
    plan: async (_ids, answers) => [planSsh(answers)],
    async apply(planned, onEvent: (event: ApplyEvent) => void, signal) {
      calls.apply += 1;
      onEvent({ type: 'run-started', runId: RUN.runId });
      onEvent({ type: 'action', label: 'write /etc/ssh/sshd_config.d/00-golive.conf', state: 'started' });
      if (options.applyWaitsForAbort) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        calls.aborted = true;
        onEvent({ type: 'action', label: 'write /etc/ssh/sshd_config.d/00-golive.conf', state: 'done' });
        onEvent({ type: 'rolling-back', reason: 'interrupted by the user' });
        const rollback: RollbackReport = { runId: RUN.runId, files: [{ path: '/etc/ssh/sshd_config.d/00-golive.conf', outcome: 'removed' }], validationFailures: [], reloadFailures: [], complete: true };
        return { runId: RUN.runId, status: 'failed', reason: 'interrupted by the user', checks: [], rollback };
      }
      onEvent({ type: 'action', label: 'write /etc/ssh/sshd_config.d/00-golive.conf', state: 'done' });
      return { runId: RUN.runId, status: 'applied', checks: [{ name: 'sshd -T passwordauthentication', ok: true, detail: 'no' }], ...options.applyResult, ...(planned.length === 0 ? { status: 'failed' } : {}) };
    },
    async rollback(runId) {
      calls.rollback.push(runId);
      return { runId, files: [{ path: '/etc/ssh/sshd_config.d/00-golive.conf', outcome: 'removed' }], validationFailures: [], reloadFailures: [], complete: true };
    },
    async backupNow() {
      calls.backups += 1;
      return '/backups/shop-20261123T120000Z.dump.gpg';
    },
    async testRestore(_answers, keyFile, interaction) {
      // A key file named "protected" needs its passphrase, as gpg would say.
      const passphrase = keyFile.includes('protected') ? await interaction.askSecret(`Passphrase of ${keyFile}: `) : undefined;
      calls.restores.push({ keyFile, passphrase });
      const summary = 'restore test passed: /backups/shop-20261123T120000Z.dump.gpg (3 KiB) restored 2 tables, 1250 rows, the same counts as shop';
      return { ok: true, summary, backup: '/backups/shop-20261123T120000Z.dump.gpg', tables: 2, rows: 1250, mismatches: [] };
    },
    validate: (_id, answers) => void sshStep.parseAnswers(answers, 'ssh'),
    async saveAnswers(answers) {
      calls.saved.push(answers);
      return 'golive.yml';
    },
    close: async () => {
      calls.closed += 1;
    },
  };
  return { driver, calls };
}
