import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { e2eUnavailable, type GoliveRun, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

const STRONG_JWT = randomBytes(32).toString('hex');
/** A .env as people write them: placeholders, an empty value, a strong value, comments, quotes, `export`, a CRLF line, unrelated variables. */
const ORIGINAL = [
  '# App settings',
  '',
  'export POSTGRES_PASSWORD="changeme"',
  'REDIS_PASSWORD=',
  `JWT_SECRET_KEY='${STRONG_JWT}'   # keep me`,
  'SECRET_KEY=your-secret-key-here\r',
  'KRATOS_SECRET_COOKIE=xxx',
  'APP_URL=https://app.example.com',
  'AUTH_PROVIDER=none',
  'AUTH_REQUIRED=true',
  '',
].join('\n');
const APPENDED = ['KRATOS_SECRET_CIPHER', 'MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY', 'MEILI_MASTER_KEY'];
const FORMS: Record<string, RegExp> = {
  POSTGRES_PASSWORD: /^[A-Za-z0-9_-]{43}$/,
  REDIS_PASSWORD: /^[A-Za-z0-9_-]{43}$/,
  SECRET_KEY: /^[0-9a-f]{64}$/,
  KRATOS_SECRET_COOKIE: /^[A-Za-z0-9_-]{43}$/,
  KRATOS_SECRET_CIPHER: /^[A-Za-z0-9]{32}$/,
  MINIO_ACCESS_KEY: /^[0-9a-f]{32}$/,
  MINIO_SECRET_KEY: /^[A-Za-z0-9_-]{64}$/,
  MEILI_MASTER_KEY: /^[0-9a-f]{64}$/,
};

/** The value of NAME in a .env text, read with a plain regex (not golive's parser). */
function valueIn(text: string, name: string): string {
  const match = new RegExp(`^(?:export )?${name}=["']?([^"'\\s]*)`, 'm').exec(text);
  assert.ok(match, `${name} is not in the file`);
  return match[1]!;
}

/** Every file under a local folder, as one text. */
function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

describe('secrets step on a real server', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;
  const outputs: GoliveRun[] = [];

  const answers = (text: string) => writeFileSync(join(golive.home, 'golive.yml'), text);
  const run = async (args: readonly string[]) => {
    const result = await golive.run(golive.args('deploy', args));
    outputs.push(result);
    return result;
  };
  /** A file's exact bytes (the test server's exec output loses a final newline). */
  const read = async (path: string) => Buffer.from(await server.sh(`base64 -w0 ${path}`), 'base64').toString('utf8');
  const stat = async (path: string) => (await server.sh(`stat -c '%a %U:%G' ${path}`)).trim();
  /** Which of the values the server finds under `where` (or in the journal's log), searched with its own grep. */
  const foundOnServer = async (values: readonly string[], where: string): Promise<string> => {
    await server.exec(['sh', '-c', 'umask 077; cat >/root/patterns'], `${values.join('\n')}\n`);
    const found = await server.exec(['sh', '-c', `{ ${where}; } 2>/dev/null | grep -F -f /root/patterns; rm -f /root/patterns`]);
    return found.stdout;
  };

  before(async () => {
    server = await TestServer.boot('e2e-secrets', 30);
    golive = new GoliveRunner(server);
    await server.sh(`install -d -o deploy -g deploy /srv/app /srv/tracked
      runuser -u deploy -- git init -q /srv/app
      runuser -u deploy -- sh -c 'cd /srv/tracked && git init -q && echo "SECRET_KEY=committed-secret" >.env && git add .env && git -c user.name=t -c user.email=t@example.com commit -qm env'`);
    await server.exec(['sh', '-c', 'cat >/srv/app/.env && chown deploy:deploy /srv/app/.env && chmod 0644 /srv/app/.env'], ORIGINAL);
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('refuses bad input with a clear message and changes nothing', async () => {
    const before = `${await server.snapshot('/etc')}${await server.snapshot('/srv')}`;
    const cases: [string, RegExp][] = [
      ['secrets:\n  envFile: /srv/app\n', /secrets\.envFile: \/srv\/app is a folder/],
      ['secrets:\n  envFile: /srv/app/.env\n  variables:\n    API_KEY: hex99\n', /secrets\.variables\.API_KEY: "hex99" is not one of "hex16", "hex32", "base64-32", "base64-48", "chars32"/],
      ['secrets:\n  envFile: /srv/app/.env\n  variables:\n    "API=KEY": hex32\n', /secrets\.variables: "API=KEY" is not a variable name/],
      ['secrets:\n  envFile: /srv/app/.env\n  variables:\n    "API KEY": hex32\n', /secrets\.variables: "API KEY" is not a variable name/],
    ];
    for (const [yaml, message] of cases) {
      answers(yaml);
      const result = await run(['apply', '--only', 'secrets', '--yes']);
      assert.equal(result.exitCode, 1, result.stdout + result.stderr);
      assert.match(result.stderr, message);
    }
    assert.equal(`${await server.snapshot('/etc')}${await server.snapshot('/srv')}`, before);
    assert.equal((await server.exec(['test', '-e', '/var/lib/golive/runs'])).exitCode, 1, 'no run was recorded');
  });

  let newValues: Record<string, string> = {};

  it('fills each weak value with its form, keeps the strong one and every other byte, makes the file 0600 and gitignored', async () => {
    answers('secrets:\n  envFile: /srv/app/.env\n');
    const plan = await run(['plan', '--only', 'secrets']);
    assert.equal(plan.exitCode, 2, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /^\+export POSTGRES_PASSWORD="<new: 43 chars base64url>"$/m);
    assert.match(plan.stdout, /^-export POSTGRES_PASSWORD="<placeholder, 8 chars>"$/m);
    assert.match(plan.stdout, /^ JWT_SECRET_KEY='<64 chars>' {3}# keep me$/m);
    assert.match(plan.stdout, /WARNING: authentication provider: AUTH_PROVIDER=none/);
    assert.ok(!plan.stdout.includes(STRONG_JWT) && !plan.stdout.includes('app.example.com'), 'the preview shows no value');

    const apply = await run(['apply', '--only', 'secrets', '--yes']);
    assert.equal(apply.exitCode, 0, apply.stdout + apply.stderr);
    assert.match(apply.stdout, /^warn authentication provider: AUTH_PROVIDER=none/m);

    const written = await read('/srv/app/.env');
    newValues = Object.fromEntries(Object.keys(FORMS).map((name) => [name, valueIn(written, name)]));
    for (const [name, form] of Object.entries(FORMS)) assert.match(newValues[name]!, form, name);
    const expected =
      ORIGINAL.replace('"changeme"', `"${newValues.POSTGRES_PASSWORD}"`)
        .replace('REDIS_PASSWORD=\n', `REDIS_PASSWORD=${newValues.REDIS_PASSWORD}\n`)
        .replace('your-secret-key-here', newValues.SECRET_KEY!)
        .replace('=xxx', `=${newValues.KRATOS_SECRET_COOKIE}`) + APPENDED.map((name) => `${name}=${newValues[name]}\n`).join('');
    assert.equal(written, expected);
    assert.equal(valueIn(written, 'JWT_SECRET_KEY'), STRONG_JWT);
    assert.equal(await stat('/srv/app/.env'), '600 deploy:deploy');
    assert.equal(await read('/srv/app/.gitignore'), '/.env\n');
    assert.equal(await stat('/srv/app/.gitignore'), '644 deploy:deploy');
    assert.equal((await server.exec(['runuser', '-u', 'deploy', '--', 'git', '-C', '/srv/app', 'check-ignore', '-q', '.env'])).exitCode, 0);
  });

  it('no new value reaches golive\'s output, its local settings, the server\'s journal or its system log', async () => {
    const values = Object.values(newValues);
    assert.equal(values.length, 8);
    const output = outputs.map((o) => o.stdout + o.stderr).join('\n');
    const settings = readTree(join(golive.home, 'settings'));
    assert.match(settings, /"envFile": "\/srv\/app\/\.env"/, 'the answers were remembered');
    for (const value of values) {
      assert.ok(!output.includes(value), 'golive printed a new value');
      assert.ok(!settings.includes(value), 'the local settings hold a new value');
    }
    assert.equal((await foundOnServer(values, 'cat /srv/app/.env')).split('\n').filter(Boolean).length, 8, 'the search finds the values where they are');
    assert.equal(await foundOnServer(values, 'cat /var/lib/golive/runs/*/manifest.json /var/lib/golive/runs/*/undo.sh /var/lib/golive/runs/*/files/*'), '');
    assert.equal(await foundOnServer(values, 'journalctl --no-pager -o cat'), '');
    // The old file's copy in the journal: root's only.
    assert.equal((await server.sh('stat -c "%a %U" /var/lib/golive /var/lib/golive/runs/*/files /var/lib/golive/runs/*/files/*')).trim().split('\n').sort().join(' '), '600 root 700 root 700 root');
  });

  it('plans nothing the second time', async () => {
    const again = await run(['plan', '--only', 'secrets']);
    assert.equal(again.exitCode, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /nothing to change/);
  });

  it('rolls back: the old file byte for byte, mode and owner; the .gitignore it made is gone', async () => {
    const result = await run(['rollback', '--yes']);
    assert.equal(result.exitCode, 0, result.stdout + result.stderr);
    assert.equal(await read('/srv/app/.env'), ORIGINAL);
    assert.equal(await stat('/srv/app/.env'), '644 deploy:deploy');
    assert.equal((await server.exec(['test', '-e', '/srv/app/.gitignore'])).exitCode, 1);
  });

  it('says loudly that a tracked .env is in git and offers git rm --cached; untracks it when asked', async () => {
    answers('secrets:\n  envFile: /srv/tracked/.env\n  variables:\n    SECRET_KEY: hex32\n');
    const plan = await run(['plan', '--only', 'secrets']);
    assert.equal(plan.exitCode, 2);
    assert.match(plan.stdout, /WARNING: \/srv\/tracked\/\.env is TRACKED by git \(repository \/srv\/tracked\): every value it held is in the repository's history\. Rotate each of them/);
    assert.match(plan.stdout, /sudo -u deploy git -C \/srv\/tracked rm --cached -- \.env .*secrets\.untrackEnvFile: true/);
    assert.ok(!plan.stdout.includes('committed-secret'));

    answers('secrets:\n  envFile: /srv/tracked/.env\n  variables:\n    SECRET_KEY: hex32\n  untrackEnvFile: true\n');
    const apply = await run(['apply', '--only', 'secrets', '--yes']);
    assert.equal(apply.exitCode, 0, apply.stdout + apply.stderr);
    assert.equal(await server.sh('git -c safe.directory=* -C /srv/tracked ls-files'), '');
    assert.equal(await stat('/srv/tracked/.env'), '600 deploy:deploy');
    assert.equal(await stat('/srv/tracked/.git/index'), '644 deploy:deploy');
    assert.equal((await server.exec(['git', '-c', 'safe.directory=*', '-C', '/srv/tracked', 'check-ignore', '-q', '.env'])).exitCode, 0);

    const rollback = await run(['rollback', '--yes']);
    assert.equal(rollback.exitCode, 0, rollback.stdout + rollback.stderr);
    assert.equal(await server.sh('git -c safe.directory=* -C /srv/tracked ls-files'), '.env');
    assert.equal(await read('/srv/tracked/.env'), 'SECRET_KEY=committed-secret\n');
  });

  describe('--rotate POSTGRES_PASSWORD with a real PostgreSQL role', () => {
    const oldPassword = randomBytes(32).toString('base64url');
    let rotatedPassword = '';
    const login = (password: string) => server.exec(['env', `PGPASSWORD=${password}`, 'psql', '-h', '127.0.0.1', '-U', 'app', '-d', 'postgres', '-tAc', 'select 42']);

    before(async () => {
      await server.sh('for i in $(seq 1 100); do pg_isready -q && exit 0; sleep 0.2; done; exit 1');
      await server.exec(['runuser', '-u', 'postgres', '--', 'psql', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE ROLE app LOGIN PASSWORD '${oldPassword}'`]);
      const env = `# db\nPOSTGRES_PASSWORD=${oldPassword}\n`;
      await server.exec(['sh', '-c', 'umask 077; cat >/srv/app/db.env && chown deploy:deploy /srv/app/db.env'], env);
      assert.equal((await login(oldPassword)).stdout.trim(), '42');
    });

    it('a refused ALTER (no such role) leaves the file byte-identical', async () => {
      const before = await server.sh('sha256sum /srv/app/db.env; stat -c %a /srv/app/db.env');
      answers('secrets:\n  envFile: /srv/app/db.env\n  variables:\n    POSTGRES_PASSWORD: base64-32\n  postgresRole: nosuch\n');
      const result = await run(['apply', '--only', 'secrets', '--rotate', 'POSTGRES_PASSWORD', '--yes']);
      assert.equal(result.exitCode, 1, result.stdout + result.stderr);
      assert.match(result.stdout + result.stderr, /role "nosuch" does not exist/);
      assert.equal(await server.sh('sha256sum /srv/app/db.env; stat -c %a /srv/app/db.env'), before);
      assert.equal((await login(oldPassword)).stdout.trim(), '42');
    });

    it('changes the role\'s password first, then the file: a real login with the new password works, the old one fails', async () => {
      answers('secrets:\n  envFile: /srv/app/db.env\n  variables:\n    POSTGRES_PASSWORD: base64-32\n  postgresRole: app\n');
      const result = await run(['apply', '--only', 'secrets', '--rotate', 'POSTGRES_PASSWORD', '--yes']);
      assert.equal(result.exitCode, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /rollback restores the old file and gives app its old password back/);
      const rotated = valueIn(await read('/srv/app/db.env'), 'POSTGRES_PASSWORD');
      assert.match(rotated, FORMS.POSTGRES_PASSWORD!);
      assert.notEqual(rotated, oldPassword);
      assert.equal((await login(rotated)).stdout.trim(), '42');
      assert.notEqual((await login(oldPassword)).exitCode, 0);
      assert.ok(!outputs.some((o) => (o.stdout + o.stderr).includes(rotated)), 'golive printed the new password');
      assert.notEqual(await foundOnServer([rotated], 'cat /srv/app/db.env'), '');
      assert.equal(await foundOnServer([rotated], 'cat /var/lib/golive/runs/*/manifest.json /var/lib/golive/runs/*/files/*; journalctl --no-pager -o cat; cat /var/log/postgresql/*'), '');
      const again = await run(['plan', '--only', 'secrets']);
      assert.equal(again.exitCode, 0, again.stdout);
      rotatedPassword = rotated;
    });

    it('rollback gives the role its old password back, with the old file', async () => {
      const result = await run(['rollback', '--yes']);
      assert.equal(result.exitCode, 0, result.stdout + result.stderr);
      assert.equal(valueIn(await read('/srv/app/db.env'), 'POSTGRES_PASSWORD'), oldPassword);
      assert.equal((await login(oldPassword)).stdout.trim(), '42');
      assert.notEqual((await login(rotatedPassword)).exitCode, 0);
    });
  });
});
