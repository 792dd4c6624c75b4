import { createInterface } from 'node:readline';
import type { Environment } from './environment.js';

/**
 * How golive asks a person something outside the wizard. `canAsk` is decided once: a person can be
 * asked only when standard input and output are terminals and this is not CI. When nobody can be
 * asked, callers fail with an error that names the flag to pass instead.
 */
export interface Interaction {
  readonly canAsk: boolean;
  confirm(question: string): Promise<boolean>;
  askSecret(question: string): Promise<string>;
}

export function personIsPresent(environment: Pick<Environment, 'ci'>): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY && !environment.ci);
}

export const nobodyToAsk: Interaction = {
  canAsk: false,
  confirm: () => Promise.reject(new Error('nobody can be asked')),
  askSecret: () => Promise.reject(new Error('nobody can be asked')),
};

export function terminalInteraction(): Interaction {
  return {
    canAsk: true,
    async confirm(question) {
      const answer = await ask(`${question} [y/N] `, false);
      return /^y(es)?$/i.test(answer.trim());
    },
    askSecret: (question) => ask(question, true),
  };
}

function ask(question: string, secret: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (secret) {
    // Echo nothing of what is typed: the prompt is written once, keystrokes are not.
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    let prompted = false;
    output._writeToOutput = (text: string) => {
      if (!prompted) process.stdout.write(text);
      prompted = true;
    };
  }
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      if (secret) process.stdout.write('\n');
      rl.close();
      resolve(answer);
    });
  });
}
