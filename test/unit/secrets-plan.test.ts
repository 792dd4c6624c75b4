import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planToJson, renderPlan } from '../../src/engine/preview.js';
import type { FileChange, StepContext } from '../../src/engine/types.js';
import { InputError, NotConfiguredError } from '../../src/errors.js';
import { envPathFact } from '../../src/secrets/env-fact.js';
import { parseEnv, valueOf } from '../../src/secrets/env-file.js';
import type { FormName } from '../../src/secrets/forms.js';
import { secretsStep, type SecretsAnswers, type SecretsFacts } from '../../steps/secrets.js';

const STRONG_JWT = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + '01234567';
const ENV = [
  '# database',
  'export POSTGRES_PASSWORD="changeme"',
  "REDIS_PASSWORD=''",
  `JWT_SECRET_KEY=${STRONG_JWT}`,
  'APP_URL=https://app.example.com  # public',
  'AUTH_PROVIDER=none',
  '',
].join('\r\n');

const context: StepContext = { loginUser: 'root', targetKind: 'ssh', connectionPort: 22, sessionUser: 'root' };
const file = (content: string, mode = 0o644) => ({ content, mode, owner: 'deploy', group: 'deploy' });
const facts = (content: string | null, more: Partial<SecretsFacts> = {}): SecretsFacts => ({
  env: content === null ? { kind: 'absent', folder: { owner: 'deploy', group: 'deploy' } } : { kind: 'file', file: file(content), folder: { owner: 'deploy', group: 'deploy' }, utf8: true },
  git: null,
  gitignore: null,
  ownerExists: true,
  ...more,
});
/** Deterministic "random" values, recognisable in any output they might leak into. */
const fakeFresh = () => {
  const made = new Map<string, string>();
  return (key: string, form: FormName) => made.get(key) ?? made.set(key, `LEAK${made.size}${form.replace(/\W/g, '')}`.padEnd(form === 'chars32' ? 32 : 64, 'Zq9x')).get(key)!;
};
const VARIABLES: Record<string, FormName> = { POSTGRES_PASSWORD: 'base64-32', REDIS_PASSWORD: 'base64-32', JWT_SECRET_KEY: 'hex32', KRATOS_SECRET_CIPHER: 'chars32' };
const answers = (more: Partial<SecretsAnswers> = {}): SecretsAnswers => ({ envFile: '/srv/app/.env', owner: 'deploy:deploy', variables: VARIABLES, untrackEnvFile: false, fresh: fakeFresh(), ...more });
const envChange = (changes: readonly unknown[]) => changes.find((c): c is FileChange => (c as FileChange).kind === 'file' && (c as FileChange).path === '/srv/app/.env')!;

