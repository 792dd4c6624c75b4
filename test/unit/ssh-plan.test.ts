import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DROP_IN, sshStep, type SshAnswers } from '../../steps/ssh.js';
import { GoliveError } from '../../src/errors.js';
import { renderPlan } from '../../src/engine/preview.js';
import { parseSshdT } from '../../src/sshd/effective-config.js';
import { NO_SUDO } from '../../src/sshd/sudo-rights.js';
import { atConsole, CLOUD_DROP_IN, configFile, debian12Facts, fixture, overSsh, withAdmins } from '../helpers/ssh-facts.js';

const answers = (partial: Partial<SshAnswers> = {}): SshAnswers => ({ allowUsers: ['deploy'], permitRootLogin: 'no', port: 22, forwarding: true, ...partial });
const fileChanges = (plan: ReturnType<typeof sshStep.plan>) => plan.changes.filter((c) => c.kind === 'file');

describe('ssh plan on a stock Debian 12 server with a cloud drop-in', () => {
  it('writes one drop-in read before the cloud one, validates, reloads and checks a login', () => {
    const plan = sshStep.plan(debian12Facts(), answers(), overSsh('deploy'));
    const files = fileChanges(plan);
    assert.deepEqual(files.map((c) => c.path), [DROP_IN]);
    const content = files[0]!.after.content;
    assert.match(content, /^PasswordAuthentication no$/m);
    assert.match(content, /^PermitRootLogin no$/m);
    assert.match(content, /^AllowUsers deploy$/m);
    assert.doesNotMatch(content, /nistp|hmac-sha1|umac-64/);
    assert.doesNotMatch(content, /^Port /m);
    assert.equal(files[0]!.after.mode, 0o644);
    assert.deepEqual(plan.validations.map((v) => v.argv), [['sshd', '-t']]);
    assert.deepEqual(plan.reloads, [['systemctl', 'reload', 'ssh.service']]);
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 22, sudo: 'nopasswd' });
  });

  it('names only algorithms this sshd supports', () => {
    const facts = debian12Facts();
    const plan = sshStep.plan({ ...facts, supported: { ...facts.supported, kexalgorithms: new Set(['curve25519-sha256', 'ecdh-sha2-nistp256']) } }, answers(), overSsh('deploy'));
    assert.match(fileChanges(plan)[0]!.after.content, /^KexAlgorithms curve25519-sha256$/m);
  });

  it('leaves an algorithm list to sshd when this sshd cannot name its algorithms', () => {
    const facts = debian12Facts();
    const plan = sshStep.plan({ ...facts, supported: { ...facts.supported, hostkeyalgorithms: new Set() } }, answers(), overSsh('deploy'));
    assert.doesNotMatch(fileChanges(plan)[0]!.after.content, /HostKeyAlgorithms/);
  });

  it('plans nothing when sshd -T already shows every value', () => {
    const facts = debian12Facts();
    const dropIn = fileChanges(sshStep.plan(facts, answers(), overSsh('deploy')))[0]!.after.content;
    const hardened = fixture('sshd-T.txt')
      .replace(/^passwordauthentication .*$/m, 'passwordauthentication no')
      .replace(/^permitrootlogin .*$/m, 'permitrootlogin no')
      .replace(/^maxauthtries .*$/m, 'maxauthtries 3')
      .replace(/^x11forwarding .*$/m, 'x11forwarding no')
      .replace(/^loglevel .*$/m, 'loglevel VERBOSE')
      .replace(/^compression .*$/m, 'compression no')
      .replace(/^tcpkeepalive .*$/m, 'tcpkeepalive no')
      .replace(/^clientaliveinterval .*$/m, 'clientaliveinterval 300')
      .replace(/^clientalivecountmax .*$/m, 'clientalivecountmax 2')
      .replace(/^banner .*$/m, 'banner /etc/issue.net')
      .replace(/^hostkey \/etc\/ssh\/ssh_host_ecdsa_key\n/m, '')
      .concat('allowusers deploy\n');
    const algorithms = (name: string) => new RegExp(`^${name} (.*)$`, 'mi').exec(dropIn)![1]!;
    const effective = hardened
      .replace(/^kexalgorithms .*$/m, `kexalgorithms ${algorithms('KexAlgorithms')}`)
      .replace(/^ciphers .*$/m, `ciphers ${algorithms('Ciphers')}`)
      .replace(/^macs .*$/m, `macs ${algorithms('MACs')}`)
      .replace(/^hostkeyalgorithms .*$/m, `hostkeyalgorithms ${algorithms('HostKeyAlgorithms')}`);
    const plan = sshStep.plan({ ...facts, effective: { ok: true, config: parseSshdT(effective) } }, answers(), overSsh('deploy'));
    assert.equal(plan.changes.length, 0);
    assert.match(plan.notes.join('\n'), /already enforces/);
    assert.ok(sshStep.verify({ ...facts, effective: { ok: true, config: parseSshdT(effective) } }, answers(), overSsh('deploy')).every((c) => c.ok));
  });

  it('leaves forwarding to the admin unless forwarding is false, and then turns off an earlier line that allows it', () => {
    const allowed = fileChanges(sshStep.plan(debian12Facts(), answers(), overSsh('deploy')))[0]!.after.content;
    assert.doesNotMatch(allowed, /^Allow(Tcp|Agent)Forwarding/m);
    const early = configFile('/etc/ssh/sshd_config.d/00-aaa.conf', 'AllowTcpForwarding yes\n');
    const facts = debian12Facts({ files: new Map([...debian12Facts().files, [early.path, early]]) });
    const plan = sshStep.plan(facts, answers({ forwarding: false }), overSsh('deploy'));
    assert.match(fileChanges(plan).find((c) => c.path.endsWith('00-golive.conf'))!.after.content, /^AllowTcpForwarding no\nAllowAgentForwarding no$/m);
    assert.equal(fileChanges(plan).find((c) => c.path === early.path)!.after.content, '# [golive] AllowTcpForwarding yes\n');
  });

  it('turns off an earlier drop-in line that would win over golive (first value wins)', () => {
    const early = configFile('/etc/ssh/sshd_config.d/00-aaa.conf', 'PasswordAuthentication yes\nPrintMotd no\n');
    const facts = debian12Facts({ files: new Map([...debian12Facts().files, [early.path, early]]) });
    const plan = sshStep.plan(facts, answers(), overSsh('deploy'));
    const edit = fileChanges(plan).find((c) => c.path === early.path)!;
    assert.equal(edit.after.content, '# [golive] PasswordAuthentication yes\nPrintMotd no\n');
    assert.ok(!fileChanges(plan).some((c) => c.path === CLOUD_DROP_IN.path), 'the later cloud drop-in loses anyway');
  });

  it('turns off AllowUsers lines anywhere: sshd adds them up', () => {
    const late = configFile('/etc/ssh/sshd_config.d/90-extra.conf', 'AllowUsers intruder\n');
    const facts = debian12Facts({ files: new Map([...debian12Facts().files, [late.path, late]]) });
    const edit = fileChanges(sshStep.plan(facts, answers(), overSsh('deploy'))).find((c) => c.path === late.path)!;
    assert.equal(edit.after.content, '# [golive] AllowUsers intruder\n');
  });

  it('edits the main file when it has no Include, keeping a trailing Match block and a missing final newline safe', () => {
    const main = 'PasswordAuthentication yes\nSubsystem sftp /usr/lib/openssh/sftp-server\nMatch User backup\n  ForceCommand internal-sftp';
    const facts = debian12Facts({ files: new Map([['/etc/ssh/sshd_config', configFile('/etc/ssh/sshd_config', main)]]) });
    const plan = sshStep.plan(facts, answers(), overSsh('deploy'));
    const edit = fileChanges(plan).find((c) => c.path === '/etc/ssh/sshd_config')!;
    assert.ok(edit.after.content.startsWith('# BEGIN golive\n# Managed by golive'));
    // The block is read first, so the old line loses without being touched.
    assert.match(edit.after.content, /# END golive\nPasswordAuthentication yes\nSubsystem sftp/);
    assert.ok(edit.after.content.endsWith('Match User backup\n  ForceCommand internal-sftp'), 'the Match block stays last and untouched');
    assert.ok(!fileChanges(plan).some((c) => c.path === DROP_IN));
  });

  it('notes a Match block that turns passwords back on for some connections', () => {
    const main = `${fixture('sshd_config')}Match Address 10.0.0.0/8\n  PasswordAuthentication yes\n`;
    const facts = debian12Facts({ files: new Map([['/etc/ssh/sshd_config', configFile('/etc/ssh/sshd_config', main)]]) });
    assert.match(sshStep.plan(facts, answers(), overSsh('deploy')).notes.join('\n'), /inside a Match block/);
  });

  it('generates host keys first when the server has none', () => {
    const plan = sshStep.plan(debian12Facts({ hostKeys: [] }), answers(), overSsh('deploy'));
    assert.deepEqual(plan.changes[0], { kind: 'command', argv: ['ssh-keygen', '-A'], why: 'the server has no host keys, without which sshd -t fails', creates: ['rsa', 'ecdsa', 'ed25519'].flatMap((t) => [`/etc/ssh/ssh_host_${t}_key`, `/etc/ssh/ssh_host_${t}_key.pub`]) });
  });

  it("plans nothing when someone else's file already breaks sshd -T: golive's sshd -t would fail the same way", () => {
    const error = '/etc/ssh/sshd_config.d/60-broken.conf: line 1: Bad configuration option: ThisIsNotAnOption';
    const broken = debian12Facts({ effective: { ok: false, error } });
    assert.throws(() => sshStep.plan(broken, answers(), overSsh('deploy')), (e: Error) => e.message === `sshd -T fails with the server's configuration as it is now, before any change: ${error}`);
    // With no host keys, sshd -T fails for a reason the plan mends.
    const noKeys = debian12Facts({ hostKeys: [], effective: { ok: false, error: 'sshd: no hostkeys available -- exiting.' } });
    assert.equal(sshStep.plan(noKeys, answers(), overSsh('deploy')).changes[0]?.kind, 'command');
  });

  it('writes Port lines only when the port changes: the old and the new one, then the new one alone', () => {
    const plan = sshStep.plan(debian12Facts(), answers({ port: 2222 }), overSsh('deploy'));
    assert.match(fileChanges(plan)[0]!.after.content, /^Port 22\nPort 2222$/m);
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 2222, sudo: 'nopasswd' });
  });

  it('refuses a port change when sshd is socket-activated, with the exact fix', () => {
    const facts = debian12Facts({ services: { unit: 'ssh.service', serviceActive: false, socketActive: true, socketPorts: [22] } });
    assert.throws(() => sshStep.plan(facts, answers({ port: 2222 }), overSsh('deploy')), (error: GoliveError) => {
      assert.match(error.message, /sshd is socket-activated \(ssh\.socket listens on 22\).*nothing was changed/);
      assert.match(error.hint ?? '', /keep ssh\.port 22; or move the socket by hand: open 2222\/tcp .*"ListenStream=", "ListenStream=2222".*systemctl restart ssh\.socket/);
      return true;
    });
  });
});

