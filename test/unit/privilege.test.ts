import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choosePrivilege, parseWhoami, wrapPrivileged } from '../../src/target/privilege.js';

describe('privilege', () => {
  it('wraps commands for root, passwordless sudo and sudo with a password', () => {
    assert.deepEqual(wrapPrivileged({ mode: 'root' }, ['id'], undefined), { argv: ['id'], stdin: undefined });
    assert.deepEqual(wrapPrivileged({ mode: 'sudo' }, ['id'], 'x').argv, ['sudo', '-n', '--', 'id']);
    const withPassword = wrapPrivileged({ mode: 'sudo-password', password: 'pw' }, ['cat'], 'data');
    assert.deepEqual(withPassword.argv, ['sudo', '-S', '-p', '', '--', 'cat']);
    assert.equal(withPassword.stdin?.toString(), 'pw\ndata');
  });

  it('parses the whoami probe', () => {
    assert.deepEqual(parseWhoami('deploy\n1000\nsudo-ok\n'), { user: 'deploy', isRoot: false, sudoWithoutPassword: true });
    assert.deepEqual(parseWhoami('root\n0\n'), { user: 'root', isRoot: true, sudoWithoutPassword: false });
  });

  it('says what to do when sudo wants a password and nobody can type it', async () => {
    await assert.rejects(choosePrivilege({ user: 'deploy', isRoot: false, sudoWithoutPassword: false }, undefined, async () => true), /sudo on the server wants a password for deploy/);
    assert.deepEqual(await choosePrivilege({ user: 'deploy', isRoot: false, sudoWithoutPassword: false }, async () => 'pw', async (p) => p === 'pw'), { mode: 'sudo-password', password: 'pw' });
  });
});
