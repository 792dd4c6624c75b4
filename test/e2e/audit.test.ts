import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DrillServer } from '../drills/drill-server.js';
import { APP_ENV } from '../helpers/six-steps.js';
import { e2eUnavailable } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** The ids this file judges: the items the six steps answer for. */
const STEP_ITEMS = ['auth.provider', 'auth.required', 'secrets.strength', 'secrets.mode', 'secrets.git', 'firewall.active', 'firewall.exposure', 'firewall.internal', 'ssh.hardened', 'fail2ban.running', 'updates.automatic', 'backup.encrypted', 'backup.recent', 'backup.restoreTested'];

interface Item {
  readonly id: string;
  readonly status: string;
  readonly evidence: string;
  readonly fix: string;
}

describe('golive audit on a real server: stock, then hardened by golive', { skip }, () => {
  let target: DrillServer;
  const audit = async (extra: readonly string[] = []) => {
    const run = await target.run(['audit', '--json', ...extra]);
    assert.ok(run.exitCode === 0 || run.exitCode === 2, `audit failed (exit ${run.exitCode}): ${run.stderr}`);
    const items = (JSON.parse(run.stdout) as { items: Item[] }).items;
    return { run, items, byId: new Map(items.map((item) => [item.id, item])), status: Object.fromEntries(items.filter((i) => STEP_ITEMS.includes(i.id)).map((i) => [i.id, i.status])) };
  };

  before(async () => {
    target = await DrillServer.boot('e2e-audit', 87);
    // What an app leaves: no login required, a world-readable .env, PostgreSQL on every address.
    await target.server.sh(`printf 'AUTH_PROVIDER=none\\nAUTH_REQUIRED=false\\n' >>${APP_ENV} && chmod 644 ${APP_ENV}
      sed -i "s/^#listen_addresses = 'localhost'/listen_addresses = '*'/" /etc/postgresql/*/main/postgresql.conf && systemctl restart postgresql
      until runuser -u postgres -- pg_isready -q; do sleep 0.2; done`);
  });
  after(() => target?.destroy());

  it('on the stock server, names what fails, with evidence read there, and exits 2', async () => {
    const { run, status, byId } = await audit();
    assert.equal(run.exitCode, 2);
    assert.deepEqual(status, {
      'auth.provider': 'fail',
      'auth.required': 'fail',
      'secrets.strength': 'fail',
      'secrets.mode': 'fail',
      'secrets.git': 'pass',
      'firewall.active': 'fail',
      'firewall.exposure': 'fail',
      'firewall.internal': 'fail',
      'ssh.hardened': 'fail',
      'fail2ban.running': 'fail',
      // The test image may or may not carry unattended-upgrades: either way it is judged, not unknown.
      'updates.automatic': ['pass', 'fail'].includes(status['updates.automatic']!) ? status['updates.automatic'] : 'judged',
      'backup.encrypted': 'fail',
      'backup.recent': 'fail',
      'backup.restoreTested': 'fail',
    });
    assert.match(byId.get('auth.provider')!.evidence, /AUTH_PROVIDER=none in \/srv\/app\/\.env: the app runs without authentication/);
    assert.match(byId.get('secrets.strength')!.evidence, /POSTGRES_PASSWORD is a placeholder; SECRET_KEY is empty/);
    assert.match(byId.get('secrets.mode')!.evidence, /mode 644, owner app:app/);
    assert.match(byId.get('firewall.internal')!.evidence, /5432 \(PostgreSQL\): listens on 0\.0\.0\.0, and ufw is off/);
    assert.match(byId.get('ssh.hardened')!.evidence, /passwordauthentication yes/);
    assert.equal(byId.get('ssh.hardened')!.fix, 'golive apply --only ssh');
    assert.doesNotMatch(run.stdout, /changeme/, 'no value of the .env in the output');
  });

  it('after golive applies the six steps, backs up and tests a restore, every step item passes and the report says so', async () => {
    const apply = await target.run(['apply', '--yes']);
    assert.equal(apply.exitCode, 0, apply.stderr + apply.stdout.slice(-2000));
    // Authentication is the app's to set, not golive's.
    await target.server.sh(`sed -i 's/^AUTH_PROVIDER=none$/AUTH_PROVIDER=keycloak/; s/^AUTH_REQUIRED=false$/AUTH_REQUIRED=true/' ${APP_ENV}`);
    assert.equal((await target.run(['backup-now'])).exitCode, 0);
    const restore = await target.run(['test-restore', '--private-key', target.key.privateKeyFile]);
    assert.equal(restore.exitCode, 0, restore.stderr);

    const report = join(target.golive.home, 'security.md');
    const { status, byId, run, items } = await audit(['--output', report]);
    assert.equal(run.exitCode, items.some((i) => i.status === 'fail') ? 2 : 0, 'exit 2 exactly when an item fails');
    assert.deepEqual(status, Object.fromEntries(STEP_ITEMS.map((id) => [id, 'pass'])), JSON.stringify([...byId.values()].filter((i) => i.status !== 'pass' && STEP_ITEMS.includes(i.id)), null, 2));
    assert.match(byId.get('backup.restoreTested')!.evidence, /^\d{4}-\d\d-\d\d: restore test passed/);
    assert.match(byId.get('firewall.internal')!.evidence, /not reachable from outside/);

    const text = readFileSync(report, 'utf8');
    assert.match(text, /^# Security configuration of deploy@10\.77\.87\.2/);
    for (const id of STEP_ITEMS) assert.ok(text.includes(`\`${id}\``), `${id} in the report`);
    assert.match(text, /## Changes golive made on this server\n\n- \d{4}-\d\d-\d\d \d\d:\d\d:\d\d run `[^`]+`: secrets, ssh, firewall, fail2ban, baseline, updates, backup — applied/);
    assert.match(text, /## Answers in force\n\n```yaml\n/);
    await target.noteSecrets();
    for (const value of target.secretsSeen) assert.ok(!text.includes(value) && !run.stdout.includes(value), 'no secret in the report or the output');

    // Without AUTH_REQUIRED, auth.required warns: --strict fails on it.
    await target.server.sh(`sed -i '/^AUTH_REQUIRED=/d' ${APP_ENV}`);
    const strict = await target.run(['audit', '--strict']);
    assert.equal(strict.exitCode, 2, 'warn and unknown items fail with --strict');
    assert.match(strict.stdout, /^WARN +auth\.required/m);
  });

  it('fails secrets.git once the app user commits the .env, and reads that as the app user, not root', async () => {
    await target.server.sh(`runuser -u app -- sh -c 'cd /srv/app && git init -q && git add .env && git -c user.email=a@example.com -c user.name=app commit -qm env'`);
    const { byId } = await audit();
    assert.equal(byId.get('secrets.git')!.status, 'fail');
    assert.match(byId.get('secrets.git')!.evidence, /\/srv\/app\/\.env is tracked by git in \/srv\/app: its values are in the repository/);
  });

  it('refuses a bad audit section before reading the server', async () => {
    const config = join(target.golive.home, 'bad-audit.yml');
    for (const [yaml, message] of [
      ['audit:\n  composefile: /srv/app/compose.yaml\n', /unknown key audit\.composefile/],
      ['audit:\n  composeFile: srv/app/compose.yaml\n', /audit\.composeFile: "srv\/app\/compose\.yaml" is not an absolute path/],
    ] as const) {
      writeFileSync(config, yaml);
      const run = await target.run(['audit', '--config', config]);
      assert.equal(run.exitCode, 1, run.stdout);
      assert.match(run.stderr, message);
    }
  });
});
