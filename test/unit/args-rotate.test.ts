import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli } from '../../src/cli/args.js';

describe('--rotate', () => {
  it('takes variable names, repeatable, with plan and apply', () => {
    assert.deepEqual(parseCli(['apply', '--rotate', 'POSTGRES_PASSWORD', '--rotate', 'JWT_SECRET_KEY']).rotate, ['POSTGRES_PASSWORD', 'JWT_SECRET_KEY']);
    assert.deepEqual(parseCli(['plan']).rotate, []);
  });

  it('refuses a name that is not a variable name, and commands that cannot rotate', () => {
    assert.throws(() => parseCli(['apply', '--rotate', 'A=B']), /--rotate: "A=B" is not a variable name/);
    assert.throws(() => parseCli(['rollback', '--rotate', 'SECRET_KEY']), /--rotate goes with plan or apply/);
  });
});