describe('ssh lockout guard', () => {
  it('refuses a user that does not exist, naming it', () => {
    assert.throws(() => sshStep.plan(debian12Facts(), answers({ allowUsers: ['deploy', 'ghost'] }), overSsh('deploy')), (error: GoliveError) => /user ghost: no such user/.test(error.message));
  });

  it('refuses when golive logs in as a user left out of allowUsers', () => {
    const keepRootKeys = answers({ allowUsers: ['deploy'], permitRootLogin: 'prohibit-password' });
    assert.throws(() => sshStep.plan(debian12Facts({}, 'root'), keepRootKeys, overSsh('root')), /user root: your SSH session is as root, who is not in allowUsers/);
  });

  it('lets root turn root login off when a sudo user with a key is allowed, and checks that user logs in and sudo works', () => {
    const plan = sshStep.plan(debian12Facts({}, 'root'), answers({ allowUsers: ['deploy'] }), overSsh('root'));
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 22, sudo: 'nopasswd' });
  });

  it('refuses to turn root login off for root when no allowed user can sudo', () => {
    const facts = debian12Facts({}, 'root');
    const deploy = facts.accounts.get('deploy')!;
    const accounts = new Map(facts.accounts).set('deploy', { ...deploy, sudo: NO_SUDO });
    assert.throws(() => sshStep.plan({ ...facts, accounts }, answers(), overSsh('root')), (error: GoliveError) => {
      assert.match(error.message, /root login is to be turned off, and no user in allowUsers could log in with a key and then become root/);
      assert.match(error.message, /user deploy: not allowed to use sudo/);
      assert.match(error.hint ?? '', /permitRootLogin: prohibit-password/);
      return true;
    });
  });

  it('refuses keys that StrictModes would ignore', () => {
    const facts = debian12Facts();
    const deploy = facts.accounts.get('deploy')!;
    const accounts = new Map(facts.accounts).set('deploy', { ...deploy, keyFiles: deploy.keyFiles.map((f) => ({ ...f, mode: 0o666 })) });
    assert.throws(() => sshStep.plan({ ...facts, accounts }, answers(), overSsh('deploy')), /user deploy: sshd's StrictModes would ignore its keys/);
  });

  it('refuses an authorized_keys file with no valid key', () => {
    const facts = debian12Facts();
    const deploy = facts.accounts.get('deploy')!;
    const accounts = new Map(facts.accounts).set('deploy', { ...deploy, keyFiles: deploy.keyFiles.map((f) => ({ ...f, keys: [] })) });
    assert.throws(() => sshStep.plan({ ...facts, accounts }, answers(), overSsh('deploy')), /user deploy: no valid public key/);
  });
});

