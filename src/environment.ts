/**
 * Everything golive reads from its environment, read once by the CLI and handed down: the engine,
 * the targets and the wizard never look at process.env themselves, so what they do is decided by
 * their arguments alone (and tests can say what the environment is).
 */
export interface Environment {
  /** CI is set: nobody is there to be asked. */
  readonly ci: boolean;
  /** NO_COLOR is not set and the terminal is not dumb. */
  readonly colorAllowed: boolean;
  readonly sshAgentSocket: string | undefined;
  readonly settingsDir: string | undefined;
  /** How long the server waits for golive to confirm a risky run before undoing it by itself. */
  readonly confirmSeconds: number;
  /** On the server itself: the user who ran golive through sudo. */
  readonly sudoUser: string | undefined;
  /** On the server itself: golive runs in an SSH session (so one is at stake). */
  readonly inSshSession: boolean;
  /** GOLIVE_TEST_PAUSE: the end-to-end tests stop golive dead there. */
  readonly testPause: string | undefined;
}

export const DEFAULT_CONFIRM_SECONDS = 120;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    ci: Boolean(env.CI),
    colorAllowed: !('NO_COLOR' in env) && env.TERM !== 'dumb',
    sshAgentSocket: env.SSH_AUTH_SOCK || undefined,
    settingsDir: env.GOLIVE_SETTINGS_DIR || undefined,
    confirmSeconds: Number(env.GOLIVE_CONFIRM_SECONDS) || DEFAULT_CONFIRM_SECONDS,
    sudoUser: env.SUDO_USER || undefined,
    inSshSession: Boolean(env.SSH_CONNECTION),
    testPause: env.GOLIVE_TEST_PAUSE || undefined,
  };
}
