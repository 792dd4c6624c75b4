import { existsSync } from 'node:fs';
import type { AnyStep } from '../engine/types.js';
import { type AnswersFile, checkStepAnswers, NO_ANSWERS, readAnswersFile, type UncheckedAnswers } from './answers-file.js';
import { answersFilePath, type SessionRequest } from './request.js';

/** The answers file named by --config (which must exist), or ./golive.yml when there is one; else none. */
export function readAnswers(request: Pick<SessionRequest, 'config'>): UncheckedAnswers {
  const path = answersFilePath(request);
  return request.config !== undefined || existsSync(path) ? readAnswersFile(path) : NO_ANSWERS;
}

/** The same, every step's section checked. */
export function loadAnswers(request: Pick<SessionRequest, 'config'>, steps: readonly AnyStep[]): AnswersFile {
  return checkStepAnswers(readAnswers(request), steps);
}
