import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from '../../src/ui/App.js';
import { fakeDriver } from '../helpers/fake-driver.js';
import { KEYS, renderInk } from '../helpers/ink.js';
import { choose, continueToPreview } from './menu.js';

async function openSsh(ui: ReturnType<typeof renderInk>) {
  await choose(ui, /Run ssh/, /Users allowed to log in over SSH/);
}

describe('wizard: answers and preview', () => {
  it('prefills the answers from the server and checks each as it is typed', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    assert.match(ui.frame(), /› Users allowed to log in over SSH: deploy/);
    assert.match(ui.frame(), /SSH port: 22/);
    await ui.press(';rm');
    await ui.waitFor(/ssh\.allowUsers: "deploy;rm" is not a valid user name/);
    await ui.press(KEYS.backspace);
    await ui.press(KEYS.backspace);
    await ui.press(KEYS.backspace);
    await ui.waitFor(/user names, separated by spaces/);
    assert.doesNotMatch(ui.frame(), /is not a valid user name/);
    ui.unmount();
  });

  it('refuses a bad port inline and will not continue with it', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    await ui.press(KEYS.down);
    await ui.press(KEYS.down);
    await ui.press('0000');
    await ui.waitFor(/ssh\.port: 220000 is not a port: use a whole number from 1 to 65535/);
    await ui.press(KEYS.down);
    await ui.press(KEYS.enter);
    assert.match(ui.frame(), /Continue to the preview/);
    assert.doesNotMatch(ui.frame(), /\+\+\+/);
    ui.unmount();
  });

  it('switches a choice with the arrows', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    await ui.press(KEYS.down);
    await ui.press(KEYS.right);
    await ui.waitFor(/\( \) no {2}\(•\) prohibit-password/);
    ui.unmount();
  });

  it('shows the lockout guard refusal on the answers screen', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    await ui.press(' ghost');
    await continueToPreview(ui);
    await ui.waitFor(/user ghost: no such user on the server/);
    ui.unmount();
  });

  it('previews the diff and commands, scrolls with arrows and PgDn, and saves the answers', async () => {
    const { driver, calls } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    await continueToPreview(ui);
    await ui.waitFor(/lines 1–18 of/);
    const total = Number(/lines 1–18 of (\d+)/.exec(ui.frame())![1]);
    await ui.press(KEYS.pageDown);
    await ui.waitFor(/lines 18–35 of/);
    assert.match(ui.frame(), /\+\+\+ \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
    await ui.pressUntil(KEYS.pageDown, /check before reload: sshd -t/, 5);
    assert.match(ui.frame(), /then: a new SSH login as deploy on port 22/);
    await ui.press(KEYS.up);
    await ui.waitFor(new RegExp(`lines ${total - 18}–${total - 1} of ${total}`));
    await ui.press('w');
    await ui.waitFor(/answers saved to golive\.yml/);
    assert.deepEqual(calls.saved.length, 1);
    ui.unmount();
  });

  it('fits the preview to the terminal, and follows a resize', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    await continueToPreview(ui);
    await ui.waitFor(/lines 1–18 of/);
    Object.defineProperty(ui.stdout, 'rows', { value: 40, configurable: true });
    ui.stdout.emit('resize');
    await ui.waitFor(/lines 1–34 of/);
    ui.unmount();
  });

  it('goes back from the preview to the answers, and skips to the checklist', async () => {
    const { driver, calls } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    await continueToPreview(ui);
    await ui.waitFor(/\[ Apply/);
    await ui.press(KEYS.escape);
    await ui.waitFor(/Continue to the preview/);
    await ui.pressUntil(KEYS.enter, /\[ Apply/, 8);
    await ui.press('s');
    await ui.waitFor(/skipped ssh: nothing was changed/);
    assert.equal(calls.apply, 0);
    ui.unmount();
  });

  it('asks before quitting when answers are not saved', async () => {
    const { driver, calls } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await openSsh(ui);
    await ui.press(' alice');
    await ui.press(KEYS.escape);
    await ui.waitFor(/Run ssh/);
    await ui.press('q');
    await ui.waitFor(/not saved to golive\.yml\. Quit anyway\? \(y\/n\)/);
    await ui.press('n');
    assert.equal(calls.closed, 0);
    await ui.press('q');
    await ui.press('y');
    assert.equal(calls.closed, 1);
    ui.unmount();
  });
});
