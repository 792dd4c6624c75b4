import type { AnswersFile } from '../session/answers-file.js';

/** How a host's target reads before golive has connected to it: user@host[:port]. */
export function targetOf(answers: AnswersFile): string {
  const { user, host, port } = answers.target;
  return `${user ? `${user}@` : ''}${host ?? ''}${port && port !== 22 ? `:${port}` : ''}`;
}
