import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

describe('bad input is refused with a clear message and changes nothing', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  let pristine: string;

  before(async () => {
    server = await TestServer.boot('e2e-input', 13, { cloudDropIn: true });
    golive = new GoliveRunner(server);
    pristine = await server.snapshot('/etc');
  });
  after(() => server?.destroy());

  const expectRefused = async (args: string[], message: RegExp) => {
    const run = await golive.run(args);
    assert.equal(run.exitCode, 1, run.stdout + run.stderr);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /unexpected error|at .*\.js:\d+/);
  };

  it('--host with port 99999', async () => {
    await expectRefused(['plan', '--host', `deploy@${server.address}:99999`], /--host port: "99999" is not a port: use a whole number from 1 to 65535/);
  });

  it('allowUsers with shell metacharacters', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), "ssh:\n  allowUsers: ['bob;rm -rf /']\n");
    await expectRefused(golive.args('deploy', ['apply', '--yes', '--accept-new-host-key']), /ssh\.allowUsers: "bob;rm -rf \/" is not a valid user name/);
  });

  it('a misspelt key in golive.yml', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), 'ssh:\n  alowUsers: [deploy]\n');
    await expectRefused(golive.args('deploy', ['plan', '--accept-new-host-key']), /unknown key ssh\.alowUsers/);
  });

  it('an unknown host key with nobody to ask', async () => {
    writeFileSync(join(golive.home, 'golive.yml'), '');
    await expectRefused(golive.args('deploy', ['apply', '--yes']), /host key of 10\.77\.13\.2 is not in .*known_hosts \(ssh-ed25519 SHA256:/);
  });

  it('a changed host key, even with --accept-new-host-key', async () => {
    // A well-formed ed25519 key that is not this server's.
    writeFileSync(golive.knownHosts, `${server.address} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    await expectRefused(golive.args('deploy', ['apply', '--yes', '--accept-new-host-key']), /host key of 10\.77\.13\.2 has CHANGED/);
  });

  it('left every file of the server as it was', async () => {
    assert.equal(await server.snapshot('/etc'), pristine);
  });
});
