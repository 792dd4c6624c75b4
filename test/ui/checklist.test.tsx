import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from '../../src/ui/App.js';
import type { WizardDriver } from '../../src/ui/driver.js';
import { fakeDriver, RUN } from '../helpers/fake-driver.js';
import { KEYS, renderInk } from '../helpers/ink.js';
import { pointAt } from './menu.js';

describe('wizard: connecting and the checklist', () => {
  it('draws the whole checklist at once, before the server answers', async () => {
    const { driver } = fakeDriver();
    const never: WizardDriver = { ...driver, connect: () => new Promise(() => {}) };
    const ui = renderInk(<App driver={never} />);
    const first = ui.frame();
    for (const id of ['secrets', 'firewall', 'ssh', 'fail2ban', 'updates', 'backup']) assert.match(first, new RegExp(`^${id}\\b`, 'm'));
    assert.match(first, /connecting/);
    assert.match(first, /reading the server/);
    ui.unmount();
  });

  it("fills in each step's live state and sums up the go-live audit", async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/ssh\s+pending\s+1 change: \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
    assert.match(ui.frame(), /^go-live audit: 4 pass · 1 fail · 1 warn · 1 unknown$/m);
    ui.unmount();
  });

  it('calls a step drifted when golive applied it before and it is pending again', async () => {
    const { driver } = fakeDriver({ runs: [RUN] });
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/ssh\s+drifted/);
    await pointAt(ui, /Roll back a run…/);
    ui.unmount();
  });

  it('asks for the connection when none was given, and shows the host key fingerprint', async () => {
    const { driver, calls } = fakeDriver({ preset: false, askHostKey: true });
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/Which server goes live\?/);
    await ui.press('deploy@10.77.1.2');
    await ui.press(KEYS.enter);
    await ui.press(KEYS.enter);
    await ui.waitFor(/fingerprint is SHA256:AbCd/);
    // The question alone: nine steps' rows under it would push it off a 24-line terminal.
    assert.ok(ui.frame().split('\n').length <= 24, ui.frame());
    assert.doesNotMatch(ui.frame(), /reading the server/);
    await ui.press('y');
    await ui.waitFor(/ssh\s+pending/);
    assert.equal(calls.connect, 1);
    ui.unmount();
  });

  it('goes back to the connect screen with the reason when the host key is refused', async () => {
    const { driver } = fakeDriver({ preset: false, askHostKey: true });
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/Which server/);
    await ui.press(KEYS.enter);
    await ui.press(KEYS.enter);
    await ui.waitFor(/Trust it/);
    await ui.press('n');
    await ui.waitFor(/the host key of 10\.77\.1\.2 is not in known_hosts/);
    ui.unmount();
  });

  it('shows the help on ? and closes it with Esc; q quits at once when nothing is unsaved', async () => {
    const { driver, calls } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/pending/);
    await ui.press('?');
    await ui.waitFor(/Ctrl\+C\s+while applying: finish the current action, then undo the run/);
    await ui.press(KEYS.escape);
    await ui.waitFor(/Run ssh/);
    assert.doesNotMatch(ui.frame(), /Keys/);
    await ui.press('q');
    assert.equal(calls.closed, 1);
    ui.unmount();
  });

  it('starts at the answers of the step given with --only', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} only={['ssh']} />);
    await ui.waitFor(/Users allowed to log in over SSH: deploy/);
    ui.unmount();
  });
});
