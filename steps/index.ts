import type { AnyStep, StepId } from '../src/engine/types.js';
import { sshStep } from './ssh.js';

/** The steps golive implements, in the order they run. */
export const STEPS: readonly AnyStep[] = [sshStep];

export function stepById(id: StepId): AnyStep | undefined {
  return STEPS.find((step) => step.id === id);
}