describe('secrets plan', () => {
  it('replaces weak values, keeps the strong one and every other byte, mode 0600', () => {
    const a = answers();
    const plan = secretsStep.plan(facts(ENV), a, context);
    const change = envChange(plan.changes);
    const after = change.after.content;
    const fresh = (name: string) => valueOf(parseEnv(after), name)!;
    assert.equal(change.after.mode, 0o600);
    assert.deepEqual([change.after.owner, change.after.group], ['deploy', 'deploy']);
    assert.equal(
      after,
      ENV.replace('"changeme"', `"${fresh('POSTGRES_PASSWORD')}"`).replace("''", `'${fresh('REDIS_PASSWORD')}'`) + `KRATOS_SECRET_CIPHER=${fresh('KRATOS_SECRET_CIPHER')}\r\n`,
    );
    assert.equal(fresh('JWT_SECRET_KEY'), STRONG_JWT);
    assert.match(plan.notes.join('\n'), /POSTGRES_PASSWORD +new +43 chars base64url \(was a placeholder\)/);
    assert.match(plan.notes.join('\n'), /JWT_SECRET_KEY +kept +64 chars/);
    assert.match(plan.notes.join('\n'), /WARNING: authentication provider: AUTH_PROVIDER=none/);
  });

  it('never shows a value: the preview and --json show masks', () => {
    const plan = secretsStep.plan(facts(ENV), answers(), context);
    const after = envChange(plan.changes).after.content;
    const shown = `${renderPlan(plan)}\n${JSON.stringify(planToJson(plan))}`;
    for (const value of ['changeme', STRONG_JWT, 'app.example.com', ...parseEnv(after).assignments.map((x) => x.value).filter((v) => v.length > 4)]) {
      assert.ok(!shown.includes(value), `the preview shows ${value}`);
    }
    assert.match(shown, /-export POSTGRES_PASSWORD="<placeholder, 8 chars>"/);
    assert.match(shown, /\+export POSTGRES_PASSWORD="<new: 43 chars base64url>"/);
    assert.match(shown, /\+KRATOS_SECRET_CIPHER=<new: 32 chars A-Z a-z 0-9>/);
    assert.match(shown, / JWT_SECRET_KEY=<64 chars>/);
  });

  it('plans nothing once the file holds strong values with mode 0600', () => {
    const first = secretsStep.plan(facts(ENV), answers(), context);
    const written = envChange(first.changes).after;
    const again = secretsStep.plan({ ...facts(null), env: { kind: 'file', file: written, folder: { owner: 'deploy', group: 'deploy' }, utf8: true } }, answers(), context);
    assert.deepEqual(again.changes, []);
  });

  it('only sets mode and owner when the values are strong', () => {
    const plan = secretsStep.plan(facts(ENV), answers({ variables: { JWT_SECRET_KEY: 'hex32' } }), context);
    const change = envChange(plan.changes);
    assert.equal(change.after.content, ENV);
    assert.equal(change.after.mode, 0o600);
  });

  it('creates a missing file with every variable', () => {
    const plan = secretsStep.plan(facts(null), answers(), context);
    const change = envChange(plan.changes);
    assert.equal(change.before, null);
    assert.deepEqual(parseEnv(change.after.content).assignments.map((a) => a.name), Object.keys(VARIABLES));
  });

  it('rotates on request: the role\'s password first, through stdin; nothing left to do once the file holds it', () => {
    const a = answers({ postgresRole: 'app' });
    const rotating = { ...context, rotate: ['POSTGRES_PASSWORD', 'JWT_SECRET_KEY'] };
    const plan = secretsStep.plan(facts(ENV), a, rotating);
    const [alter, write] = plan.changes;
    assert.equal(alter?.kind, 'command');
    assert.equal(write?.kind, 'file');
    const value = valueOf(parseEnv((write as FileChange).after.content), 'POSTGRES_PASSWORD')!;
    assert.ok(alter.kind === 'command' && !alter.argv.join(' ').includes(value) && !alter.stdin!.includes(value));
    assert.match(alter.kind === 'command' ? alter.stdin! : '', /^ALTER ROLE "app" WITH PASSWORD 'SCRAM-SHA-256\$4096:/m);
    assert.notEqual(valueOf(parseEnv((write as FileChange).after.content), 'JWT_SECRET_KEY'), STRONG_JWT);
    assert.match(plan.notes.join('\n'), /rollback restores the old file and gives app its old password back/);
    assert.deepEqual(plan.snapshots?.map((snapshot) => snapshot.name), ['postgres-role-app']);
    assert.match(plan.notes.join('\n'), /JWT_SECRET_KEY changes: restart the API/);
    const written = (write as FileChange).after;
    const again = secretsStep.plan({ ...facts(null), env: { kind: 'file', file: written, folder: { owner: 'deploy', group: 'deploy' }, utf8: true } }, a, rotating);
    assert.deepEqual(again.changes, []);
  });

  it('gitignores an untracked file: one line appended to the .gitignore beside it', () => {
    const git = { top: '/srv/app', topOwner: 'deploy', tracked: false, ignored: false, index: '/srv/app/.git/index' };
    const plan = secretsStep.plan(facts(ENV, { git, gitignore: file('node_modules\n*.log') }), answers(), context);
    const ignore = plan.changes.find((c): c is FileChange => c.kind === 'file' && c.path === '/srv/app/.gitignore')!;
    assert.equal(ignore.after.content, 'node_modules\n*.log\n/.env\n');
    const created = secretsStep.plan(facts(ENV, { git }), answers(), context).changes.find((c): c is FileChange => c.kind === 'file' && c.path === '/srv/app/.gitignore')!;
    assert.deepEqual(created.after, { content: '/.env\n', mode: 0o644, owner: 'deploy', group: 'deploy' });
  });

  it('says loudly when git tracks the file, and untracks it only when asked', () => {
    const git = { top: '/srv/app', topOwner: 'deploy', tracked: true, ignored: true, index: '/srv/app/.git/index' };
    const plan = secretsStep.plan(facts(ENV, { git }), answers(), context);
    const notes = plan.notes.join('\n');
    assert.match(notes, /WARNING: \/srv\/app\/\.env is TRACKED by git .*history.*Rotate/);
    assert.match(notes, /sudo -u deploy git -C \/srv\/app rm --cached -- \.env/);
    assert.ok(!plan.changes.some((c) => c.kind === 'command'));
    const untracking = secretsStep.plan(facts(ENV, { git }), answers({ untrackEnvFile: true }), context);
    const command = untracking.changes.find((c) => c.kind === 'command');
    const argv = command?.kind === 'command' ? command.argv : [];
    assert.deepEqual(argv.slice(0, 6), ['runuser', '-u', 'deploy', '--', 'env', '-i'], 'git runs as the repository owner, in a clean environment');
    for (const off of ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'GIT_CONFIG_NOSYSTEM=1', '--no-pager']) assert.ok(argv.includes(off), off);
    assert.deepEqual(argv.slice(-7), ['-C', '/srv/app', 'rm', '--cached', '--quiet', '--', '.env']);
    assert.deepEqual(command?.kind === 'command' && command.touches, ['/srv/app/.git/index']);
    const planted = secretsStep.plan(facts(ENV, { git: { ...git, index: '/etc/sudoers.d/index' } }), answers({ untrackEnvFile: true }), context);
    assert.ok(!planted.changes.some((c) => c.kind === 'command'), 'an index outside the repository is never touched');
    assert.match(planted.notes.join('\n'), /the repository's index is \/etc\/sudoers\.d\/index, outside \/srv\/app\/\.git/);
  });
});

describe('secrets answers', () => {
  it('refuses bad input with the field named', () => {
    const bad: [unknown, RegExp][] = [
      [{ envFile: 'app/.env' }, /secrets\.envFile: "app\/\.env" is not an absolute path/],
      [{ envFile: '/srv/app/\n.env' }, /secrets\.envFile: .* is not an absolute path/],
      [{ envFile: '/srv//app/.env' }, /write "\/srv\/\/app\/\.env" as "\/srv\/app\/\.env"/],
      [{ envFile: '/etc/sudoers' }, /secrets\.envFile: \/etc\/sudoers is under \/etc, a system folder; secrets\.envFile is an app's \.env/],
      [{ envFile: '/var/lib/postgresql/.env' }, /is under \/var\/lib, a system folder/],
      [{ envFile: '/root/.env' }, /is under \/root, a system folder/],
      [{ envFile: '/.env' }, /is at the top of the file system/],
      [{ owner: 'deploy' }, /secrets\.owner: "deploy" is not user:group/],
      [{ owner: 'Deploy:x' }, /secrets\.owner: "Deploy" is not a valid user name/],
      [{ variables: { 'A=B': 'hex32' } }, /secrets\.variables: "A=B" is not a variable name/],
      [{ variables: { 'MY KEY': 'hex32' } }, /secrets\.variables: "MY KEY" is not a variable name/],
      [{ variables: { KEY: 'hex99' } }, /secrets\.variables\.KEY: "hex99" is not one of "hex16", "hex32"/],
      [{ postgresRole: 'app; DROP' }, /secrets\.postgresRole: "app; DROP" is not a role name/],
      [{ untrackEnvFile: 'yes' }, /secrets\.untrackEnvFile: "yes" is not true or false/],
      [{ envfile: '/x' }, /unknown key secrets\.envfile/],
    ];
    for (const [raw, message] of bad) assert.throws(() => secretsStep.parseAnswers(raw, 'secrets'), message);
  });

  it('needs envFile: without it the step is left out of a full run', () => {
    assert.throws(() => secretsStep.resolveAnswers({}, facts(ENV), context), NotConfiguredError);
  });

  it('refuses a folder, and a rotation it cannot do', () => {
    assert.throws(() => secretsStep.resolveAnswers({ envFile: '/srv/app' }, { ...facts(null), env: { kind: 'folder' } }, context), /secrets\.envFile: \/srv\/app is a folder/);
    assert.throws(() => envPathFact('/srv/link/.env').parse({ exitCode: 0, stdout: 'through-link\n', stderr: '' }), /the folder of \/srv\/link\/\.env is reached through a symbolic link/);
    assert.throws(() => secretsStep.resolveAnswers({ envFile: '/srv/app/.env' }, facts(ENV), { ...context, rotate: ['NOPE'] }), /--rotate NOPE: not one of the secrets/);
    assert.throws(() => secretsStep.resolveAnswers({ envFile: '/srv/app/.env' }, facts(ENV), { ...context, rotate: ['POSTGRES_PASSWORD'] }), (e) => e instanceof InputError && /needs secrets\.postgresRole/.test(e.message));
  });

  it('remembers answers without values: they round-trip through JSON and parse again', () => {
    const resolved = secretsStep.resolveAnswers({ envFile: '/srv/app/.env' }, facts(ENV), context);
    const plan = secretsStep.plan(facts(ENV), resolved, context);
    const stored = JSON.stringify(resolved);
    for (const a of parseEnv(envChange(plan.changes).after.content).assignments) if (a.value.length > 20) assert.ok(!stored.includes(a.value));
    assert.deepEqual(Object.keys(JSON.parse(stored)).sort(), ['envFile', 'owner', 'untrackEnvFile', 'variables']);
    assert.doesNotThrow(() => secretsStep.parseAnswers(JSON.parse(stored), 'secrets'));
    assert.equal(resolved.owner, 'deploy:deploy');
  });
});
