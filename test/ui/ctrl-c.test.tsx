import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from '../../src/ui/App.js';
import type { WizardDriver } from '../../src/ui/driver.js';
import { fakeDriver } from '../helpers/fake-driver.js';
import { KEYS, renderInk } from '../helpers/ink.js';
import { choose, continueToPreview } from './menu.js';

const never = () => new Promise<never>(() => {});

function exits() {
  const exited = { count: 0 };
  return { exited, onExit: () => void (exited.count += 1) };
}

describe('wizard: Ctrl+C while golive only reads the server', () => {
  it('quits while connecting: the connection is closed, which ends the pending read', async () => {
    const { driver, calls } = fakeDriver();
    const { exited, onExit } = exits();
    const ui = renderInk(<App driver={{ ...driver, connect: never }} onExit={onExit} />);
    await ui.waitFor(/connecting…/);
    await ui.press(KEYS.ctrlC);
    assert.deepEqual([calls.closed, exited.count], [1, 1]);
    ui.unmount();
  });

  it('quits while the checklist is read (a survey that never answers)', async () => {
    const { driver, calls } = fakeDriver();
    const { exited, onExit } = exits();
    let surveys = 0;
    const survey: WizardDriver['survey'] = () => ((surveys += 1), never());
    const ui = renderInk(<App driver={{ ...driver, survey }} onExit={onExit} />);
    await ui.waitFor(/reading the server…/);
    while (surveys === 0) await ui.press('');
    await ui.press(KEYS.ctrlC);
    assert.deepEqual([calls.closed, exited.count], [1, 1]);
    ui.unmount();
  });

  it('quits while the host key question is open, during the connection', async () => {
    const { driver, calls } = fakeDriver({ preset: false, askHostKey: true });
    const { exited, onExit } = exits();
    const ui = renderInk(<App driver={driver} onExit={onExit} />);
    await ui.waitFor(/Which server/);
    await ui.press(KEYS.enter);
    await ui.press(KEYS.enter);
    await ui.waitFor(/Trust it/);
    await ui.press(KEYS.ctrlC);
    assert.deepEqual([calls.closed, exited.count], [1, 1]);
    ui.unmount();
  });

  it('while planning, asks first when answers are unsaved; Ctrl+C again quits', async () => {
    const { driver, calls } = fakeDriver();
    const { exited, onExit } = exits();
    const ui = renderInk(<App driver={{ ...driver, plan: never }} onExit={onExit} />);
    await choose(ui, /Run ssh/, /Users allowed to log in over SSH/);
    await ui.press(' alice');
    await continueToPreview(ui);
    await ui.waitFor(/planning ssh on the server…/);
    await ui.press(KEYS.ctrlC);
    await ui.waitFor(/Quit anyway\?/);
    assert.equal(calls.closed, 0);
    await ui.press(KEYS.ctrlC);
    assert.deepEqual([calls.closed, exited.count], [1, 1]);
    ui.unmount();
  });

  it('while planning with nothing unsaved, quits at once', async () => {
    const { driver, calls } = fakeDriver();
    const { exited, onExit } = exits();
    const ui = renderInk(<App driver={{ ...driver, plan: never }} onExit={onExit} />);
    await choose(ui, /Run ssh/, /Continue to the preview/);
    await continueToPreview(ui);
    await ui.waitFor(/planning ssh on the server…/);
    await ui.press(KEYS.ctrlC);
    assert.deepEqual([calls.closed, exited.count], [1, 1]);
    ui.unmount();
  });
});
