import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isScalar, parseDocument } from 'yaml';
import type { AnyStep, StepId } from '../engine/types.js';
import { InputError } from '../errors.js';
import { parseAnswers } from './answers-file.js';

/**
 * Writes answers into golive.yml. An existing file keeps its comments, order and other keys: only
 * the answered keys are set, through yaml's Document API. The result is checked like any answers
 * file before it replaces the old one (written to a temporary file, then renamed).
 */
const YAML_11_BOOLEANS = /^(y|n|yes|no|on|off|true|false)$/i;

export function saveAnswers(path: string, answers: Partial<Record<StepId, Readonly<Record<string, unknown>>>>, steps: readonly AnyStep[]): void {
  const document = parseDocument(existsSync(path) ? readFileSync(path, 'utf8') : '');
  if (document.errors.length > 0) throw new InputError(`${path}: ${document.errors[0]!.message}`, 'fix the YAML, or save the answers to another file');
  if (document.contents === null) document.contents = document.createNode({}) as never;
  for (const [stepId, values] of Object.entries(answers)) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value === undefined) continue;
      const node = document.createNode(value, { flow: Array.isArray(value) });
      // "no" is a boolean to YAML 1.1 readers: quote it, as a person would (pitfall: PermitRootLogin no).
      if (isScalar(node) && typeof value === 'string' && YAML_11_BOOLEANS.test(value)) node.type = 'QUOTE_DOUBLE';
      document.setIn([stepId, key], node);
    }
  }
  const text = document.toString();
  parseAnswers(text, path, steps);
  const temporary = `${path}.golive-${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, path);
}
