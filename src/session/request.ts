import type { StepId } from '../engine/types.js';

/** What the admin asked for on the command line: the same for a command and for the wizard. */
export interface SessionRequest {
  readonly host: string | undefined;
  readonly identity: string | undefined;
  readonly knownHosts: string | undefined;
  readonly acceptNewHostKey: boolean;
  /** The answers file; undefined: ./golive.yml when there is one. */
  readonly config: string | undefined;
  /** The steps to take; undefined: all, leaving out those nobody gave answers for. */
  readonly only: readonly StepId[] | undefined;
  /** `--rotate NAME`: secrets to replace even when strong. */
  readonly rotate: readonly string[];
}

/** Where answers are read from and saved to: --config, else ./golive.yml. */
export function answersFilePath(request: Pick<SessionRequest, 'config'>): string {
  return request.config ?? 'golive.yml';
}
