import { dirname, posix } from 'node:path';
import { optionalText, yesNoChoice } from '../src/answers/question-text.js';
import { readSection } from '../src/answers/section.js';
import { show, validateBoolean, validateOneOf, validateUserName } from '../src/answers/validators.js';
import { fileChange } from '../src/engine/file-change.js';
import type { Change, Check, Fact, FileState, Question, Step, StepContext, StepPlan } from '../src/engine/types.js';
import { InputError, NotConfiguredError } from '../src/errors.js';
import { fileFact } from '../src/facts/file.js';
import { unknownFindings } from '../src/engine/audit-findings.js';
import { loginIsRequired, providerIsSet, SECRETS_AUDIT_ITEMS, secretsFindings } from '../src/secrets/audit.js';
import { DEFAULT_VARIABLES, onChange } from '../src/secrets/catalog.js';
import { changed, decide, type Fresh } from '../src/secrets/decide.js';
import { type EnvPath, envPathFact } from '../src/secrets/env-fact.js';
import { parseEnv, setValues, valueOf, VARIABLE_NAME } from '../src/secrets/env-file.js';
import { FORM_NAMES, FORMS, type FormName, generate, weakness } from '../src/secrets/forms.js';
import { type GitFacts, gitFact, gitignorePath, ignoreRule, untrackCommand, untrackText, withIgnoreRule } from '../src/secrets/git.js';
import { maskAfter, maskBefore, summary } from '../src/secrets/masking.js';
import { alterRoleCommand, ROLE_NAME, rolePasswordSnapshot } from '../src/secrets/postgres.js';

export interface SecretsAnswers {
  /** The app's .env on the server. */
  readonly envFile: string;
  /** `user:group` the file belongs to. */
  readonly owner: string;
  /** The secrets the file must hold, and the form of each. */
  readonly variables: Readonly<Record<string, FormName>>;
  /** The PostgreSQL role whose password is POSTGRES_PASSWORD: changed in the database first. */
  readonly postgresRole?: string;
  /** Run `git rm --cached` on a tracked .env. */
  readonly untrackEnvFile: boolean;
  /**
   * This run's new values, made by node:crypto on the admin's machine. A function, so it never
   * reaches JSON or YAML: the answers are remembered in the local settings, the values are not.
   */
  readonly fresh: Fresh;
}

export interface SecretsFacts {
  readonly env: EnvPath;
  readonly git: GitFacts | null;
  readonly gitignore: FileState | null;
  /** Whether the user and group of `owner` exist on the server (true when no owner was given). */
  readonly ownerExists: boolean;
}

const ANSWER_KEYS = ['envFile', 'owner', 'variables', 'postgresRole', 'untrackEnvFile'] as const;
const MODE = 0o600;

function parseAnswers(raw: unknown, field: string): Partial<SecretsAnswers> {
  const section = readSection(raw, field, ANSWER_KEYS);
  const answers: { -readonly [K in keyof SecretsAnswers]?: SecretsAnswers[K] } = {};
  if (section.envFile !== undefined) answers.envFile = validateEnvFile(section.envFile, `${field}.envFile`);
  if (section.owner !== undefined) answers.owner = validateOwner(section.owner, `${field}.owner`);
  if (section.variables !== undefined) answers.variables = validateVariables(section.variables, `${field}.variables`);
  if (section.postgresRole !== undefined) {
    if (typeof section.postgresRole !== 'string' || !ROLE_NAME.test(section.postgresRole)) {
      throw new InputError(`${field}.postgresRole: ${show(section.postgresRole)} is not a role name`, 'letters, digits and _, starting with a letter or _, at most 63 characters, as \\du lists it');
    }
    answers.postgresRole = section.postgresRole;
  }
  if (section.untrackEnvFile !== undefined) answers.untrackEnvFile = validateBoolean(section.untrackEnvFile, `${field}.untrackEnvFile`);
  return answers;
}

function validateEnvFile(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\0\n\r]/.test(value) || value.endsWith('/')) {
    throw new InputError(`${field}: ${show(value)} is not an absolute path to a file`, 'like /srv/app/.env');
  }
  if (posix.normalize(value) !== value) throw new InputError(`${field}: write ${show(value)} as ${show(posix.normalize(value))}`);
  const system = SYSTEM_FOLDERS.find((folder) => value === folder || value.startsWith(`${folder}/`));
  if (system || dirname(value) === '/') {
    // golive makes the file 0600 and hands it to secrets.owner: on /etc/sudoers that would end sudo for everyone.
    throw new InputError(`${field}: ${value} is ${system ? `under ${system}, a system folder` : 'at the top of the file system'}; secrets.envFile is an app's .env`, 'give the .env in the app\'s own folder, like /srv/app/.env');
  }
  return value;
}

