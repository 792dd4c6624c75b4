import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from '../../src/ui/App.js';
import { fakeDriver } from '../helpers/fake-driver.js';
import { KEYS, renderInk } from '../helpers/ink.js';
import { choose, pointAt } from './menu.js';

describe('wizard: back up now, test a restore', () => {
  it('offers neither until the backup job is in place', async () => {
    const { driver } = fakeDriver();
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/Run ssh/);
    assert.doesNotMatch(ui.frame(), /Back up now|Test a restore/);
    ui.unmount();
  });

  it('runs the backup job and says where the backup is', async () => {
    const { driver, calls } = fakeDriver({ backupInPlace: true });
    const ui = renderInk(<App driver={driver} />);
    await choose(ui, /Back up now/);
    await ui.waitFor(/backup written: \/backups\/shop-20261123T120000Z\.dump\.gpg/);
    assert.equal(calls.backups, 1);
    await ui.press(KEYS.enter);
    await pointAt(ui, /Test a restore…/);
    ui.unmount();
  });

  it('asks for the private key file, then its passphrase, and says the result in one line', async () => {
    const { driver, calls } = fakeDriver({ backupInPlace: true });
    const ui = renderInk(<App driver={driver} />);
    await choose(ui, /Test a restore…/);
    await ui.waitFor(/Private key file:/);
    assert.match(ui.frame(), /never goes to the server/);
    for (const c of '/keys/protected.asc') await ui.press(c);
    await ui.press(KEYS.enter);
    await ui.waitFor(/Passphrase of \/keys\/protected\.asc/);
    for (const c of 'hunter2') await ui.press(c);
    assert.doesNotMatch(ui.frame(), /hunter2/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/restore test passed: .* restored 2 tables, 1250 rows,\s+the same counts as shop/);
    assert.deepEqual(calls.restores, [{ keyFile: '/keys/protected.asc', passphrase: 'hunter2' }]);
    ui.unmount();
  });

  it('Esc at the key question goes back without running anything', async () => {
    const { driver, calls } = fakeDriver({ backupInPlace: true });
    const ui = renderInk(<App driver={driver} />);
    await choose(ui, /Test a restore…/);
    await ui.waitFor(/Private key file:/);
    await ui.press(KEYS.escape);
    await pointAt(ui, /Back up now/);
    assert.deepEqual([calls.backups, calls.restores.length], [0, 0]);
    ui.unmount();
  });
});
