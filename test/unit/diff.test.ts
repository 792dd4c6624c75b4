import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unifiedDiff } from '../../src/engine/diff.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-diff-'));

/** GNU diff -u's hunks (its header carries timestamps, so it is left out). */
function gnuDiff(before: string, after: string): string {
  writeFileSync(join(dir, 'a'), before);
  writeFileSync(join(dir, 'b'), after);
  try {
    execFileSync('diff', ['-u', join(dir, 'a'), join(dir, 'b')]);
    return '';
  } catch (error) {
    return String((error as { stdout: Buffer }).stdout).split('\n').slice(2).join('\n');
  }
}

const hunks = (diff: string) => diff.split('\n').slice(2).join('\n');
const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');

describe('unifiedDiff', () => {
  const cases: [string, string, string][] = [
    ['a change in the middle', lines(20), lines(20).replace('line 10\n', 'changed 10\n')],
    ['two changes far apart', lines(30), lines(30).replace('line 3\n', 'x\n').replace('line 27\n', 'y\n')],
    ['two changes close together', lines(30), lines(30).replace('line 10\n', 'x\n').replace('line 15\n', 'y\n')],
    ['lines added at the top', lines(10), `new 1\nnew 2\n${lines(10)}`],
    ['lines removed at the end', lines(10), lines(7)],
    ['a new file', '', lines(3)],
    ['a removed file', lines(3), ''],
    ['no final newline', 'a\nb', 'a\nb\n'],
  ];
  for (const [name, before, after] of cases) {
    it(`matches GNU diff -u: ${name}`, () => {
      assert.equal(hunks(unifiedDiff(before, after, 'a', 'b')), gnuDiff(before, after));
    });
  }

  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff(lines(5), lines(5), 'a', 'b'), '');
  });
});
