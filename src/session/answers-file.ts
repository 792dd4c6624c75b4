import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { AnyStep, StepId } from '../engine/types.js';
import { InputError } from '../errors.js';
import { readSection } from '../answers/section.js';
import { validateHostName, validatePort, validateUserName } from '../answers/validators.js';

/**
 * golive.yml: one top-level key per step id (camelCase answers below it) and an optional
 * `target:` with host, port, user and identity. Every key is checked; an unknown one is an error
 * that names it, before anything reaches a server.
 */

export interface TargetAnswers {
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly identity?: string;
}

/** `audit:` — where the audit looks beyond the steps' answers. */
export interface AuditAnswers {
  /** The app's compose file (default: a docker-compose.yml or compose.yaml beside secrets.envFile). */
  readonly composeFile?: string;
}

export interface AnswersFile {
  readonly target: TargetAnswers;
  readonly audit: AuditAnswers;
  readonly steps: Partial<Record<StepId, unknown>>;
}

export function parseAnswers(text: string, source: string, steps: readonly AnyStep[]): AnswersFile {
  try {
    return parseAnswersText(text, steps);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${source}: ${error.message}`, error.hint);
    throw error;
  }
}

function parseAnswersText(text: string, registry: readonly AnyStep[]): AnswersFile {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new InputError(document.errors[0]!.message);
  const raw: unknown = document.toJS() ?? {};
  const top = readSection(raw, '', ['target', 'audit', ...registry.map((step) => step.id)]);
  const audit = readSection(top.audit, 'audit', ['composeFile']);
  if (audit.composeFile !== undefined && (typeof audit.composeFile !== 'string' || !audit.composeFile.startsWith('/'))) {
    throw new InputError(`audit.composeFile: ${JSON.stringify(audit.composeFile)} is not an absolute path on the server`);
  }
  const target = readSection(top.target, 'target', ['host', 'port', 'user', 'identity']);
  if (target.identity !== undefined && typeof target.identity !== 'string') throw new InputError('target.identity must be a file path');
  const steps: Partial<Record<StepId, unknown>> = {};
  for (const step of registry) {
    if (top[step.id] === undefined) continue;
    step.parseAnswers(top[step.id], step.id);
    steps[step.id] = top[step.id];
  }
  return {
    target: {
      host: target.host === undefined ? undefined : validateHostName(target.host, 'target.host'),
      port: target.port === undefined ? undefined : validatePort(target.port, 'target.port'),
      user: target.user === undefined ? undefined : validateUserName(target.user, 'target.user'),
      identity: target.identity as string | undefined,
    },
    audit: { composeFile: audit.composeFile as string | undefined },
    steps,
  };
}

export function loadAnswersFile(path: string, steps: readonly AnyStep[]): AnswersFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`--config: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseAnswers(text, path, steps);
}
