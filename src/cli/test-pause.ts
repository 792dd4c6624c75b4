import { writeSync } from 'node:fs';
import type { ApplyEvent, PausePoint } from '../engine/apply.js';

/**
 * GOLIVE_TEST_PAUSE (read by the CLI with the rest of the environment): the end-to-end tests and
 * the recovery drills stop golive dead at a point of an apply, then kill it, to prove a killed run
 * can be undone. Nothing happens without the variable.
 *
 *   after-first-change | before-login-check   points the engine knows (ApplyHooks.pause)
 *   action:N                                  the N-th action boundary, counted from the engine's
 *                                             events: 1 is before the first action, N > 1 right
 *                                             after action N-1 is done
 */

export interface EnginePause {
  readonly at: PausePoint;
  readonly forever: () => Promise<never>;
}

/** The engine's own pause points: golive waits there, idle, until it is killed. */
export function enginePause(at: string | undefined, say: (text: string) => void): EnginePause | undefined {
  if (at !== 'after-first-change' && at !== 'before-login-check') return undefined;
  return {
    at,
    forever: () => {
      say(`golive: paused ${at} (GOLIVE_TEST_PAUSE)`);
      return new Promise<never>(() => {
        setInterval(() => {}, 1 << 30);
      });
    },
  };
}

/** `action:N`: an event listener that freezes the whole process at that boundary. */
export function actionBoundaryPause(setting: string | undefined): ((event: ApplyEvent) => void) | undefined {
  const match = /^action:([1-9]\d*)$/.exec(setting ?? '');
  if (!match) return undefined;
  const boundary = Number(match[1]);
  let started = 0;
  let done = 0;
  return (event) => {
    if (event.type !== 'action') return;
    if (event.state === 'started') started += 1;
    if (event.state === 'done') done += 1;
    const reached = boundary === 1 ? event.state === 'started' && started === 1 : event.state === 'done' && done === boundary - 1;
    if (reached) freeze(`golive: paused at action boundary ${boundary} (GOLIVE_TEST_PAUSE)`);
  };
}

/**
 * Says so, then blocks the event loop for good: no timer, no reply, no heartbeat runs again, as if
 * the process had been killed at this instant — which the test does next.
 */
function freeze(text: string): never {
  writeSync(2, `${text}\n`);
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