/** Where an app's .env never is: what golive would hand to the app's user there belongs to the system. */
const SYSTEM_FOLDERS = ['/etc', '/usr', '/boot', '/root', '/var/lib', '/var/log', '/var/spool', '/var/cache', '/var/backups', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/sys', '/dev', '/run'];

function validateOwner(value: unknown, field: string): string {
  const [user, group, ...rest] = typeof value === 'string' ? value.split(':') : [];
  if (user === undefined || group === undefined || rest.length > 0) throw new InputError(`${field}: ${show(value)} is not user:group`, 'like deploy:deploy');
  validateUserName(user, field);
  validateUserName(group, field);
  return value as string;
}

function validateVariables(value: unknown, field: string): Record<string, FormName> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${field}: expected a mapping of NAME: form`, `the forms are: ${FORM_NAMES.join(', ')}`);
  const entries = Object.entries(value);
  if (entries.length === 0) throw new InputError(`${field}: name at least one variable`);
  for (const [name] of entries) {
    if (!VARIABLE_NAME.test(name)) throw new InputError(`${field}: ${show(name)} is not a variable name`, 'letters, digits and _, not starting with a digit; no =, no spaces');
  }
  return Object.fromEntries(entries.map(([name, form]) => [name, validateOneOf(form, FORM_NAMES, `${field}.${name}`)]));
}

const nothing: Fact<never> = { argv: ['true'], parse: () => undefined as never };

function facts(answers: Partial<SecretsAnswers>): { readonly [K in keyof SecretsFacts]: Fact<SecretsFacts[K]> } {
  if (answers.envFile === undefined) return { env: nothing, git: nothing, gitignore: nothing, ownerExists: nothing };
  const [user, group] = (answers.owner ?? 'root:root').split(':') as [string, string];
  return {
    env: envPathFact(answers.envFile),
    git: gitFact(answers.envFile),
    gitignore: fileFact(gitignorePath(answers.envFile)),
    ownerExists: { argv: ['sh', '-c', 'getent passwd "$1" >/dev/null && getent group "$2" >/dev/null', 'sh', user, group], parse: (o) => o.exitCode === 0 },
  };
}

function resolveAnswers(answers: Partial<SecretsAnswers>, facts: SecretsFacts, context: StepContext): SecretsAnswers {
  const { envFile } = answers;
  if (envFile === undefined) throw new NotConfiguredError('secrets.envFile is not set: golive needs the path of the app\'s .env on the server', 'set secrets.envFile in golive.yml, like /srv/app/.env');
  const env = facts.env;
  if (env.kind !== 'file' && env.kind !== 'absent') throw unusablePath(envFile, env.kind);
  if (env.kind === 'file' && !env.utf8) throw new InputError(`secrets.envFile: ${envFile} is not UTF-8 text; golive leaves it alone`);
  if (!facts.ownerExists) throw new InputError(`secrets.owner: ${answers.owner} does not exist on the server`, 'name a user and a group that exist (getent passwd, getent group)');
  const variables = answers.variables ?? DEFAULT_VARIABLES;
  for (const name of context.rotate ?? []) {
    if (!(name in variables)) throw new InputError(`--rotate ${name}: not one of the secrets this step writes`, `they are: ${Object.keys(variables).join(', ')}`);
  }
  if (context.rotate?.includes('POSTGRES_PASSWORD') && answers.postgresRole === undefined) {
    throw new InputError('--rotate POSTGRES_PASSWORD needs secrets.postgresRole', 'name the database role whose password it is: golive changes it there first');
  }
  const owner = answers.owner ?? (env.kind === 'file' ? `${env.file.owner}:${env.file.group}` : `${env.folder.owner}:${env.folder.group}`);
  const made = new Map<string, string>();
  const fresh: Fresh = (key, form) => made.get(key) ?? made.set(key, generate(form)).get(key)!;
  return { envFile, owner, variables, postgresRole: answers.postgresRole, untrackEnvFile: answers.untrackEnvFile ?? false, fresh };
}

function unusablePath(envFile: string, kind: 'folder' | 'symlink' | 'other' | 'no-folder'): InputError {
  const field = 'secrets.envFile';
  switch (kind) {
    case 'folder':
      return new InputError(`${field}: ${envFile} is a folder`, 'give the path of the .env file in it');
    case 'symlink':
      return new InputError(`${field}: ${envFile} is a symbolic link`, 'give the path of the file it points to (readlink -f)');
    case 'other':
      return new InputError(`${field}: ${envFile} is not a regular file`);
    case 'no-folder':
      return new InputError(`${field}: the folder ${dirname(envFile)} does not exist on the server`);
  }
}

function plan(facts: SecretsFacts, answers: SecretsAnswers, context: StepContext): StepPlan {
  const base = { stepId: 'secrets' as const, title: `Strong secrets in ${answers.envFile}`, validations: [], reloads: [] };
  const before = facts.env.kind === 'file' ? facts.env.file : null;
  const folder = facts.env.kind === 'file' || facts.env.kind === 'absent' ? facts.env.folder : { owner: 'root', group: 'root' };
  const env = parseEnv(before?.content ?? '');
  const decisions = decide(env, answers.variables, context.rotate ?? [], answers.fresh);
  const updates = changed(decisions);
  const content = setValues(env, new Map(updates.map((d) => [d.name, d.value])));
  const [owner, group] = answers.owner.split(':') as [string, string];
  const after: FileState = { content, mode: MODE, owner, group };

  const changes: Change[] = [];
  const notes = summary(decisions);
  const postgres = updates.find((d) => d.name === 'POSTGRES_PASSWORD');
  if (postgres && answers.postgresRole) {
    changes.push(alterRoleCommand(answers.postgresRole, postgres.value, Buffer.from(answers.fresh('POSTGRES_PASSWORD scram salt', 'hex16'), 'hex')));
    notes.push(`POSTGRES_PASSWORD: the role ${answers.postgresRole} gets the new password first; if the database refuses, the file stays as it is`);
    notes.push(`rollback restores the old file and gives ${answers.postgresRole} its old password back (its verifier is saved in the run's journal, root's only)`);
  } else if (postgres?.hadValue) {
    notes.push('WARNING: POSTGRES_PASSWORD had a value: if the database uses it, set secrets.postgresRole so golive changes the role\'s password first, or the app loses its database');
  }
  const why = updates.length > 0 ? `new values for ${updates.map((d) => d.name).join(', ')}; readable by ${owner} only` : `readable by ${owner} only`;
  changes.push(...fileChange(answers.envFile, before, after, why, { before: maskBefore(env, decisions), after: maskAfter(parseEnv(content), decisions) }));
  const restarts = updates.filter((d) => d.hadValue);
  for (const d of restarts) notes.push(`${d.name} changes: ${onChange(d.name)}`);
  changes.push(...gitChanges(facts, answers, folder, notes));
  notes.push(...authNotes(valueOf(env, 'AUTH_PROVIDER'), valueOf(env, 'AUTH_REQUIRED')));
  const snapshots = postgres && answers.postgresRole ? [rolePasswordSnapshot(answers.postgresRole)] : [];
  return { ...base, changes, notes, snapshots };
}

function gitChanges(facts: SecretsFacts, answers: SecretsAnswers, folder: { owner: string; group: string }, notes: string[]): Change[] {
  const { git } = facts;
  if (!git) {
    notes.push(`${answers.envFile} is not in a git work tree`);
    return [];
  }
  const changes: Change[] = [];
  if (!git.ignored) {
    changes.push({ kind: 'file', path: gitignorePath(answers.envFile), before: facts.gitignore, after: withIgnoreRule(facts.gitignore, answers.envFile, folder), why: `git ignores ${ignoreRule(answers.envFile)}` });
  }
  if (git.tracked) {
    const untrack = untrackCommand(git, answers.envFile);
    notes.push(
      `WARNING: ${answers.envFile} is TRACKED by git (repository ${git.top}): every value it held is in the repository's history. ` +
        'Rotate each of them (golive apply --rotate NAME) and never commit the file again.',
    );
    // The index is journaled and restored by root: only the repository's own .git/index, never a
    // file elsewhere that a planted `.git` file (gitdir: ...) points at.
    const ownIndex = git.index.startsWith(`${git.top}/.git/`) && !git.index.includes('/../');
    if (answers.untrackEnvFile && !ownIndex) notes.push(`golive leaves the untracking to you: the repository's index is ${git.index}, outside ${git.top}/.git`);
    else if (answers.untrackEnvFile) changes.push(untrack);
    else notes.push(`stop tracking it (the file stays on disk): ${untrackText(git, answers.envFile)} — or set secrets.untrackEnvFile: true and golive does it`);
  }
  return changes;
}

