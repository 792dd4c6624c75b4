import { join } from 'node:path';
import { GOLIVE_BIN } from '../helpers/test-server.js';
import { Tmux } from '../helpers/tmux.js';
import { type Drill, expect, Lost } from './drill.js';
import type { DrillServer } from './drill-server.js';

/**
 * Bad values typed into the wizard's answer fields (in tmux, 80x24): each field shows a reason that
 * names it, "Continue to the preview" refuses to go on, and /etc is as it was once the wizard quits.
 */

interface WizardInput {
  readonly step: string;
  /** Which field of the step's answers screen: Down presses from the first. */
  readonly field: number;
  readonly value: string;
  readonly message: RegExp;
}

export const WIZARD_INPUTS: readonly WizardInput[] = [
  { step: 'secrets', field: 0, value: '/etc/app.env', message: /secrets\.envFile: \/etc\/app\.env/ },
  { step: 'secrets', field: 1, value: 'app', message: /secrets\.owner: "app" is not user:group/ },
  { step: 'firewall', field: 0, value: '22/tcp 80/sctp', message: /firewall\.allow: "80\/sctp"/ },
  { step: 'firewall', field: 1, value: '6379/tcp;reboot', message: /firewall\.deny/ },
  { step: 'ssh', field: 0, value: 'bob;rm', message: /ssh\.allowUsers: "bob;rm" is not a valid user name/ },
  { step: 'ssh', field: 2, value: '70000', message: /ssh\.port: "?70000"? is not a port/ },
  { step: 'fail2ban', field: 0, value: '0', message: /fail2ban\.bantime: 0 is not a whole number/ },
  { step: 'fail2ban', field: 2, value: '101', message: /fail2ban\.maxretry: 101 is not a whole number/ },
  { step: 'updates', field: 1, value: '25:00', message: /updates\.rebootTime: "25:00" is not a time/ },
  { step: 'backup', field: 7, value: '/home', message: /backup\.dir: "\/home" is a system folder/ },
  { step: 'backup', field: 8, value: '61 2 * * *', message: /backup\.schedule: "61 2 \* \* \*" is not a cron schedule/ },
  { step: 'backup', field: 9, value: '0', message: /backup\.retentionDays: "0" is not a number of days/ },
];

/** Types each bad value as a case of `drill`; then one more case: /etc as it was. */
export async function tryWizardFields(target: DrillServer, drill: Drill, inputs: readonly WizardInput[] = WIZARD_INPUTS): Promise<void> {
  const etcBefore = await target.server.snapshot('/etc');
  const { golive } = target;
  const terminal = await Tmux.start(`golive-drill-${process.pid}`, ['env', `GOLIVE_SETTINGS_DIR=${join(golive.home, 'settings')}`, 'SSH_AUTH_SOCK=', 'node', GOLIVE_BIN, ...golive.args('deploy')], undefined, golive.home);
  try {
    await terminal.waitFor(/Run all pending/, 60_000);
    for (const input of inputs) {
      await drill.case(`${input.step} field ${input.field + 1}: ${JSON.stringify(input.value)}`, 60_000, async () => {
        try {
          await typeInto(terminal, input);
        } finally {
          // Back to the checklist, whatever happened, for the next case.
          await terminal.press('Escape');
          await terminal.waitFor(/Run all pending/);
        }
      });
    }
  } finally {
    await terminal.press('q');
    await terminal.press('y');
    await terminal.stop();
  }
  await drill.case('/etc as it was after the wizard quit', 30_000, async () => {
    if ((await target.server.snapshot('/etc')) !== etcBefore) throw new Lost('/etc changed');
  });
}

/** Opens the step's answers, types the value into the field, and checks it is refused there. */
async function typeInto(terminal: Tmux, input: WizardInput): Promise<void> {
  await choose(terminal, `Run ${input.step}`);
  await terminal.waitFor(/\(1\/1\)/);
  for (let i = 0; i < input.field; i += 1) await terminal.press('Down');
  // The field's text as it stands (prefilled), erased one character at a time as a person would.
  const current = /^› .*?: (.*)$/m.exec(await terminal.screen())?.[1]?.trimEnd() ?? '';
  await terminal.press(...Array<string>(current.length + 1).fill('BSpace'));
  await terminal.type(input.value);
  const screen = await terminal.waitFor(input.message, 10_000).catch(async () => {
    throw new Error(`the field does not say ${input.message}:\n${await terminal.screen()}`);
  });
  expect(screen.includes(input.value), 'the value typed is not on the screen');
  // Continue must refuse: still the answers screen, no preview.
  for (let i = 0; i < 12; i += 1) await terminal.press('Down');
  await terminal.press('Enter');
  const after = await terminal.screen();
  expect(/› \[ Continue to the preview \]/.test(after) && input.message.test(after), `Continue went on:\n${after}`);
}

/** Moves the checklist's cursor to the item, from the top, then picks it. */
async function choose(terminal: Tmux, label: string): Promise<void> {
  for (let i = 0; i < 10; i += 1) await terminal.press('Up');
  for (let i = 0; i < 10 && !(await terminal.screen()).includes(`❯ ${label}`); i += 1) await terminal.press('Down');
  await terminal.waitFor(new RegExp(`❯ ${label}`));
  await terminal.press('Enter');
}
