import Conf from 'conf';
import type { StepId } from '../engine/types.js';

/**
 * Local settings on the admin's machine: the last answers per host and the runs made there.
 * Answers that are secrets never come here (no step's answers are secrets; the secrets step keeps
 * its generated values on the server only).
 */

interface Stored {
  hosts: Record<string, { lastAnswers?: Partial<Record<StepId, unknown>>; runs?: string[] }>;
}

export class Settings {
  readonly #store: Conf<Stored>;

  constructor(directory: string | undefined) {
    this.#store = new Conf<Stored>({ projectName: 'golive', projectSuffix: '', cwd: directory, defaults: { hosts: {} } });
  }

  get path(): string {
    return this.#store.path;
  }

  lastAnswers(host: string): Partial<Record<StepId, unknown>> {
    return this.#store.get('hosts')[host]?.lastAnswers ?? {};
  }

  remember(host: string, answers: Partial<Record<StepId, unknown>>, runId: string | undefined): void {
    const hosts = this.#store.get('hosts');
    const entry = hosts[host] ?? {};
    hosts[host] = {
      lastAnswers: { ...entry.lastAnswers, ...answers },
      runs: runId ? [...(entry.runs ?? []), runId].slice(-50) : entry.runs,
    };
    this.#store.set('hosts', hosts);
  }
}
