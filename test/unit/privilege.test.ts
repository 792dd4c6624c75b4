import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { ConnectionError } from '../../src/errors.js';
import { BaseTarget } from '../../src/target/base-target.js';
import { choosePrivilege, type Privilege, parseWhoami, PASSWORD_GUARD, wrapPrivileged } from '../../src/target/privilege.js';
import type { ExecResult, OpenCommand } from '../../src/target/target.js';

const withPassword: Privilege = { mode: 'sudo-password', password: 'pw-secret', marker: 'golive-0123456789abcdef' };
const SUDO_PASSWORD_ARGV = ['sudo', '-k', '-S', '-p', '', '--'];

/**
 * This machine's real sh in sudo's place: strips the sudo options and either reads the password
 * line first, as sudo -S does, or, like a NOPASSWD rule, runs the command on the untouched input.
 */
class FakeSudoTarget extends BaseTarget {
  readonly label = 'fake sudo';
  readonly kind = 'local' as const;
  readonly loginUser = 'ops';

  constructor(private readonly asksPassword: boolean) {
    super();
  }

  protected async execRaw(argv: readonly string[], stdin: Buffer | undefined): Promise<ExecResult> {
    assert.deepEqual(argv.slice(0, SUDO_PASSWORD_ARGV.length), SUDO_PASSWORD_ARGV);
    const input = stdin ?? Buffer.alloc(0);
    const afterPassword = this.asksPassword ? input.subarray(input.indexOf('\n') + 1) : input;
    return runLocally(argv.slice(SUDO_PASSWORD_ARGV.length), afterPassword);
  }

  protected openRaw(): Promise<OpenCommand> {
    throw new Error('not used by these tests');
  }

  async close(): Promise<void> {}
}

async function runLocally(argv: readonly string[], input: Buffer): Promise<ExecResult & { stdoutBytes: Buffer }> {
  const result = await execa(argv[0]!, argv.slice(1), { input, reject: false, encoding: 'buffer', stripFinalNewline: false });
  const stdoutBytes = Buffer.from(result.stdout as Uint8Array);
  return { exitCode: result.exitCode ?? 1, stdout: stdoutBytes.toString(), stderr: Buffer.from(result.stderr as Uint8Array).toString(), stdoutBytes };
}

describe('privilege', () => {
  it('wraps commands for root, passwordless sudo and sudo with a password; no sudo ever uses its cache', () => {
    assert.deepEqual(wrapPrivileged({ mode: 'root' }, ['id'], undefined), { argv: ['id'], stdin: undefined });
    assert.deepEqual(wrapPrivileged({ mode: 'sudo' }, ['id'], 'x').argv, ['sudo', '-n', '-k', '--', 'id']);
    const wrapped = wrapPrivileged(withPassword, ['cat'], 'data');
    assert.deepEqual(wrapped.argv, [...SUDO_PASSWORD_ARGV, 'sh', '-c', PASSWORD_GUARD, 'sh', 'golive-0123456789abcdef', 'cat']);
    assert.equal(wrapped.stdin?.toString(), 'pw-secret\ngolive-0123456789abcdef\ndata');
    assert.ok(!wrapped.argv.some((arg) => arg.includes('pw-secret')), 'the password is never in argv');
  });

  it('the guard hands the command exactly the bytes after the marker, binary and past a pipe buffer', async () => {
    for (const input of [Buffer.alloc(0), Buffer.from('no final newline'), Buffer.from('a\nb\n\n'), randomBytes(200_000)]) {
      const wrapped = wrapPrivileged(withPassword, ['cat'], input);
      const afterSudo = wrapped.stdin!.subarray(wrapped.stdin!.indexOf('\n') + 1);
      const result = await runLocally(wrapped.argv.slice(SUDO_PASSWORD_ARGV.length), afterSudo);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.ok(result.stdoutBytes.equals(input), `cat got other bytes than the ${input.length} given`);
    }
  });

  it('the guard refuses to run the command when sudo did not read the password, and never prints it', async () => {
    const wrapped = wrapPrivileged(withPassword, ['sh', '-c', 'cat; echo ran'], 'data\n');
    const result = await runLocally(wrapped.argv.slice(SUDO_PASSWORD_ARGV.length), wrapped.stdin!);
    assert.equal(result.exitCode, 125);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /sudo did not read the password/);
    assert.ok(!result.stderr.includes('pw-secret'));
  });

  it('a target whose sudo skips the password throws an error that says what to fix; one whose sudo reads it runs the command', async () => {
    const skipping = new FakeSudoTarget(false);
    skipping.setPrivilege(withPassword);
    await assert.rejects(skipping.exec(['sh', '-c', 'echo ran'], { privileged: true, stdin: 'x' }), (error: unknown) => {
      assert.ok(error instanceof ConnectionError);
      assert.match(error.message, /sudo ran golive's command for ops without asking for the password/);
      assert.match(error.hint ?? '', /NOPASSWD/);
      assert.ok(!`${error.message}${error.hint}`.includes('pw-secret'));
      return true;
    });
    const asking = new FakeSudoTarget(true);
    asking.setPrivilege(withPassword);
    const ran = await asking.exec(['sh', '-c', 'cat; echo " ran"'], { privileged: true, stdin: 'x' });
    assert.deepEqual([ran.exitCode, ran.stdout], [0, 'x ran\n']);
  });

  it('parses the whoami probe', () => {
    assert.deepEqual(parseWhoami('deploy\n1000\nsudo-ok\n10.77.3.1\n'), { user: 'deploy', isRoot: false, sudoWithoutPassword: true, clientAddress: '10.77.3.1' });
    assert.deepEqual(parseWhoami('root\n0\nroot\n\n'), { user: 'root', isRoot: true, sudoWithoutPassword: false, clientAddress: undefined });
    assert.equal(parseWhoami('root\n0\nroot\n$(reboot)\n').clientAddress, undefined, 'only an address counts');
  });

  it('says what to do when sudo wants a password and nobody can type it; checks the password with a fresh marker', async () => {
    await assert.rejects(choosePrivilege({ user: 'deploy', isRoot: false, sudoWithoutPassword: false }, undefined, async () => true), /sudo on the server wants a password for deploy/);
    const checked: Privilege[] = [];
    const check = async (candidate: Privilege) => {
      checked.push(candidate);
      return candidate.mode === 'sudo-password' && candidate.password === 'pw';
    };
    const first = await choosePrivilege({ user: 'deploy', isRoot: false, sudoWithoutPassword: false }, async () => 'pw', check);
    const second = await choosePrivilege({ user: 'deploy', isRoot: false, sudoWithoutPassword: false }, async () => 'pw', check);
    assert.deepEqual(checked, [first, second]);
    assert.ok(first.mode === 'sudo-password' && second.mode === 'sudo-password');
    assert.match(first.marker, /^golive-[0-9a-f]{32}$/);
    assert.notEqual(first.marker, second.marker);
    await assert.rejects(choosePrivilege({ user: 'deploy', isRoot: false, sudoWithoutPassword: false }, async () => 'wrong', check), /sudo refused the password for deploy/);
  });
});
