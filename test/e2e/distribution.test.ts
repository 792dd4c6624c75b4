import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { e2eUnavailable, goliveInside, GoliveRunner, REPO_ROOT, TestServer, testKey, tryLogin } from '../helpers/test-server.js';
import { Tmux } from '../helpers/tmux.js';

const skip = e2eUnavailable();
const version = (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** golive as its users get it: the npm tarball installed with `npm i -g`, and the one-file executable. */
describe('golive as it is shipped', { skip }, () => {
  let server: TestServer;
  let work: string;
  let pristine: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'golive-dist-'));
    // The executable is built as a user builds it; the tarball from this checkout's build.
    await execa('node', ['scripts/sea.js'], { cwd: REPO_ROOT });
    server = await TestServer.boot('e2e-dist', 140, { cloudDropIn: true });
    pristine = await server.snapshot('/etc/ssh');
  });
  after(async () => {
    await server?.destroy();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('the npm package', () => {
    let tarball: string;
    let installed: string;

    it('packs only what runs: the bundle, the launcher, the templates, the man page', async () => {
      const { stdout } = await execa('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT });
      const [pack] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
      tarball = join(work, pack!.filename);
      const paths = pack!.files.map((f) => f.path);
      assert.ok(paths.includes('bin/golive.js') && paths.includes('dist/golive.1') && paths.includes('templates/ssh/00-golive.conf'), paths.join('\n'));
      assert.ok(paths.some((p) => /^dist\/bundle\/golive\.js$/.test(p)));
      const unexpected = paths.filter((p) => !/^(bin\/golive\.js|dist\/bundle\/[\w-]+\.js|dist\/golive\.1|templates\/.+|package\.json|README\.md|LICENSE)$/.test(p));
      assert.deepEqual(unexpected, []);
    });

    it('installs with npm i -g and answers --version, help and its man page', async () => {
      const prefix = join(work, 'prefix');
      await execa('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: work });
      installed = join(prefix, 'bin', 'golive');
      assert.equal((await execa(installed, ['--version'])).stdout, `golive ${version}`);
      assert.match((await execa(installed, ['help', 'apply'])).stdout, /^Usage: golive apply \[options\]/);
      assert.ok(existsSync(join(prefix, 'share', 'man', 'man1', 'golive.1')), 'npm links the man page');
    });

    it('plans a real server over SSH, from outside the checkout', async () => {
      const golive = new GoliveRunner(server, [installed]);
      const run = await golive.run(golive.args('deploy', ['plan', '--only', 'ssh', '--accept-new-host-key']));
      assert.equal(run.exitCode, 2, run.stderr + run.stdout);
      assert.match(run.stdout, /^\+AllowUsers deploy$/m);
    });
  });

  describe('the one-file executable, on a server with no Node', () => {
    const executable = join(REPO_ROOT, 'dist', 'golive-linux-x64');
    const golive = goliveInside(() => server, ['/usr/local/bin/golive']);

    before(async () => {
      await copyFile(executable, join(server.root, 'usr/local/bin/golive'));
      await server.sh('chmod 755 /usr/local/bin/golive');
    });

    it('runs where there is no node at all', async () => {
      assert.notEqual((await server.exec(['sh', '-c', 'command -v node nodejs'])).exitCode, 0, 'the test server has no Node');
      const run = await golive(['--version']);
      assert.equal(run.stdout.trim(), `golive ${version}`, run.stderr);
    });

    it('plans on the server itself (the local target)', async () => {
      const run = await golive(['plan', '--only', 'ssh']);
      assert.equal(run.exitCode, 2, run.stderr + run.stdout);
      assert.match(run.stdout, /^\+AllowUsers deploy$/m);
    });

    it('applies --only ssh there, run through sudo by deploy, and deploy still gets in', async () => {
      const run = await golive(['apply', '--only', 'ssh', '--yes'], ['SUDO_USER=deploy']);
      assert.equal(run.exitCode, 0, run.stderr + run.stdout);
      assert.match(await server.sh('sshd -T'), /^passwordauthentication no$/m);
      assert.equal(await tryLogin(server, 'deploy', { key: testKey() }), 'ok');
      assert.equal(await tryLogin(server, 'deploy', { password: 'deploy-password' }), 'refused');
    });

    it('from this host over SSH (--host): sees nothing left to change, then rolls back byte for byte', async () => {
      const remote = new GoliveRunner(server, [executable]);
      const plan = await remote.run(remote.args('deploy', ['plan', '--only', 'ssh', '--accept-new-host-key']));
      assert.equal(plan.exitCode, 0, plan.stderr + plan.stdout);
      assert.match(plan.stdout, /nothing to change/);
      const rollback = await remote.run(remote.args('deploy', ['rollback', '--yes']));
      assert.equal(rollback.exitCode, 0, rollback.stderr + rollback.stdout);
      assert.equal(await server.snapshot('/etc/ssh'), pristine);
    });

    it("draws the wizard's checklist in a terminal (Ink in the executable)", async () => {
      const remote = new GoliveRunner(server, [executable]);
      const terminal = await Tmux.start(`golive-dist-${process.pid}`, ['env', `GOLIVE_SETTINGS_DIR=${join(remote.home, 'settings')}`, 'SSH_AUTH_SOCK=', executable, ...remote.args('deploy', ['--accept-new-host-key'])]);
      try {
        await terminal.waitFor(/ssh\s+pending\s+1 change/, 60_000);
        await terminal.waitFor(/go-live audit: \d+ pass/);
        await terminal.press('q');
      } finally {
        await terminal.stop();
      }
    });
  });
});
