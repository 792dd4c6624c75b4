import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { prepareSixSteps, sixStepAnswers, whereOnServer, writeAnswers } from '../helpers/six-steps.js';
import { atTerminal, type TerminalRun } from '../helpers/terminal.js';
import { e2eUnavailable, GoliveRunner, TestServer } from '../helpers/test-server.js';

const skip = e2eUnavailable();

/** Unguessable, so a match anywhere on the server can only be this password. */
const PASSWORD = `ops-pw-${randomBytes(12).toString('hex')}`;
const PROMPT = 'sudo password for ops';
/** The folders golive writes to, and the journal's. */
const SCANNED = ['/etc', '/srv', '/var/lib/golive', '/var/backups', '/usr/local', '/root', '/home', '/tmp', '/backups'];

describe('sudo with a password: the password reaches sudo and nothing else', { skip }, () => {
  let server: TestServer;
  let golive: GoliveRunner;

  /** A sudoers drop-in, checked by visudo before it is put in place, as an admin would. */
  const sudoers = async (name: string, text: string) => {
    await server.exec(['sh', '-c', 'cat >/root/sudoers.new && chmod 0440 /root/sudoers.new'], text);
    await server.sh(`visudo -cf /root/sudoers.new && mv /root/sudoers.new /etc/sudoers.d/${name}`);
  };
  const applyAsOps = () => atTerminal(golive, golive.args('ops', ['apply', '--yes']), PROMPT, PASSWORD);
  const assertNowhere = async (run: TerminalRun) => {
    assert.equal(await whereOnServer(server, [PASSWORD], SCANNED), '', 'the password is on the server');
    assert.ok(!run.screen.includes(PASSWORD), `golive printed the password:\n${run.screen}`);
  };

  before(async () => {
    // A run of every step installs the baseline step's packages.
    server = await TestServer.boot('e2e-sudo-pw', 49, { aptProxy: true });
    golive = new GoliveRunner(server);
    const key = await prepareSixSteps(server, PASSWORD);
    // A real sudoers setting: one sudo credential cache for all of ops's sessions.
    await sudoers('ops-timestamp', 'Defaults:ops timestamp_type=global\n');
    writeAnswers(golive, sixStepAnswers(key));
    await golive.run(golive.args('deploy', ['history', '--accept-new-host-key']));
  });
  after(() => server?.destroy());

  it('applies every step as ops with sudo\'s cache shared by all sessions, and the password lands nowhere', async () => {
    const run = await applyAsOps();
    await assertNowhere(run);
    assert.equal(run.exitCode, 0, run.screen);
    assert.equal(run.screen.match(new RegExp(PROMPT, 'g'))?.length, 1);
    for (const step of ['firewall', 'fail2ban', 'updates', 'ssh', 'secrets', 'backup']) assert.match(run.screen, new RegExp(`^== ${step}: `, 'm'), `${step} is not in the run`);
    assert.match(run.screen, /^applied and verified \(run /m);
    // golive neither used nor filled sudo's cache: ops still needs the password.
    assert.notEqual((await server.exec(['runuser', '-u', 'ops', '--', 'sudo', '-n', 'true'])).exitCode, 0, "golive left ops's sudo credentials cached");
  });

  it('refuses to go on when sudo runs its command without asking for the password (NOPASSWD for sh), and the password lands nowhere', async () => {
    // A realistic mistake: a rule meant for scripts that lets ops run a shell as root without a
    // password. env too: it was the command sudo saw before golive put its guard in front.
    await sudoers('ops-shell', 'ops ALL=(ALL) NOPASSWD: /usr/bin/sh, /bin/sh, /usr/bin/env\n');
    writeAnswers(golive, 'firewall:\n  allow: [22/tcp, 80, 443/tcp, 8080]\n');
    const run = await atTerminal(golive, golive.args('ops', ['apply', '--only', 'firewall', '--yes']), PROMPT, PASSWORD);
    await assertNowhere(run);
    assert.equal(run.exitCode, 1, run.screen);
    assert.match(run.screen, /sudo ran golive's command for ops without asking for the password/);
    assert.doesNotMatch(await server.sh('ufw status'), /8080/);
  });
});