function authNotes(provider: string | undefined, required: string | undefined): string[] {
  return authChecks(provider, required).map((c) => (c.ok ? `${c.name}: ${c.detail}` : `WARNING: ${c.name}: ${c.detail}`));
}

/** Go-live items read from the same file: reported, never changed. */
function authChecks(provider: string | undefined, required: string | undefined): Check[] {
  const checks: Check[] = [];
  if (provider !== undefined) {
    const ok = providerIsSet(provider);
    checks.push({ name: 'authentication provider', ok, detail: ok ? `AUTH_PROVIDER=${provider}` : `AUTH_PROVIDER=${provider || '(empty)'}: the app runs without authentication`, advisory: true });
  }
  if (required !== undefined) {
    const ok = loginIsRequired(required);
    checks.push({ name: 'authentication required', ok, detail: ok ? 'AUTH_REQUIRED=true' : `AUTH_REQUIRED=${required || '(empty)'}: requests without a login are let in`, advisory: true });
  }
  return checks;
}

function verify(facts: SecretsFacts, answers: SecretsAnswers): Check[] {
  if (facts.env.kind !== 'file') return [{ name: answers.envFile, ok: false, detail: 'is not there' }];
  const file = facts.env.file;
  const env = parseEnv(file.content);
  const checks: Check[] = [
    { name: `${answers.envFile} mode`, ok: file.mode === MODE, detail: `0${file.mode.toString(8)}` },
    { name: `${answers.envFile} owner`, ok: `${file.owner}:${file.group}` === answers.owner, detail: `${file.owner}:${file.group}` },
    ...Object.entries(answers.variables).map(([name, form]) => {
      const values = env.assignments.filter((a) => a.name === name).map((a) => a.value);
      const why = values.length === 0 ? 'missing' : values.map((v) => weakness(v, form)).find((w) => w !== undefined);
      return { name, ok: why === undefined, detail: why ?? `${valueOf(env, name)!.length} chars, ${FORMS[form].describe} or stronger` };
    }),
  ];
  const { git } = facts;
  if (git) {
    checks.push({ name: 'ignored by git', ok: git.ignored, detail: git.ignored ? `in ${git.top}` : `not ignored in ${git.top}` });
    if (answers.untrackEnvFile || git.tracked) {
      checks.push({ name: 'not tracked by git', ok: !git.tracked, detail: git.tracked ? 'tracked: rotate its values and stop tracking it' : `not in ${git.top}'s index`, advisory: !answers.untrackEnvFile });
    }
  }
  return [...checks, ...authChecks(valueOf(env, 'AUTH_PROVIDER'), valueOf(env, 'AUTH_REQUIRED'))];
}


