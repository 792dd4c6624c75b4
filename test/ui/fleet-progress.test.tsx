import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FleetProgress, FleetProgressState } from '../../src/ui/FleetProgress.js';
import { renderInk } from '../helpers/ink.js';

describe('fleet progress', () => {
  it('shows a row per host with its latest line, and each ended host above the rows', async () => {
    const state = new FleetProgressState(['web1', 'db1']);
    const ui = renderInk(<FleetProgress state={state} />);
    await ui.waitFor(/web1 · waiting/);
    state.update('web1', { state: 'running', line: 'ok   write /etc/ssh/sshd_config.d/00-golive.conf' });
    await ui.waitFor(/web1 .+ ok {3}write \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
    assert.match(ui.frame(), /db1 {2}· waiting/);
    state.update('web1', { state: 'failed', line: 'failed, undone' }, '== web1 (deploy@10.0.0.1): failed, undone ==');
    await ui.waitFor(/web1 ✗ failed, undone/);
    assert.match(ui.frame(), /== web1 \(deploy@10\.0\.0\.1\): failed, undone ==/);
    ui.unmount();
  });
});
