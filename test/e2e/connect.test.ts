import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { atTerminal } from '../helpers/terminal.js';
import { e2eUnavailable, GoliveRunner, TestServer, testKey } from '../helpers/test-server.js';

const skip = e2eUnavailable();

describe('connecting: host keys asked at a terminal, ssh-agent, local settings', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  before(async () => {
    server = await TestServer.boot('e2e-connect', 15, { cloudDropIn: true });
    golive = new GoliveRunner(server);
  });
  after(() => server?.destroy());

  /** `golive plan --only ssh` as `user` at a terminal, typing `reply` at `prompt`. */
  const planAtTerminal = (user: string, prompt: string, reply: string) => atTerminal(golive, ['plan', '--only', 'ssh', ...golive.args(user)], prompt, reply);

  it('shows the SHA256 fingerprint at a terminal and refuses when the answer is no', async () => {
    const { exitCode, screen } = await planAtTerminal('deploy', 'Trust it', 'n');
    assert.equal(exitCode, 1);
    assert.match(screen, /ssh-ed25519 key fingerprint is SHA256:\S+/);
    assert.match(screen, /golive will not connect to a server you did not trust/);
    assert.ok(!existsSync(golive.knownHosts) || readFileSync(golive.knownHosts, 'utf8') === '');
  });

  it('records the key when the answer is yes, and goes on', async () => {
    const { exitCode, screen } = await planAtTerminal('deploy', 'Trust it', 'y');
    assert.equal(exitCode, 2, screen);
    assert.match(readFileSync(golive.knownHosts, 'utf8'), new RegExp(`^${server.address.replaceAll('.', '\\.')} ssh-ed25519 `, 'm'));
  });

  it('asks once for the sudo password of a user whose sudo wants one, without echoing it', async () => {
    await server.sh("useradd -m -s /bin/bash -G sudo ops && echo 'ops:ops-sudo-pw' | chpasswd && cp -r /home/deploy/.ssh /home/ops/ && chown -R ops: /home/ops/.ssh");
    const { exitCode, screen } = await planAtTerminal('ops', 'sudo password for ops', 'ops-sudo-pw');
    assert.equal(exitCode, 2, screen);
    assert.equal(screen.match(/sudo password for ops/g)?.length, 1);
    assert.doesNotMatch(screen, /ops-sudo-pw/);
    const wrong = await planAtTerminal('ops', 'sudo password for ops', 'not-it');
    assert.equal(wrong.exitCode, 1);
    assert.match(wrong.screen, /sudo refused the password for ops/);
  });

  it('logs in through ssh-agent when no identity is given', async () => {
    const socket = join(golive.home, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(socket); i += 1) await new Promise((r) => setTimeout(r, 50));
      await execa('ssh-add', ['-q', testKey().privateKeyFile], { env: { SSH_AUTH_SOCK: socket } });
      const run = await golive.run(['plan', '--only', 'ssh', '--host', `deploy@${server.address}`, '--known-hosts', golive.knownHosts], { SSH_AUTH_SOCK: socket, HOME: golive.home });
      assert.equal(run.exitCode, 2, run.stderr);
    } finally {
      agent.kill();
    }
  });

  it('remembers the last answers and run ids per host, and nothing secret', async () => {
    const apply = await golive.run(golive.args('deploy', ['apply', '--only', 'ssh', '--yes']));
    assert.equal(apply.exitCode, 0, apply.stderr + apply.stdout);
    const runId = /run (\d{8}T\d{6}Z-[0-9a-f]{6})/.exec(apply.stdout)![1]!;
    const settings = readFileSync(join(golive.home, 'settings', 'config.json'), 'utf8');
    const host = JSON.parse(settings).hosts[`deploy@${server.address}`];
    assert.deepEqual(host.lastAnswers.ssh, { allowUsers: ['deploy'], permitRootLogin: 'no', port: 22, forwarding: true });
    assert.deepEqual(host.runs, [runId]);
    assert.doesNotMatch(settings, /password|passphrase|PRIVATE KEY/i);
    assert.equal((await golive.run(golive.args('deploy', ['rollback', '--yes']))).exitCode, 0);
  });
});
