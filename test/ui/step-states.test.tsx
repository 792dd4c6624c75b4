import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEPS } from '../../steps/index.js';
import type { Manifest } from '../../src/engine/journal.js';
import type { StepOutcome } from '../../src/engine/session.js';
import type { FileChange, StepId } from '../../src/engine/types.js';
import { App } from '../../src/ui/App.js';
import type { StepInfo } from '../../src/ui/driver.js';
import { backupJobInPlace, pendingIds, stepRows } from '../../src/ui/state/step-rows.js';
import { fakeDriver, RUN } from '../helpers/fake-driver.js';
import { renderInk } from '../helpers/ink.js';

const step = (id: StepId) => STEPS.find((s) => s.id === id)!;
const info = (id: StepId): StepInfo => ({ id, title: id, questions: [] });
const write = (path: string): FileChange => ({ kind: 'file', path, before: null, after: { content: 'x\n', mode: 0o644, owner: 'root', group: 'root' }, why: 'test' });

function outcome(id: StepId, changes: FileChange[], extra: { followsFrom?: StepId[]; note?: string } = {}): StepOutcome {
  const plan = { stepId: id, title: id, changes, validations: [], reloads: [], notes: extra.note ? [extra.note] : [] };
  return { step: step(id), answers: {}, plan, followsFrom: extra.followsFrom };
}

const run = (steps: StepId[], status: Manifest['status']): Manifest => ({ ...RUN, runId: `20261123T12000${steps.length}Z-${status.slice(0, 6).padEnd(6, '0')}`, steps, status });

function stateOf(id: StepId, outcomes: StepOutcome[], runs: Manifest[]) {
  return stepRows([info(id)], outcomes, runs)[0]!;
}

describe('checklist states: what golive did, what the server already had', () => {
  it('applied: a run of golive that still stands applied the step, and nothing is left to change', () => {
    const row = stateOf('ssh', [outcome('ssh', [], { note: 'sshd already has these settings' })], [run(['ssh'], 'applied')]);
    assert.deepEqual([row.state, row.summary], ['applied', 'sshd already has these settings']);
  });

  it('in order: nothing to change, and golive never applied it (or its run failed, or was rolled back)', () => {
    for (const runs of [[], [run(['ssh'], 'failed')], [run(['ssh'], 'rolled-back')], [run(['ssh'], 'rollback-incomplete')], [run(['firewall'], 'applied')]]) {
      assert.equal(stateOf('ssh', [outcome('ssh', [])], runs).state, 'in order', JSON.stringify(runs.map((r) => [r.steps, r.status])));
    }
  });

  it('an older run that still stands keeps the step applied after a later run of it is rolled back', () => {
    assert.equal(stateOf('ssh', [outcome('ssh', [])], [run(['ssh', 'firewall'], 'rolled-back'), run(['ssh'], 'applied')]).state, 'applied');
  });

  it('drifted: golive applied it, and it is pending again for its own reasons', () => {
    const row = stateOf('ssh', [outcome('ssh', [write('/etc/ssh/sshd_config.d/00-golive.conf')])], [run(['ssh'], 'applied')]);
    assert.deepEqual([row.state, row.summary], ['drifted', '1 change: /etc/ssh/sshd_config.d/00-golive.conf']);
  });

  it('pending, never drifted, when it changes only because an earlier step of the run does', () => {
    const follows = outcome('fail2ban', [write('/etc/fail2ban/jail.d/golive.local')], { followsFrom: ['ssh'] });
    for (const runs of [[], [run(['fail2ban'], 'applied')]]) {
      const row = stateOf('fail2ban', [follows], runs);
      assert.deepEqual([row.state, row.summary], ['pending', 'follows from ssh: 1 change: /etc/fail2ban/jail.d/golive.local']);
    }
  });

  it('"Run all pending" takes pending, drifted and follows-from steps, never applied or in order ones', () => {
    const rows = stepRows(
      (['secrets', 'ssh', 'firewall', 'fail2ban'] as const).map(info),
      [outcome('secrets', []), outcome('ssh', [write('/a')]), outcome('firewall', []), outcome('fail2ban', [write('/b')], { followsFrom: ['ssh'] })],
      [run(['secrets'], 'applied')],
    );
    assert.deepEqual(rows.map((r) => r.state), ['applied', 'pending', 'in order', 'pending']);
    assert.deepEqual(pendingIds(rows), ['ssh', 'fail2ban']);
  });

  it('offers the backup tasks when the backup job is in place, applied by golive or found in order', () => {
    const rowsWith = (runs: Manifest[], changes: FileChange[] = []) => stepRows([info('backup')], [outcome('backup', changes)], runs);
    assert.equal(backupJobInPlace(rowsWith([run(['backup'], 'applied')])), true);
    assert.equal(backupJobInPlace(rowsWith([])), true);
    assert.equal(backupJobInPlace(rowsWith([run(['backup'], 'applied')], [write('/usr/local/sbin/golive-backup')])), false);
  });

  it('shows each state in the checklist, and an unread step as unknown', async () => {
    const { driver } = fakeDriver();
    const survey: typeof driver.survey = async () => ({
      outcomes: [outcome('secrets', []), outcome('ssh', [write('/etc/ssh/sshd_config.d/00-golive.conf')]), outcome('firewall', []), outcome('fail2ban', [write('/etc/fail2ban/jail.d/golive.local')], { followsFrom: ['ssh'] })],
      runs: [run(['ssh', 'firewall'], 'applied')],
    });
    const ui = renderInk(<App driver={{ ...driver, survey }} />);
    await ui.waitFor(/fail2ban\s+pending/);
    const frame = ui.frame();
    assert.match(frame, /^secrets\s+in order\s/m);
    assert.match(frame, /^ssh\s+drifted\s+1 change: \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/m);
    assert.match(frame, /^firewall\s+applied\s/m);
    assert.match(frame, /^fail2ban\s+pending\s+follows from ssh: 1 change: \/etc\/fail2ban\/jail\.d\/golive\.local/m);
    assert.match(frame, /^updates\s+unknown\s+not read/m);
    assert.match(frame, /Run all pending \(ssh, fail2ban\)/);
    ui.unmount();
  });
});
