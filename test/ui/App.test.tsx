import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sshStep } from '../../steps/ssh.js';
import type { ApplyEvent, ApplyResult } from '../../src/engine/apply.js';
import type { PlannedStep } from '../../src/engine/session.js';
import { App, type WizardDriver } from '../../src/ui/App.js';
import { debian12Facts, overSsh } from '../helpers/ssh-facts.js';
import { KEYS, renderInk } from '../helpers/ink.js';

/** The wizard over plans made by the real ssh step from captured Debian 12 facts. */
function driver(result: Partial<ApplyResult> = {}): WizardDriver & { applied: number } {
  const answers = { allowUsers: ['deploy'], permitRootLogin: 'no' as const, port: 22 };
  const planned: PlannedStep[] = [{ step: sshStep, answers, plan: sshStep.plan(debian12Facts(), answers, overSsh('deploy')) }];
  const fake = {
    label: 'deploy@10.77.1.2',
    applied: 0,
    plan: async () => planned,
    apply: async (_chosen: readonly PlannedStep[], onEvent: (event: ApplyEvent) => void): Promise<ApplyResult> => {
      fake.applied += 1;
      onEvent({ type: 'run-started', runId: '20261123T000000Z-abcdef' });
      onEvent({ type: 'action', label: 'write /etc/ssh/sshd_config.d/00-golive.conf', state: 'done' });
      return { runId: '20261123T000000Z-abcdef', status: 'applied', checks: [], ...result };
    },
  };
  return fake;
}

describe('wizard', () => {
  it('shows the checklist with each step state, then the diff, then applies on confirmation', async () => {
    const fake = driver();
    let exitedOk: boolean | undefined;
    const ui = renderInk(<App driver={fake} onExit={(ok) => (exitedOk = ok)} />);
    await ui.waitFor(/SSH hardening: pending \(1 changes\)/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/\+PasswordAuthentication no/);
    assert.match(ui.frame(), /check before reload: sshd -t/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/applied and verified \(run 20261123T000000Z-abcdef\)/);
    assert.equal(fake.applied, 1);
    assert.equal(exitedOk, true);
  });

  it('goes back from the preview without applying', async () => {
    const fake = driver();
    const ui = renderInk(<App driver={fake} />);
    await ui.waitFor(/pending/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/\+AllowUsers deploy/);
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    await ui.waitFor(/Go-live checklist/);
    assert.equal(fake.applied, 0);
  });

  it('ends a dry run with "would apply", changing nothing', async () => {
    const fake = driver();
    const ui = renderInk(<App driver={fake} dryRun />);
    await ui.waitFor(/pending/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/finish the dry run/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/dry run: would apply/);
    assert.equal(fake.applied, 0);
  });

  it('says what was undone when a run fails', async () => {
    const fake = driver({ status: 'failed', reason: 'a new login as deploy failed', rollback: { runId: 'x', files: [], validationFailures: [], reloadFailures: [], complete: true } });
    const ui = renderInk(<App driver={fake} />);
    await ui.waitFor(/pending/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/apply/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/the run failed and was undone: a new login as deploy failed/);
  });

  it('quits on q without changing anything', async () => {
    const fake = driver();
    const ui = renderInk(<App driver={fake} />);
    await ui.waitFor(/pending/);
    await ui.press('q');
    await ui.waitFor(/nothing was changed/);
    assert.equal(fake.applied, 0);
  });
});
