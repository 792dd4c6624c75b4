import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

describe('updates step on a stock server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;

  before(async () => {
    server = await TestServer.boot('e2e-updates', 21);
    golive = new GoliveRunner(server);
    pristine = await server.snapshot('/etc/apt');
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('refuses a reboot time that is not HH:MM, and changes nothing', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'updates:\n  rebootTime: "25:00"\n');
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'updates', '--yes']));
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /updates\.rebootTime: "25:00" is not a time/);
    assert.equal(await server.snapshot('/etc/apt'), pristine);
  });

  it('applies: apt-config dump shows the automatic reboot and its time; a second plan is empty', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'updates:\n  rebootTime: "04:30"\n');
    const run = await golive.run(golive.args('deploy', ['apply', '--only', 'updates', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    const config = await server.sh('apt-config dump');
    assert.match(config, /^Unattended-Upgrade::Automatic-Reboot "true";$/m);
    assert.match(config, /^Unattended-Upgrade::Automatic-Reboot-Time "04:30";$/m);
    assert.match(config, /^APT::Periodic::Unattended-Upgrade "1";$/m);
    assert.equal((await server.exec(['unattended-upgrade', '--dry-run'])).exitCode, 0);
    const again = await golive.run(golive.args('deploy', ['plan', '--only', 'updates']));
    assert.equal(again.exitCode, 0, again.stdout);
  });

  it('rolls back: /etc/apt byte-identical', async () => {
    const run = await golive.run(golive.args('deploy', ['rollback', '--yes']));
    assert.equal(run.exitCode, 0, run.stderr + run.stdout);
    assert.equal(await server.snapshot('/etc/apt'), pristine);
  });
});
