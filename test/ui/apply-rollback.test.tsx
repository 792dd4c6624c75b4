import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from '../../src/ui/App.js';
import { fakeDriver, RUN } from '../helpers/fake-driver.js';
import { KEYS, renderInk } from '../helpers/ink.js';
import { choose, continueToPreview } from './menu.js';

async function toPreview(ui: ReturnType<typeof renderInk>) {
  await choose(ui, /Run ssh/, /Continue to the preview/);
  await continueToPreview(ui);
  await ui.waitFor(/\[ Apply/);
}

describe('wizard: apply, cancel, dry run, rollback', () => {
  it('applies with progress, shows the verification, and returns to the checklist', async () => {
    const { driver, calls } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await toPreview(ui);
    await ui.press(KEYS.enter);
    await ui.waitFor(/✓ \d+\.\ds\s+write \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
    await ui.waitFor(/verified on the server: 1 checks passed/);
    assert.match(ui.frame(), /applied \(run 20261123T120000Z-abcdef\)/);
    assert.equal(calls.apply, 1);
    await ui.press(KEYS.enter);
    await ui.waitFor(/Run ssh/);
    ui.unmount();
  });

  it('says what was undone and why when a run fails', async () => {
    const { driver } = fakeDriver({
      applyResult: { status: 'failed', reason: 'a new login as deploy on port 22 failed', checks: [], rollback: { runId: RUN.runId, files: [{ path: '/etc/ssh/sshd_config.d/00-golive.conf', outcome: 'removed' }], validationFailures: [], reloadFailures: [], complete: true } },
    });
    const ui = renderInk(<App driver={driver} />);
    await toPreview(ui);
    await ui.press('a');
    await ui.waitFor(/the run failed and was undone: a new login as deploy on port 22 failed/);
    assert.match(ui.frame(), /removed: \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
    ui.unmount();
  });

  it('Ctrl+C during apply finishes the action, then undoes the run', async () => {
    const { driver, calls } = fakeDriver({ applyWaitsForAbort: true });
    const ui = renderInk(<App driver={driver} />);
    await toPreview(ui);
    await ui.press(KEYS.enter);
    await ui.waitFor(/write \/etc\/ssh/);
    await ui.press(KEYS.ctrlC);
    await ui.waitFor(/the run failed and was undone: interrupted by the user/);
    assert.equal(calls.aborted, true);
    assert.equal(calls.closed, 0, 'Ctrl+C during apply does not quit');
    ui.unmount();
  });

  it('walks the same screens in a dry run and ends in "would apply"', async () => {
    const { driver, calls } = fakeDriver();
    const ui = renderInk(<App driver={driver} dryRun />);
    await ui.waitFor(/dry run: nothing will change/);
    await toPreview(ui);
    assert.match(ui.frame(), /Apply \(dry run: change nothing\)/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/dry run: would apply 1 changes to deploy@10\.77\.1\.2; nothing was changed/);
    assert.equal(calls.apply, 0);
    ui.unmount();
  });

  it('lists recorded runs, shows one, and rolls it back', async () => {
    const { driver, calls } = fakeDriver({ runs: [RUN] });
    const ui = renderInk(<App driver={driver} />);
    await choose(ui, /Roll back a run…/);
    await ui.waitFor(/2026-11-23 12:00:00\s+applied\s+ssh/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/run 20261123T120000Z-abcdef on deploy@10\.77\.1\.2 as deploy/);
    assert.match(ui.frame(), /file:\s+\/etc\/ssh\/sshd_config\.d\/00-golive\.conf \(created by the run: rollback removes it\)/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/run 20261123T120000Z-abcdef rolled back/);
    assert.deepEqual(calls.rollback, [RUN.runId]);
    await ui.press(KEYS.enter);
    await ui.waitFor(/Run ssh/);
    ui.unmount();
  });

  it('goes back with Esc from a run to the runs, and from the runs to the checklist', async () => {
    const { driver, calls } = fakeDriver({ runs: [RUN] });
    const ui = renderInk(<App driver={driver} />);
    await choose(ui, /Roll back a run…/);
    await ui.waitFor(/Runs recorded on the server/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/run 20261123T120000Z-abcdef on deploy@10\.77\.1\.2 as deploy/);
    await ui.press(KEYS.escape);
    await ui.waitFor(/Runs recorded on the server/);
    await ui.press(KEYS.escape);
    await ui.waitFor(/Run ssh/);
    assert.deepEqual(calls.rollback, []);
    ui.unmount();
  });
});
