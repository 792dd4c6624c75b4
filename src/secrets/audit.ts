import type { AuditFinding, AuditItem } from '../engine/types.js';
import { decide } from './decide.js';
import type { EnvPath } from './env-fact.js';
import { parseEnv, valueOf } from './env-file.js';
import type { FormName } from './forms.js';
import type { GitFacts } from './git.js';

const FIX = 'golive apply --only secrets';

export const SECRETS_AUDIT_ITEMS: readonly AuditItem[] = [
  { id: 'auth.provider', title: 'Authentication provider set', fix: 'set AUTH_PROVIDER in the .env to the provider the app uses (not none), then restart the app' },
  { id: 'auth.required', title: 'Authentication required', fix: 'set AUTH_REQUIRED=true in the .env, then restart the app' },
  { id: 'secrets.strength', title: 'All passwords changed from defaults', fix: FIX },
  { id: 'secrets.mode', title: '.env readable by its owner only (600)', fix: FIX },
  { id: 'secrets.git', title: 'Secrets not in git (.env ignored, not tracked)', fix: `${FIX}; a tracked .env needs secrets.untrackEnvFile: true, and its old values rotated` },
];

type Finding = Omit<AuditFinding, keyof AuditItem>;

/** The .env's go-live items: names and reasons only, never a value (AUTH_PROVIDER's aside: it names a provider). */
export function secretsFindings(envFile: string, env: EnvPath, git: GitFacts | null, variables: Readonly<Record<string, FormName>>): AuditFinding[] {
  const [provider, required, strength, mode, inGit] = SECRETS_AUDIT_ITEMS as [AuditItem, AuditItem, AuditItem, AuditItem, AuditItem];
  if (env.kind !== 'file') {
    const why = env.kind === 'absent' ? `there is no ${envFile}` : `${envFile} is ${env.kind === 'no-folder' ? 'in a folder that does not exist' : `a ${env.kind}, not a file`}`;
    return SECRETS_AUDIT_ITEMS.map((item) => ({ ...item, status: 'unknown', evidence: why }));
  }
  const parsed = parseEnv(env.utf8 ? env.file.content : '');
  const weak = decide(parsed, variables, [], () => '').filter((d) => d.outcome !== 'kept' && d.outcome !== 'missing');
  const octal = env.file.mode.toString(8);
  return [
    { ...provider, ...authProvider(valueOf(parsed, 'AUTH_PROVIDER'), envFile) },
    { ...required, ...authRequired(valueOf(parsed, 'AUTH_REQUIRED'), envFile) },
    {
      ...strength,
      status: weak.length === 0 ? 'pass' : 'fail',
      evidence: weak.length === 0 ? `every known secret in ${envFile} is strong (or not used)` : `in ${envFile}: ${weak.map((d) => `${d.name} ${d.outcome === 'weak' ? 'too weak' : `is ${d.outcome === 'placeholder' ? 'a placeholder' : d.outcome}`}`).join('; ')}`,
    },
    { ...mode, status: (env.file.mode & 0o077) === 0 ? 'pass' : 'fail', evidence: `${envFile}: mode ${octal}, owner ${env.file.owner}:${env.file.group}` },
    { ...inGit, ...gitFinding(envFile, git) },
  ];
}

/** AUTH_PROVIDER names a provider: the app asks who you are. */
export function providerIsSet(value: string): boolean {
  return value !== '' && value.toLowerCase() !== 'none';
}

/** AUTH_REQUIRED=true: no request gets through without a login. */
export function loginIsRequired(value: string): boolean {
  return value.toLowerCase() === 'true';
}

function authProvider(value: string | undefined, envFile: string): Finding {
  if (value === undefined) return { status: 'warn', evidence: `${envFile} has no AUTH_PROVIDER: golive cannot tell whether the app asks for a login` };
  const ok = providerIsSet(value);
  return { status: ok ? 'pass' : 'fail', evidence: ok ? `AUTH_PROVIDER=${value} in ${envFile}` : `AUTH_PROVIDER=${value || '(empty)'} in ${envFile}: the app runs without authentication` };
}

function authRequired(value: string | undefined, envFile: string): Finding {
  if (value === undefined) return { status: 'warn', evidence: `${envFile} has no AUTH_REQUIRED` };
  const ok = loginIsRequired(value);
  return { status: ok ? 'pass' : 'fail', evidence: ok ? `AUTH_REQUIRED=true in ${envFile}` : `AUTH_REQUIRED=${value || '(empty)'} in ${envFile}: requests without a login are let in` };
}

function gitFinding(envFile: string, git: GitFacts | null): Finding {
  if (!git) return { status: 'pass', evidence: `${envFile} is not in a git work tree` };
  if (git.tracked) return { status: 'fail', evidence: `${envFile} is tracked by git in ${git.top}: its values are in the repository` };
  return git.ignored ? { status: 'pass', evidence: `${envFile} is ignored by git in ${git.top}, not tracked` } : { status: 'fail', evidence: `${envFile} is not ignored by git in ${git.top}: one \`git add .\` commits it` };
}
