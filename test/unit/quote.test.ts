import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { quoteArg, quoteCommand } from '../../src/target/quote.js';

describe('quoteCommand', () => {
  const nasty = ['plain', 'two words', "it's", '$(reboot)', '`id`', 'a;b', 'x|y', '&&', '*', '~', '"', '\\', 'new\nline', '', '-n', "'; rm -rf / #"];

  it('gives back every argument unchanged through a real shell', () => {
    const out = execFileSync('sh', ['-c', `printf '%s\\0' ${quoteCommand(nasty)}`]).toString();
    assert.deepEqual(out.split('\0').slice(0, -1), nasty);
  });

  it('leaves safe words bare and quotes the rest', () => {
    assert.equal(quoteArg('/etc/ssh/sshd_config'), '/etc/ssh/sshd_config');
    assert.equal(quoteArg('user=deploy,host=x'), 'user=deploy,host=x');
    assert.equal(quoteArg("it's"), `'it'\\''s'`);
    assert.equal(quoteArg(''), "''");
  });

  it('refuses NUL bytes and empty commands', () => {
    assert.throws(() => quoteArg('a\0b'), /NUL/);
    assert.throws(() => quoteCommand([]), /empty/);
  });
});