describe('ssh lockout guard: the account that keeps root must really reach root', () => {
  const asRoot = () => withAdmins(debian12Facts({}, 'root'));
  const refusal = (facts: ReturnType<typeof asRoot>, allowUsers: string[], context = overSsh('root')) => {
    try {
      sshStep.plan(facts, answers({ allowUsers }), context);
    } catch (error) {
      return (error as GoliveError).message;
    }
    assert.fail(`allowUsers [${allowUsers.join(', ')}] was accepted`);
  };

  it('refuses a sudo-group user with a locked password (adduser --disabled-password), saying why', () => {
    assert.match(refusal(asRoot(), ['app']), /user app: in group sudo, but its password is locked, so sudo's password prompt can never be passed/);
  });

  it('refuses a user whose sudo covers one command', () => {
    assert.match(refusal(asRoot(), ['ops']), /user ops: sudo only for \/usr\/bin\/systemctl/);
  });

  it('refuses a user who may run everything, but only as other users than root', () => {
    assert.match(refusal(asRoot(), ['multi']), /user multi: sudo only for \/usr\/bin\/systemctl, \/usr\/bin\/journalctl, \/bin\/ls, and as other users than root: \(postgres\), \(ALL, !root\)/);
  });

  it('names every candidate when none can reach root', () => {
    const message = refusal(asRoot(), ['app', 'ops']);
    assert.match(message, /user app: in group sudo/);
    assert.match(message, /user ops: sudo only/);
  });

  it('accepts [app, deploy]: deploy has NOPASSWD: ALL and is the one the fresh login checks', () => {
    const plan = sshStep.plan(asRoot(), answers({ allowUsers: ['app', 'deploy'] }), overSsh('root'));
    assert.deepEqual(plan.loginCheck, { user: 'deploy', port: 22, sudo: 'nopasswd' });
    assert.match(renderPlan(plan), /then: a new SSH login as deploy on port 22, and sudo -n true in it; if it fails, everything is undone/);
  });

  it('accepts a sudo-group user whose password is set, expecting sudo to ask for it', () => {
    const plan = sshStep.plan(asRoot(), answers({ allowUsers: ['admin2'] }), overSsh('root'));
    assert.deepEqual(plan.loginCheck, { user: 'admin2', port: 22, sudo: 'password' });
  });

  it('asks the same when root login goes off through AllowUsers alone, whoever golive is logged in as', () => {
    const facts = withAdmins(debian12Facts());
    const deploy = facts.accounts.get('deploy')!;
    const noSudo = { ...facts, accounts: new Map(facts.accounts).set('deploy', { ...deploy, sudo: NO_SUDO }) };
    const keepRootKeys = (users: string[]) => answers({ allowUsers: users, permitRootLogin: 'prohibit-password' });
    assert.throws(() => sshStep.plan(noSudo, keepRootKeys(['deploy', 'app']), overSsh('deploy')), /user app: in group sudo, but its password is locked/);
    assert.doesNotThrow(() => sshStep.plan(noSudo, keepRootKeys(['deploy', 'root']), overSsh('deploy')), 'root keeps its key logins: nothing to prove');
    assert.deepEqual(sshStep.plan(noSudo, keepRootKeys(['deploy', 'admin2']), overSsh('deploy')).loginCheck, { user: 'deploy', port: 22 });
    assert.match(refusal(facts, ['app'], atConsole), /user app: in group sudo/);
  });

  it('as root, allowUsers defaults to the users who can reach root, and says why nobody can', () => {
    assert.deepEqual(sshStep.resolveAnswers({}, asRoot(), overSsh('root')).allowUsers, ['deploy', 'admin2']);
    const facts = asRoot();
    const accounts = new Map(facts.accounts);
    accounts.delete('deploy');
    accounts.delete('admin2');
    assert.throws(() => sshStep.resolveAnswers({}, { ...facts, accounts }, overSsh('root')), (error: GoliveError) => {
      assert.match(error.message, /no user on the server could log in with a key and then become root/);
      assert.match(error.message, /user app: in group sudo, but its password is locked/);
      assert.match(error.message, /user ops: sudo only for \/usr\/bin\/systemctl/);
      return true;
    });
  });
});

describe('ssh answers', () => {
  it('accepts YAML booleans and sshd spellings for permitRootLogin, writes sshd text', () => {
    assert.equal(sshStep.parseAnswers({ permitRootLogin: false }, 'ssh').permitRootLogin, 'no');
    assert.equal(sshStep.parseAnswers({ permitRootLogin: 'no' }, 'ssh').permitRootLogin, 'no');
    assert.equal(sshStep.parseAnswers({ permitRootLogin: 'without-password' }, 'ssh').permitRootLogin, 'prohibit-password');
    assert.throws(() => sshStep.parseAnswers({ permitRootLogin: true }, 'ssh'), /ssh\.permitRootLogin: root password logins/);
  });

  it('refuses bad user names, ports and unknown keys with the field named', () => {
    assert.throws(() => sshStep.parseAnswers({ allowUsers: ['bob;rm -rf /'] }, 'ssh'), /ssh\.allowUsers: "bob;rm -rf \/" is not a valid user name/);
    assert.throws(() => sshStep.parseAnswers({ port: 99999 }, 'ssh'), /ssh\.port: 99999 is not a port/);
    assert.throws(() => sshStep.parseAnswers({ port: '22; reboot' }, 'ssh'), /ssh\.port: "22; reboot" is not a port/);
    assert.throws(() => sshStep.parseAnswers({ alowUsers: ['x'] }, 'ssh'), /unknown key ssh\.alowUsers/);
  });

  it('defaults to the login user, no root login, the port in use, forwarding allowed', () => {
    assert.deepEqual(sshStep.resolveAnswers({}, debian12Facts(), overSsh('deploy')), { allowUsers: ['deploy'], permitRootLogin: 'no', port: 22, forwarding: true });
    assert.deepEqual(sshStep.resolveAnswers({}, debian12Facts({}, 'root'), overSsh('root')).allowUsers, ['deploy']);
  });
});
