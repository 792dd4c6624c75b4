import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLIVE_BIN, GoliveRunner, REPO_ROOT, TestServer } from '../helpers/test-server.js';
import { Tmux } from '../helpers/tmux.js';
import { screenToSvg } from './ansi-svg.js';

/**
 * The README's pictures of the wizard, from a real run: golive in tmux against a throwaway test
 * server (a stock Debian 12 with a cloud image's SSH drop-in), the screens captured with their
 * colours and drawn as SVG into docs/pictures/. Run: npm run pictures (as root: it boots a server).
 */

const SIZE = { columns: 100, rows: 38 };
const OUTPUT = join(REPO_ROOT, 'docs', 'pictures');

execFileSync('bash', [join(REPO_ROOT, 'scripts', 'testserver', 'setup-host.sh')], { stdio: 'inherit' });
const server = await TestServer.boot('golive-pictures', 202, { cloudDropIn: true });
const golive = new GoliveRunner(server);
const terminal = await Tmux.start(
  `golive-pictures-${process.pid}`,
  ['env', `GOLIVE_SETTINGS_DIR=${join(golive.home, 'settings')}`, 'SSH_AUTH_SOCK=', 'TERM=xterm-256color', 'node', GOLIVE_BIN, ...golive.args('deploy', ['--accept-new-host-key'])],
  SIZE,
);
try {
  mkdirSync(OUTPUT, { recursive: true });
  await terminal.waitFor(/go-live audit: \d+ pass/, 60_000);
  await picture('wizard-checklist.svg', 'golive: the go-live checklist with the live state of a stock Debian 12 server');
  await terminal.choose('Run ssh');
  await terminal.waitFor(/Users allowed to log in over SSH: deploy/);
  await terminal.continueToPreview();
  await terminal.waitFor(/file: \/etc\/ssh\/sshd_config\.d\/00-golive\.conf/);
  await picture('wizard-preview.svg', "golive: the ssh step's preview, a unified diff of every file and each command, before anything changes");
} finally {
  await terminal.stop();
  await server.destroy();
}

/** Waits for the screen to settle (a spinner, a late line), then draws it. */
async function picture(name: string, title: string): Promise<void> {
  let previous = '';
  let screen = await terminal.colouredScreen();
  for (let i = 0; i < 20 && screen !== previous; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    [previous, screen] = [screen, await terminal.colouredScreen()];
  }
  writeFileSync(join(OUTPUT, name), screenToSvg(screen, SIZE.columns, title));
  console.log(`docs/pictures/${name}`);
}