const questions: Question[] = [
  { key: 'envFile', label: 'The app\'s .env file', help: 'its absolute path on the server, like /srv/app/.env', ...optionalText },
  { key: 'owner', label: 'Owner (user:group)', help: 'who may read it; mode 600. Empty: keep its owner', ...optionalText },
  { key: 'postgresRole', label: 'PostgreSQL role of POSTGRES_PASSWORD', help: 'golive changes its password in the database first. Empty: leave the database alone', ...optionalText },
  {
    key: 'untrackEnvFile',
    label: 'Stop tracking the file in git (git rm --cached)',
    help: 'only when git tracks it; the file stays on disk',
    ...yesNoChoice(false),
  },
];

export const secretsStep: Step<SecretsAnswers, SecretsFacts> = {
  id: 'secrets',
  title: 'Secrets',
  checklist: ['All passwords changed from defaults', 'Secrets not in git', '.env secured (600, gitignored)', 'Authentication required'],
  questions,
  parseAnswers,
  facts,
  resolveAnswers,
  plan,
  verify,
  auditItems: SECRETS_AUDIT_ITEMS,
  audit: (facts, answers) => (answers.envFile === undefined ? unknownFindings(SECRETS_AUDIT_ITEMS, 'secrets.envFile is not set in golive.yml: golive does not know where the app\'s .env is') : secretsFindings(answers.envFile, facts.env, facts.git, answers.variables ?? DEFAULT_VARIABLES)),
};
