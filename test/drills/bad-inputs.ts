import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { APP_ENV } from '../helpers/six-steps.js';
import { testKey } from '../helpers/test-server.js';
import { Drill, expect, Lost } from './drill.js';
import type { DrillServer } from './drill-server.js';

/**
 * A corpus of bad inputs — flags, and every section of golive.yml — each given to a command that
 * would otherwise change the server (`apply --yes` of all six steps, mostly). Each must exit 1 with
 * a message that names the field, print no stack trace, record no run, and leave /etc as it was.
 */

type Answers = Record<string, Record<string, unknown>>;

export interface BadInput {
  readonly name: string;
  /** The message must match: it names the field. */
  readonly field: RegExp;
  /** golive's arguments after the target's; default `apply --yes`. */
  readonly args?: readonly string[];
  /** Replaces the target's arguments (--host cases). */
  readonly rawArgs?: (address: string) => readonly string[];
  /** Changes to the six steps' good answers, section by section (a key set to undefined is left out). */
  readonly answers?: Answers;
  /** The answers file's text, as is. */
  readonly yaml?: string;
}

export function goodAnswers(target: DrillServer): Answers {
  return {
    ssh: { allowUsers: ['deploy', 'ops'] },
    firewall: { allow: ['22/tcp', 80, '443/tcp'] },
    updates: { rebootTime: '04:30' },
    secrets: { envFile: APP_ENV },
    backup: { database: 'shop', gpgPublicKeyFile: target.key.publicKeyFile, gpgRecipient: target.key.email },
  };
}

const flags: BadInput[] = [
  { name: '--host port 99999', field: /--host port: "99999" is not a port/, rawArgs: (a) => ['plan', '--host', `deploy@${a}:99999`] },
  { name: '--host port 0', field: /--host port/, rawArgs: (a) => ['plan', '--host', `deploy@${a}:0`] },
  { name: '--host with a space', field: /--host/, rawArgs: (a) => ['plan', '--host', `deploy@${a} x`] },
  { name: '--host that is an ssh option', field: /--host/, rawArgs: () => ['plan', '--host', '-oProxyCommand=touch /tmp/pwned'] },
  { name: '--host with a bad user name', field: /--host/, rawArgs: (a) => ['plan', '--host', `Bad;User@${a}`] },
  { name: '--host with no host', field: /--host/, rawArgs: () => ['plan', '--host', 'deploy@'] },
  { name: '--host IPv6 without its bracket', field: /--host/, rawArgs: () => ['plan', '--host', '[::1:22'] },
  { name: '--identity that does not exist', field: /--identity: cannot read \/nonexistent\/id_ed25519/, rawArgs: (a) => ['apply', '--yes', '--host', `deploy@${a}`, '--identity', '/nonexistent/id_ed25519'] },
  { name: '--identity that is a public key', field: /--identity: .* public key/, rawArgs: (a) => ['apply', '--yes', '--host', `deploy@${a}`, '--identity', testKey().publicKeyFile] },
  { name: '--only with an unknown step', field: /--only: unknown step "sssh"/, args: ['apply', '--yes', '--only', 'sssh'] },
  { name: '--only empty', field: /--only/, args: ['apply', '--yes', '--only', ''] },
  { name: '--rotate with a bad name', field: /--rotate: "bad name" is not a variable name/, args: ['apply', '--yes', '--rotate', 'bad name'] },
  { name: '--rotate a name the step does not write', field: /--rotate NOT_A_SECRET/, args: ['apply', '--yes', '--rotate', 'NOT_A_SECRET'] },
  { name: '--rotate with rollback', field: /--rotate/, args: ['rollback', '--yes', '--rotate', 'SECRET_KEY'] },
  { name: '--rotate without the secrets step', field: /--rotate/, args: ['apply', '--yes', '--only', 'ssh', '--rotate', 'SECRET_KEY'] },
  { name: 'an unknown option', field: /--bogus/, args: ['apply', '--yes', '--bogus'] },
  { name: 'an unknown command', field: /unknown command "aply"/, args: ['aply', '--yes'] },
  { name: 'a second argument to apply', field: /unexpected argument "now"/, args: ['apply', 'now', '--yes'] },
  { name: 'rollback of a run id that is not one', field: /"\.\.\/\.\.\/etc" is not a run id/, args: ['rollback', '../../etc', '--yes'] },
  { name: 'test-restore without --private-key', field: /--private-key/, args: ['test-restore'] },
  { name: 'test-restore with a private key that does not exist', field: /--private-key|\/nonexistent\/private\.asc/, args: ['test-restore', '--private-key', '/nonexistent/private.asc'] },
  { name: '--config that does not exist', field: /--config: cannot read \/nonexistent\/golive\.yml/, args: ['apply', '--yes', '--config', '/nonexistent/golive.yml'] },
];

