import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeSudoCheck } from '../../src/engine/login-check.js';
import { parseSudoList } from '../../src/sshd/sudo-rights.js';
import { fixture } from '../helpers/ssh-facts.js';

/** `sudo -l -U USER` captured on a Debian 12 test server (sudo 1.9.13), one file per kind of account. */
const rights = (user: string) => parseSudoList(fixture(`sudo-l/${user}.txt`));

describe('sudo -l -U, reduced to "every command as root?"', () => {
  it('deploy: group sudo plus NOPASSWD: ALL runs everything without a password', () => {
    assert.deepEqual(rights('deploy'), { all: 'nopasswd', rootCommands: [], otherRunAs: [], promptsForOtherPassword: false });
  });

  it('app and admin2: group sudo alone, (ALL : ALL) ALL, asks for a password', () => {
    assert.equal(rights('app').all, 'password');
    assert.equal(rights('admin2').all, 'password');
  });

  it('ops: (root) NOPASSWD: /usr/bin/systemctl is one command, not root', () => {
    assert.deepEqual(rights('ops'), { all: 'none', rootCommands: ['/usr/bin/systemctl'], otherRunAs: [], promptsForOtherPassword: false });
  });

  it('a user with no rules at all', () => {
    assert.deepEqual(rights('nobodysudo'), { all: 'none', rootCommands: [], otherRunAs: [], promptsForOtherPassword: false });
  });

  it('ALL as postgres, (ALL, !root) ALL, and tags that change within a line do not make root', () => {
    const multi = rights('multi');
    assert.equal(multi.all, 'none');
    assert.deepEqual(multi.rootCommands, ['/usr/bin/systemctl', '/usr/bin/journalctl', '/bin/ls']);
    assert.deepEqual(multi.otherRunAs, ['(postgres)', '(ALL, !root)']);
  });

  it('(:ALL) is printed as the user itself and is not root', () => {
    assert.deepEqual(rights('grp'), { all: 'none', rootCommands: [], otherRunAs: ['(grp : ALL)'], promptsForOtherPassword: false });
  });

  it('NOPASSWD: ALL, !/usr/bin/su still reaches root; Defaults rootpw, wrapped onto a second line, is seen', () => {
    const neg = rights('neg');
    assert.equal(neg.all, 'nopasswd');
    assert.equal(neg.promptsForOtherPassword, true);
  });

  it('Defaults !authenticate makes a password rule need none; !ALL after ALL takes it back', () => {
    const listing = (defaults: string, rule: string) =>
      `Matching Defaults entries for x on h:\n    env_reset, ${defaults}\n\nUser x may run the following commands on h:\n    ${rule}\n`;
    assert.equal(parseSudoList(listing('!authenticate', '(ALL : ALL) ALL')).all, 'nopasswd');
    assert.equal(parseSudoList(listing('use_pty', '(root) NOPASSWD: ALL, !ALL')).all, 'none');
    assert.equal(parseSudoList(listing('use_pty', '(root) NOPASSWD: /bin/ls, PASSWD: ALL')).all, 'password');
    assert.equal(parseSudoList('').all, 'none');
  });
});

describe('sudo -n true in the fresh login', () => {
  // stderr as sudo 1.9.13 printed it on the test server.
  const passwordRequired = { exitCode: 1, stderr: 'sudo: a password is required\n' };

  it('passes when sudo ran', () => {
    assert.deepEqual(judgeSudoCheck('deploy', 'nopasswd', { exitCode: 0, stderr: '' }), { ok: true });
  });

  it('passes with a note when only a password is wanted and the guard knew it is usable', () => {
    const outcome = judgeSudoCheck('admin2', 'password', passwordRequired);
    assert.ok(outcome.ok && /sudo will ask for your password/.test(outcome.note ?? ''));
  });

  it('fails when a password is wanted but the guard saw NOPASSWD', () => {
    assert.deepEqual(judgeSudoCheck('deploy', 'nopasswd', passwordRequired), { ok: false, reason: 'sudo -n true as deploy failed, so deploy could not become root: sudo: a password is required' });
  });

  it('fails on anything beside the password prompt, e.g. PAM refusing the account', () => {
    const pam = { exitCode: 1, stderr: 'sudo: account validation failure, is your account locked?\nsudo: a password is required\n' };
    const outcome = judgeSudoCheck('admin2', 'password', pam);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.reason, /account validation failure/);
  });
});
