import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { type AnyStep, STEP_IDS, type StepId } from '../engine/types.js';
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

/**
 * An answers file checked as far as it can be without the steps' code: its YAML, its top-level
 * keys, the target and the audit; each step's section is checked by checkStepAnswers. An inventory
 * merges these sections (golive.yml's, a group's, a host's) before they are checked.
 */
export interface UncheckedAnswers {
  /** What an error names: the file, and where in it. */
  readonly source: string;
  readonly target: TargetAnswers;
  readonly audit: AuditAnswers;
  readonly sections: Partial<Record<StepId, Record<string, unknown>>>;
}

export const NO_ANSWERS: UncheckedAnswers = { source: 'no answers file', target: {}, audit: {}, sections: {} };

export function parseAnswers(text: string, source: string, steps: readonly AnyStep[]): AnswersFile {
  return checkStepAnswers(readAnswersText(text, source), steps);
}

export function readAnswersText(text: string, source: string): UncheckedAnswers {
  return naming(source, () => readAnswersObject(parseYaml(text), source));
}

/** The YAML document as plain data; a syntax error or a key given twice is an input error. */
export function parseYaml(text: string): unknown {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new InputError(document.errors[0]!.message);
  return document.toJS() ?? {};
}

/** Answers given as data: `extraKeys` (an inventory's group's `hosts`) are allowed beside the answers, and left out. */
export function readAnswersObject(raw: unknown, source: string, path = '', extraKeys: readonly string[] = []): UncheckedAnswers {
  const at = (key: string) => (path === '' ? key : `${path}.${key}`);
  const top = readSection(raw, path, [...extraKeys, ...ANSWERS_KEYS]);
  const audit = readSection(top.audit, at('audit'), ['composeFile']);
  if (audit.composeFile !== undefined && (typeof audit.composeFile !== 'string' || !audit.composeFile.startsWith('/'))) {
    throw new InputError(`${at('audit.composeFile')}: ${JSON.stringify(audit.composeFile)} is not an absolute path on the server`);
  }
  const target = readSection(top.target, at('target'), ['host', 'port', 'user', 'identity']);
  if (target.identity !== undefined && typeof target.identity !== 'string') throw new InputError(`${at('target.identity')} must be a file path`);
  const sections: Partial<Record<StepId, Record<string, unknown>>> = {};
  for (const id of STEP_IDS) if (top[id] !== undefined) sections[id] = readSection(top[id], at(id), Object.keys(top[id] ?? {}));
  return {
    source,
    target: {
      host: target.host === undefined ? undefined : validateHostName(target.host, at('target.host')),
      port: target.port === undefined ? undefined : validatePort(target.port, at('target.port')),
      user: target.user === undefined ? undefined : validateUserName(target.user, at('target.user')),
      identity: target.identity as string | undefined,
    },
    audit: { composeFile: audit.composeFile as string | undefined },
    sections,
  };
}

/** Each step's section checked by that step; a section of a step golive is not built with is unknown. */
export function checkStepAnswers(file: UncheckedAnswers, registry: readonly AnyStep[]): AnswersFile {
  return naming(file.source, () => {
    readSection(file.sections, '', ['target', 'audit', ...registry.map((step) => step.id)]);
    const steps: Partial<Record<StepId, unknown>> = {};
    for (const step of registry) {
      if (file.sections[step.id] === undefined) continue;
      step.parseAnswers(file.sections[step.id], step.id);
      steps[step.id] = file.sections[step.id];
    }
    return { target: file.target, audit: file.audit, steps };
  });
}

const ANSWERS_KEYS = ['target', 'audit', ...STEP_IDS];

/** An input error names where it is. */
export function naming<T>(source: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${source}: ${error.message}`, error.hint);
    throw error;
  }
}

export function readAnswersFile(path: string): UncheckedAnswers {
  return readAnswersText(readTextFile(path, '--config'), path);
}

/** A file of answers (golive.yml, an inventory), named by `option` when it cannot be read. */
export function readTextFile(path: string, option: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${option}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return text;
}
