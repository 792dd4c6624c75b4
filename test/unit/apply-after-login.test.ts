import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPlans } from '../../src/engine/apply.js';
import type { Manifest } from '../../src/engine/journal.js';
import type { LoginCheck, StepPlan } from '../../src/engine/types.js';
import type { ExecResult, Target } from '../../src/target/target.js';

/**
 * The engine's phases, on a server that says yes to everything: what waits for the fresh login
 * runs after it, and the login is tried again on the final state.
 */

/** A target that records what golive asks of it, answering as a server where everything works. */
function recordingTarget(events: string[], manifests: Manifest[]): Target {
  const exec = async (argv: readonly string[], options?: { stdin?: string | Buffer }): Promise<ExecResult> => {
    const script = argv[2] ?? '';
    if (argv[0] === 'sh' && script.includes('manifest.json')) {
      manifests.push(JSON.parse(String(options?.stdin)) as Manifest);
      // The journal saved, then commands run in the same trip, one line each.
      for (const line of script.matchAll(/^(.*) <\/dev\/null \|\| exit; ran$/gm)) events.push(line[1]!);
    } else if (argv[0] === 'sh' && script.includes('mktemp -d')) {
      return probeAnswer(script, events);
    } else if (argv[0] === 'sh' && argv[1]?.endsWith('/undo.sh')) {
      events.push('undo');
      return { exitCode: 0, stdout: 'done\trolled-back\n', stderr: '' };
    } else if (argv[0] === 'run' || argv[0] === 'check' || argv[0] === 'reload') events.push(argv.join(' '));
    return { exitCode: 0, stdout: '', stderr: '' };
  };
  return {
    label: 'test',
    kind: 'ssh',
    loginUser: 'deploy',
    roundTrips: 0,
    exec,
    execChecked: exec,
    open: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
}

/** A probe script's commands (the validations), each recorded and answered with success. */
function probeAnswer(script: string, events: string[]): ExecResult {
  const marker = /'(@@golive-[0-9a-f]+) 0 out'/.exec(script)![1]!;
  const commands = [...script.matchAll(/^(.*) >>"\$t\/(\d+)o"/gm)].sort((a, b) => Number(a[2]) - Number(b[2]));
  events.push(...commands.map((c) => c[1]!));
  return { exitCode: 0, stdout: commands.map((_, i) => `${marker} ${i} out\n\n${marker} ${i} err\n\n${marker} ${i} rc 0\n`).join(''), stderr: '' };
}

const command = (name: string) => ({ kind: 'command' as const, argv: ['run', name], why: name });
const login: LoginCheck = { user: 'deploy', port: 2222 };

function plan(stepId: StepPlan['stepId'], name: string, afterLogin: boolean): StepPlan {
  const check = { argv: ['check', name], what: name };
  return {
    stepId,
    title: name,
    changes: [command(`${name}-now`)],
    validations: [check],
    reloads: [['reload', name]],
    loginCheck: login,
    afterLogin: afterLogin ? { changes: [command(`${name}-after-login`)], validations: [check], reloads: [['reload', name]] } : undefined,
    notes: [],
  };
}

async function run(plans: StepPlan[], logins: boolean[] = [true, true]) {
  const events: string[] = [];
  const manifests: Manifest[] = [];
  let attempt = 0;
  const result = await applyPlans(recordingTarget(events, manifests), plans, {
    confirmSeconds: 60,
    confirmLogin: async (check) => {
      events.push(`login ${check.user}@${check.port}`);
      return logins[attempt++] ? { ok: true } : { ok: false, reason: 'refused' };
    },
    verify: async () => {
      events.push('verify');
      return { pending: [], checks: [] };
    },
  });
  return { result, events, manifest: manifests.at(-1)! };
}

describe('apply: what waits for the fresh login', () => {
  it('runs after one login per distinct check, then the login again, then verification', async () => {
    const { result, events } = await run([plan('ssh', 'sshd', true), plan('firewall', 'ufw', true)]);
    assert.equal(result.status, 'applied');
    assert.deepEqual(events, [
      'run sshd-now', 'run ufw-now', 'check sshd', 'check ufw', 'reload sshd', 'reload ufw',
      'login deploy@2222',
      'run sshd-after-login', 'run ufw-after-login', 'check sshd', 'check ufw', 'reload sshd', 'reload ufw',
      'login deploy@2222',
      'verify',
    ]);
  });

  it('journals the later changes, and rollback validates and reloads once', async () => {
    const { manifest } = await run([plan('ssh', 'sshd', true)]);
    assert.deepEqual(manifest.commands, [['run', 'sshd-now'], ['run', 'sshd-after-login']]);
    assert.deepEqual(manifest.validations, [['check', 'sshd']]);
    assert.deepEqual(manifest.reloads, [['reload', 'sshd']]);
  });

  it('applies nothing that waits when the login fails: the run is undone', async () => {
    const { result, events } = await run([plan('ssh', 'sshd', true)], [false]);
    assert.equal(result.status, 'failed');
    assert.match(result.reason ?? '', /a new login as deploy on port 2222 failed after the change: refused/);
    assert.ok(!events.includes('run sshd-after-login'));
    assert.equal(events.at(-1), 'undo');
  });

  it('undoes the whole run when the login fails on the final state', async () => {
    const { result, events } = await run([plan('ssh', 'sshd', true)], [true, false]);
    assert.equal(result.status, 'failed');
    assert.match(result.reason ?? '', /failed after the change again, on the final configuration/);
    assert.ok(events.includes('run sshd-after-login'));
    assert.equal(events.at(-1), 'undo');
  });

  it('lets a login that tries sudo stand for the same login without it', async () => {
    const withSudo = { ...plan('ssh', 'sshd', false), loginCheck: { ...login, sudo: 'nopasswd' as const } };
    const { events } = await run([withSudo, plan('firewall', 'ufw', false), { ...plan('fail2ban', 'f2b', false), loginCheck: { user: 'deploy', port: 22 } }]);
    assert.deepEqual(events.filter((e) => e.startsWith('login')), ['login deploy@2222', 'login deploy@22']);
  });

  it('tries the login once when nothing waits for it', async () => {
    const { events } = await run([plan('ssh', 'sshd', false)]);
    assert.equal(events.filter((e) => e.startsWith('login')).length, 1);
  });
});
