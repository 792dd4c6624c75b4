import { existsSync } from 'node:fs';
import type { AnyStep } from '../engine/types.js';
import { type AnswersFile, loadAnswersFile } from './answers-file.js';
import { answersFilePath, type SessionRequest } from './request.js';

/** The answers file named by --config (which must exist), or ./golive.yml when there is one; else none. */
export function loadAnswers(request: Pick<SessionRequest, 'config'>, steps: readonly AnyStep[]): AnswersFile {
  const path = answersFilePath(request);
  return request.config !== undefined || existsSync(path) ? loadAnswersFile(path, steps) : { target: {}, audit: {}, steps: {} };
}