const answersFile: BadInput[] = [
  { name: 'YAML that does not parse', field: /golive\.yml/, yaml: 'ssh:\n  allowUsers: [deploy\n' },
  { name: 'a list instead of a mapping', field: /expected a mapping/, yaml: '- ssh\n- firewall\n' },
  { name: 'an unknown section', field: /sshh/, answers: { sshh: { port: 22 } } },
  { name: 'target.host not a host', field: /target\.host/, answers: { target: { host: 'bad host!' } } },
  { name: 'target.port out of range', field: /target\.port/, answers: { target: { port: 70000 } } },
  { name: 'target.user not a user name', field: /target\.user/, answers: { target: { user: 'Root; reboot' } } },
  { name: 'target: an unknown key', field: /target\.hots/, answers: { target: { hots: 'example.com' } } },
  { name: 'ssh: a misspelt key', field: /unknown key ssh\.alowUsers/, answers: { ssh: { alowUsers: ['deploy'] } } },
  { name: 'ssh.allowUsers with shell metacharacters', field: /ssh\.allowUsers: "bob;rm -rf \/" is not a valid user name/, answers: { ssh: { allowUsers: ['bob;rm -rf /'] } } },
  { name: 'ssh.allowUsers not a list', field: /ssh\.allowUsers/, answers: { ssh: { allowUsers: 42 } } },
  { name: 'ssh.allowUsers a user with no key', field: /nokey/, answers: { ssh: { allowUsers: ['deploy', 'nokey'] } } },
  { name: 'ssh.allowUsers a user who does not exist', field: /ghost/, answers: { ssh: { allowUsers: ['deploy', 'ghost'] } } },
  { name: 'ssh.permitRootLogin yes', field: /ssh\.permitRootLogin/, answers: { ssh: { permitRootLogin: 'yes' } } },
  { name: 'ssh.permitRootLogin gibberish', field: /ssh\.permitRootLogin/, answers: { ssh: { permitRootLogin: 'sometimes' } } },
  { name: 'ssh.port 0', field: /ssh\.port: 0 is not a port/, answers: { ssh: { port: 0 } } },
  { name: 'ssh.port 65536', field: /ssh\.port: 65536 is not a port/, answers: { ssh: { port: 65536 } } },
  { name: 'ssh.port not a number', field: /ssh\.port: "twenty-two" is not a port/, answers: { ssh: { port: 'twenty-two' } } },
  { name: 'firewall.allow a protocol ufw does not know', field: /firewall\.allow/, answers: { firewall: { allow: ['22/tcp', '80/sctp'] } } },
  { name: 'firewall.allow port 70000', field: /firewall\.allow/, answers: { firewall: { allow: ['22/tcp', 70000] } } },
  { name: 'firewall.allow with shell metacharacters', field: /firewall\.allow/, answers: { firewall: { allow: ['22/tcp', '80; reboot'] } } },
  { name: 'firewall.allow without the SSH port', field: /firewall\.allow|22/, answers: { firewall: { allow: ['80/tcp', '443/tcp'] } } },
  { name: 'firewall.allow a mapping', field: /firewall\.allow: expected a list of port rules/, answers: { firewall: { allow: { port: 22 } } } },
  { name: 'firewall.deny also allowed', field: /firewall.*443\/tcp is both allowed and denied/, answers: { firewall: { allow: ['22/tcp', '443/tcp'], deny: ['443/tcp'] } } },
  { name: 'firewall.deny the SSH port', field: /firewall\.(deny|allow)|22/, answers: { firewall: { deny: ['22/tcp'] } } },
  { name: 'firewall.limitSsh not a boolean', field: /firewall\.limitSsh/, answers: { firewall: { limitSsh: 'yes please' } } },
  { name: 'updates.rebootTime 25:00', field: /updates\.rebootTime: "25:00" is not a time/, answers: { updates: { rebootTime: '25:00' } } },
  { name: 'updates.rebootTime 3am', field: /updates\.rebootTime/, answers: { updates: { rebootTime: '3am' } } },
  { name: 'updates.automaticReboot not a boolean', field: /updates\.automaticReboot/, answers: { updates: { automaticReboot: 'maybe' } } },
  { name: 'updates: an unknown key', field: /updates\.rebooTime/, answers: { updates: { rebooTime: '03:00' } } },
  { name: 'baseline.auditd not a boolean', field: /baseline\.auditd/, answers: { baseline: { auditd: 'maybe' } } },
  { name: 'baseline.banner with an escape sequence', field: /baseline\.banner: the banner holds a control character \(U\+001B\)/, answers: { baseline: { banner: 'Private\u001b[2J' } } },
  { name: 'baseline: an unknown key', field: /baseline\.audit\b/, answers: { baseline: { audit: true } } },
  { name: 'ssh.forwarding not a boolean', field: /ssh\.forwarding/, answers: { ssh: { forwarding: 'sometimes' } } },
  { name: 'secrets.envFile relative', field: /secrets\.envFile: "app\/\.env" is not an absolute path/, answers: { secrets: { envFile: 'app/.env' } } },
  { name: 'secrets.envFile under /etc', field: /secrets\.envFile: \/etc\/app\.env/, answers: { secrets: { envFile: '/etc/app.env' } } },
  { name: 'secrets.envFile under /root', field: /secrets\.envFile: \/root\/\.env/, answers: { secrets: { envFile: '/root/.env' } } },
  { name: 'secrets.envFile with ..', field: /secrets\.envFile/, answers: { secrets: { envFile: '/srv/app/../../etc/shadow' } } },
  { name: 'secrets.envFile a folder', field: /secrets\.envFile: \/srv\/app is a folder/, answers: { secrets: { envFile: '/srv/app' } } },
  { name: "secrets.envFile in a folder that doesn't exist", field: /secrets\.envFile: the folder \/srv\/nowhere does not exist/, answers: { secrets: { envFile: '/srv/nowhere/.env' } } },
  { name: 'secrets.owner not user:group', field: /secrets\.owner/, answers: { secrets: { envFile: APP_ENV, owner: 'app' } } },
  { name: 'secrets.owner a user who does not exist', field: /secrets\.owner: ghost:ghost does not exist/, answers: { secrets: { envFile: APP_ENV, owner: 'ghost:ghost' } } },
  { name: 'secrets.variables a bad name', field: /secrets\.variables/, answers: { secrets: { envFile: APP_ENV, variables: { 'bad-name': 'hex32' } } } },
  { name: 'secrets.variables a form that does not exist', field: /secrets\.variables/, answers: { secrets: { envFile: APP_ENV, variables: { SECRET_KEY: 'hex7' } } } },
  { name: 'secrets.variables empty', field: /secrets\.variables/, answers: { secrets: { envFile: APP_ENV, variables: {} } } },
  { name: 'secrets.postgresRole with a quote', field: /secrets\.postgresRole/, answers: { secrets: { envFile: APP_ENV, postgresRole: "app'; drop role postgres; --" } } },
  { name: 'secrets.untrackEnvFile not a boolean', field: /secrets\.untrackEnvFile/, answers: { secrets: { envFile: APP_ENV, untrackEnvFile: 'yes' } } },
  { name: 'fail2ban.bantime 0', field: /fail2ban\.bantime: 0 is not a whole number/, answers: { fail2ban: { bantime: 0 } } },
  { name: 'fail2ban.bantime negative', field: /fail2ban\.bantime/, answers: { fail2ban: { bantime: -1 } } },
  { name: 'fail2ban.bantime a word', field: /fail2ban\.bantime/, answers: { fail2ban: { bantime: 'an hour' } } },
  { name: 'fail2ban.findtime too long', field: /fail2ban\.findtime/, answers: { fail2ban: { findtime: 99999999999 } } },
  { name: 'fail2ban.maxretry 0', field: /fail2ban\.maxretry/, answers: { fail2ban: { maxretry: 0 } } },
  { name: 'fail2ban.maxretry 101', field: /fail2ban\.maxretry/, answers: { fail2ban: { maxretry: 101 } } },
  { name: 'fail2ban.maxretry a fraction', field: /fail2ban\.maxretry/, answers: { fail2ban: { maxretry: 2.5 } } },
  { name: 'backup.source unknown', field: /backup\.source/, answers: { backup: { source: 's3' } } },
  { name: 'backup.source docker-compose without its folder', field: /backup\.composeDir/, answers: { backup: { source: 'docker-compose' } } },
  { name: 'backup.database that does not exist', field: /backup\.database: "shopp" does not exist on the server/, answers: { backup: { database: 'shopp' } } },
  { name: 'backup.database with SQL in it', field: /backup\.database: "shop; drop table orders" is not a database name/, answers: { backup: { database: 'shop; drop table orders' } } },
  { name: 'backup.gpgPublicKeyFile missing', field: /backup\.gpgPublicKeyFile: cannot read \/nonexistent\/key\.asc/, answers: { backup: { gpgPublicKeyFile: '/nonexistent/key.asc' } } },
  { name: 'backup.gpgPublicKeyFile a private key', field: /backup\.gpgPublicKeyFile: .*PRIVATE key/, answers: { backup: { gpgPublicKeyFile: 'PRIVATE_KEY' } } },
  { name: 'backup.gpgPublicKeyFile not a key', field: /backup\.gpgPublicKeyFile/, answers: { backup: { gpgPublicKeyFile: '/etc/hostname' } } },
  { name: 'backup.gpgRecipient not in the key', field: /backup\.gpgRecipient: "nobody@example\.com" is not in/, answers: { backup: { gpgRecipient: 'nobody@example.com' } } },
  { name: 'backup.gpgRecipient not an address', field: /backup\.gpgRecipient/, answers: { backup: { gpgRecipient: '$(reboot)' } } },
  { name: 'backup.schedule with 4 fields', field: /backup\.schedule: "0 2 \* \*" is not a cron schedule/, answers: { backup: { schedule: '0 2 * *' } } },
  { name: 'backup.schedule minute 61', field: /backup\.schedule: "61 2 \* \* \*"/, answers: { backup: { schedule: '61 2 * * *' } } },
  { name: 'backup.schedule with a newline', field: /backup\.schedule/, answers: { backup: { schedule: '0 2 * * *\n* * * * * root reboot' } } },
  { name: 'backup.dir /home', field: /backup\.dir: "\/home" is a system folder/, answers: { backup: { dir: '/home' } } },
  { name: 'backup.dir relative', field: /backup\.dir: "backups" is not an absolute folder path/, answers: { backup: { dir: 'backups' } } },
  { name: 'backup.dir in a folder the app owns', field: /backup\.dir: \/srv\/app\/backups is inside a folder that is not root's alone/, answers: { backup: { dir: '/srv/app/backups' } } },
  { name: 'backup.retentionDays 0', field: /backup\.retentionDays: 0 is not a number of days/, answers: { backup: { retentionDays: 0 } } },
  { name: 'backup.retentionDays 4000', field: /backup\.retentionDays: 4000/, answers: { backup: { retentionDays: 4000 } } },
];

export const BAD_INPUTS: readonly BadInput[] = [...flags, ...answersFile];

/** For npm test: every flag, and the first bad answer of each golive.yml section. */
export const FAST_BAD_INPUTS: readonly BadInput[] = [
  ...flags,
  ...answersFile.filter((input, index) => answersFile.findIndex((other) => sectionOf(other) === sectionOf(input)) === index),
];

function sectionOf(input: BadInput): string {
  return input.answers ? Object.keys(input.answers)[0]! : 'yaml';
}

/** Runs each bad input as a case of `drill`. */
export async function tryBadInputs(target: DrillServer, drill: Drill, cases: readonly BadInput[] = BAD_INPUTS): Promise<void> {
  const etc = () => target.server.sh('cd /etc && find . -printf "%p %y %m %u %g\\n" | LC_ALL=C sort | sha256sum && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum | sha256sum');
  const runs = () => target.server.sh('ls /var/lib/golive/runs 2>/dev/null | wc -l');
  const pristine = { etc: await etc(), runs: await runs() };
  for (const input of cases) {
    await drill.case(input.name, 120_000, async () => {
      writeFileSync(join(target.golive.home, 'golive.yml'), answersText(target, input));
      const args = input.rawArgs ? [...input.rawArgs(target.server.address), '--known-hosts', target.golive.knownHosts] : target.golive.args('deploy', input.args ?? ['apply', '--yes']);
      const run = await target.golive.run(args, {}, 100_000);
      target.transcript.push(run.stdout, run.stderr);
      expect(run.exitCode === 1, `exit ${run.exitCode}: ${run.stderr.trim() || run.stdout.slice(-500)}`);
      expect(input.field.test(run.stderr), `the message does not name the field (${input.field}): ${run.stderr.trim()}`);
      expect(!/unexpected error|\n\s+at .*:\d+:\d+/.test(run.stderr), `a stack trace: ${run.stderr}`);
      if ((await etc()) !== pristine.etc) throw new Lost('/etc changed');
      expect((await runs()) === pristine.runs, 'a run was recorded');
    });
  }
  target.useAnswers();
}

function answersText(target: DrillServer, input: BadInput): string {
  if (input.yaml !== undefined) return input.yaml;
  const answers = goodAnswers(target);
  for (const [section, values] of Object.entries(input.answers ?? {})) {
    answers[section] = { ...answers[section], ...values };
    if (answers.backup?.gpgPublicKeyFile === 'PRIVATE_KEY') answers.backup.gpgPublicKeyFile = target.key.privateKeyFile;
  }
  return stringify(answers);
}
