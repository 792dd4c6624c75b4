import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from '../../src/ui/App.js';
import { fakeDriver } from '../helpers/fake-driver.js';
import { KEYS, renderInk } from '../helpers/ink.js';
import { pointAt } from './menu.js';

const HOSTS = ['web1', 'web2', 'db1'];

async function pick(ui: ReturnType<typeof renderInk>, label: RegExp, then: RegExp) {
  const selected = new RegExp(`❯ ${label.source}`);
  for (let i = 0; i < 10 && !selected.test(ui.frame()); i += 1) await ui.press(KEYS.down);
  await ui.waitFor(selected);
  await ui.pressUntil(KEYS.enter, then);
}

describe('wizard: an inventory', () => {
  it("lists the inventory's hosts; one opens its own checklist, and the checklist leads back to the others", async () => {
    const { driver, calls } = fakeDriver({ hosts: HOSTS });
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/Which server of the inventory\?/);
    assert.match(ui.frame(), /web1 {2}deploy@10\.77\.1\.2/);
    assert.match(ui.frame(), /db1 {3}deploy@10\.77\.3\.2/);
    await pick(ui, /web2/, /ssh +pending/);
    assert.deepEqual(calls.connectedTo, ['web2']);
    await pointAt(ui, /Other hosts of the inventory…/);
    await ui.pressUntil(KEYS.enter, /Which server of the inventory\?/);
    assert.equal(calls.disconnects, 1);
    ui.unmount();
  });

  it('plans every host, asks once, applies to all, and shows the table', async () => {
    const { driver, calls } = fakeDriver({ hosts: HOSTS });
    const ui = renderInk(<App driver={driver} />);
    await ui.waitFor(/Which server of the inventory\?/);
    await pick(ui, /Every host \(3\): plan, then apply to all…/, /Apply to all 3 hosts/);
    assert.match(ui.frame(), /web1 ✓ changes pending/);
    assert.match(ui.frame(), /HOST +TARGET +STEPS +RESULT +RUN ID +TIME/);
    assert.deepEqual(calls.fleet, ['plan']);
    assert.equal(calls.apply, 0);
    await ui.pressUntil('y', /2 of 3 hosts succeeded, 1 failed/);
    assert.deepEqual(calls.fleet, ['plan', 'apply']);
    assert.match(ui.frame(), /db1 +✗ failed, undone/);
    assert.match(ui.frame(), /web1 +deploy@10\.77\.1\.2 +ssh +applied +20261123T120000Z-abcdef/);
    await ui.pressUntil(KEYS.enter, /Which server of the inventory\?/);
    ui.unmount();
  });

  it('in a dry run, plans every host and applies nothing', async () => {
    const { driver, calls } = fakeDriver({ hosts: HOSTS });
    const ui = renderInk(<App driver={driver} dryRun />);
    await ui.waitFor(/Which server of the inventory\?/);
    await pick(ui, /Every host \(3\)/, /Dry run: nothing is applied/);
    await ui.press('y');
    assert.deepEqual(calls.fleet, ['plan']);
    ui.unmount();
  });
});
