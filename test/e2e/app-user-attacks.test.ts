import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeGpgKeyPair } from '../helpers/gpg-keys.js';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/**
 * The app's user (here `app`, owner of /srv/app) plays the attacker: it controls the repository's
 * config, plants links where golive reads and writes, and tries to make golive touch system files.
 * Each attack must fail with nothing outside the app's folder changed.
 */
describe('attacks from an app user on what golive does as root', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  const asApp = (script: string) => server.sh(`runuser -u app -- sh -c '${script.replaceAll("'", "'\\''")}'`);
  const answers = (yaml: string) => writeFileSync(join(golive.home, 'golive.yml'), yaml);
  const run = (args: readonly string[]) => golive.run(golive.args('deploy', args));
  /** Who owns, what mode, what bytes: of the files an attacker would aim at. */
  const systemState = async () => `${await server.snapshot('/etc')}${await server.sh('stat -c "%a %U %G" /etc/shadow /etc/sudoers')}`;
  /** Files that an attacker's code wrote while running as root: "uid=0" in any of them. */
  const rootRanAttackerCode = async () => (await server.exec(['sh', '-c', 'cat /tmp/pwned-* 2>/dev/null | grep -c "uid=0"'])).stdout.trim() !== '0';

  before(async () => {
    server = await TestServer.boot('e2e-attacks', 52);
    golive = new GoliveRunner(server);
    await server.sh(`useradd -m -s /bin/bash app
      install -d -o app -g app -m 0755 /srv/app
      chmod 1777 /tmp`);
    await asApp(`cd /srv/app && git init -q && printf "SECRET_KEY=changeme\\n" >.env && chmod 0644 .env
      git add .env && git -c user.name=a -c user.email=a@example.com commit -qm env
      git config core.fsmonitor "id >/tmp/pwned-fsmonitor"
      git config core.pager "id >/tmp/pwned-pager"
      printf "[core]\\n\\tfsmonitor = id >/tmp/pwned-include\\n" >/srv/app/.git/extra.conf
      git config include.path /srv/app/.git/extra.conf
      for hook in post-index-change pre-commit reference-transaction; do printf "#!/bin/sh\\nid >/tmp/pwned-hook\\n" >.git/hooks/$hook; chmod +x .git/hooks/$hook; done`);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it("never runs the repository's fsmonitor, pager, includes or hooks as root", async () => {
    // Proof that the trap is real: git run as root the careless way runs the app's fsmonitor as root.
    await server.exec(['sh', '-c', "git -c safe.directory='*' -C /srv/app status >/dev/null 2>&1"]);
    assert.ok(await rootRanAttackerCode(), 'the planted fsmonitor runs as root when git is run carelessly');
    await server.sh('rm -f /tmp/pwned-*');

    answers('secrets:\n  envFile: /srv/app/.env\n  untrackEnvFile: true\n');
    const plan = await run(['plan', '--only', 'secrets']);
    assert.equal(plan.exitCode, 2, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /\/srv\/app\/\.env is TRACKED by git/);
    const apply = await run(['apply', '--only', 'secrets', '--yes']);
    assert.equal(apply.exitCode, 0, apply.stdout + apply.stderr);
    assert.equal((await server.exec(['git', '-c', 'core.fsmonitor=false', '-c', 'safe.directory=*', '-C', '/srv/app', 'ls-files', '--', '.env'])).stdout, '', 'the file was untracked');
    assert.equal(await rootRanAttackerCode(), false, 'no code of the app ran as root');
    assert.equal((await server.exec(['sh', '-c', 'ls /tmp/pwned-* 2>/dev/null'])).stdout, '', 'none of it ran at all');
    assert.equal((await run(['rollback', '--yes'])).exitCode, 0);
  });

  it("does not read a .gitignore that is a link to /etc/shadow, and changes nothing", async () => {
    const before = await systemState();
    await asApp('ln -s /etc/shadow /srv/app/.gitignore');
    answers('secrets:\n  envFile: /srv/app/.env\n');
    const apply = await run(['apply', '--only', 'secrets', '--yes']);
    assert.equal(apply.exitCode, 1, apply.stdout + apply.stderr);
    assert.match(apply.stderr, /\/srv\/app\/\.gitignore is a symbolic link, or reached through one; golive does not read or write through links/);
    assert.doesNotMatch(apply.stdout + apply.stderr, /root:[$*!]/, "no line of /etc/shadow is shown");
    assert.equal(await systemState(), before);
    await asApp('rm /srv/app/.gitignore');
  });

  it('refuses an .env whose folder is a link into /etc', async () => {
    const before = await systemState();
    await asApp('ln -s /etc /srv/app/config');
    answers('secrets:\n  envFile: /srv/app/config/.env\n  owner: app:app\n');
    const apply = await run(['apply', '--only', 'secrets', '--yes']);
    assert.equal(apply.exitCode, 1, apply.stdout + apply.stderr);
    assert.match(apply.stderr, /secrets\.envFile: the folder of \/srv\/app\/config\/\.env is reached through a symbolic link/);
    assert.equal(await systemState(), before);
    await asApp('rm /srv/app/config');
  });

  it('refuses a system file as the .env (/etc/sudoers with owner deploy): sudo keeps working', async () => {
    const before = await systemState();
    for (const [envFile, where] of [['/etc/sudoers', '/etc'], ['/var/lib/postgresql/.env', '/var/lib'], ['/root/.env', '/root']] as const) {
      answers(`secrets:\n  envFile: ${envFile}\n  owner: deploy:deploy\n`);
      const apply = await run(['apply', '--only', 'secrets', '--yes']);
      assert.equal(apply.exitCode, 1, apply.stdout + apply.stderr);
      assert.match(apply.stderr, new RegExp(`secrets\\.envFile: ${envFile.replaceAll('.', '\\.')} is under ${where}, a system folder`));
    }
    assert.equal(await systemState(), before);
    assert.equal((await server.exec(['runuser', '-u', 'deploy', '--', 'sudo', '-n', 'true'])).exitCode, 0);
  });

  it('rollback replaces a link planted at the .env instead of writing into the folder it points to', async () => {
    answers('secrets:\n  envFile: /srv/app/.env\n');
    const original = await server.sh('base64 -w0 /srv/app/.env');
    const apply = await run(['apply', '--only', 'secrets', '--yes']);
    assert.equal(apply.exitCode, 0, apply.stdout + apply.stderr);
    const cronBefore = await server.snapshot('/etc/cron.d');
    const shadowBefore = await server.sh('sha256sum /etc/shadow; stat -c "%a %U" /etc/shadow');
    // The app swaps its .env for a link to a folder cron reads as root: a rename without -T lands there.
    await asApp('rm /srv/app/.env && ln -s /etc/cron.d /srv/app/.env');
    const refused = await run(['rollback', '--yes']);
    assert.equal(refused.exitCode, 1, 'a file changed since the run needs --force');
    const rollback = await run(['rollback', '--yes', '--force']);
    assert.equal(rollback.exitCode, 0, rollback.stdout + rollback.stderr);
    assert.equal(await server.snapshot('/etc/cron.d'), cronBefore);
    assert.equal(await server.sh('sha256sum /etc/shadow; stat -c "%a %U" /etc/shadow'), shadowBefore);
    assert.equal((await server.sh('stat -c "%F %U %a" /srv/app/.env')).trim(), 'regular file app 644');
    assert.equal(await server.sh('base64 -w0 /srv/app/.env'), original, 'the .env is back byte for byte');
  });

  it('refuses a backup folder inside a folder the app user owns', async () => {
    const key = makeGpgKeyPair('backups@example.com');
    await server.sh('until runuser -u postgres -- pg_isready -q; do sleep 0.2; done; runuser -u postgres -- createdb shop');
    await asApp('mkdir /srv/app/backups');
    const before = await systemState();
    const srvBefore = await server.snapshot('/srv');
    answers(`backup:\n  database: shop\n  gpgPublicKeyFile: ${key.publicKeyFile}\n  dir: /srv/app/backups\n`);
    const apply = await run(['apply', '--only', 'backup', '--yes']);
    assert.equal(apply.exitCode, 1, apply.stdout + apply.stderr);
    assert.match(apply.stderr, /backup\.dir: \/srv\/app\/backups is inside a folder that is not root's alone: \/srv\/app belongs to uid \d+, not root/);
    assert.equal(await systemState(), before);
    assert.equal(await server.snapshot('/srv'), srvBefore);
  });
});
