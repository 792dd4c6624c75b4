import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GOLIVE_BIN, GoliveRunner, TestServer, testKey, tryLogin } from '../helpers/test-server.js';
import { Tmux } from '../helpers/tmux.js';

const skip = e2eUnavailable();

describe('the wizard in a real terminal (tmux, 80x24) against a test server', { skip }, () => {
  let server: TestServer;
  let terminal: Tmux;
  let pristine: string;

  before(async () => {
    server = await TestServer.boot('e2e-wizard', 16, { cloudDropIn: true });
    const golive = new GoliveRunner(server);
    pristine = await server.snapshot('/etc/ssh');
    terminal = await Tmux.start(`golive-e2e-${process.pid}`, [
      'env',
      `GOLIVE_SETTINGS_DIR=${join(golive.home, 'settings')}`,
      'SSH_AUTH_SOCK=',
      'node',
      GOLIVE_BIN,
      ...golive.args('deploy'),
    ]);
  });
  after(async () => {
    await terminal?.stop();
    await server?.destroy();
  });

  it('asks about the unknown host key, then shows the checklist with ssh pending', async () => {
    await terminal.waitFor(/ssh-ed25519 key fingerprint is[\s│]+SHA256:/);
    await terminal.press('y');
    await terminal.waitFor(/ssh\s+pending\s+1 change/);
  });

  it('sums up the go-live audit on the checklist, read in the same probe as the steps', async () => {
    await terminal.waitFor(/go-live audit: \d+ pass · \d+ fail · \d+ warn · \d+ unknown/);
  });

  it('applies the ssh step for real: answers, preview, apply, verified', async () => {
    await terminal.choose('Run ssh');
    await terminal.waitFor(/Users allowed to log in over SSH: deploy/);
    await terminal.continueToPreview();
    await terminal.waitFor(/file: \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
    await terminal.press('a');
    const screen = await terminal.waitFor(/applied \(run \d{8}T\d{6}Z-[0-9a-f]{6}\)/);
    assert.match(screen, /verified on the server: \d+ checks passed/);
    assert.match(await server.sh('sshd -T'), /^passwordauthentication no$/m);
    assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'refused');
    assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok');
    await terminal.press('Enter');
    await terminal.waitFor(/ssh\s+applied/);
  });

  it('rolls the run back from the wizard: /etc/ssh byte-identical', async () => {
    await terminal.choose('Roll back a run…');
    await terminal.waitFor(/Runs recorded on the server/);
    await terminal.press('Enter');
    await terminal.waitFor(/Roll back this run/);
    await terminal.press('Enter');
    await terminal.waitFor(/run \S+ rolled back/);
    assert.equal(await server.snapshot('/etc/ssh'), pristine);
    assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'ok');
    await terminal.press('Enter');
    await terminal.waitFor(/ssh\s+pending/);
    await terminal.press('q');
  });
});
