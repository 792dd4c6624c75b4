import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatherFactGroups } from '../../src/engine/probe.js';
import { LocalTarget } from '../../src/target/local.js';

describe('gatherFactGroups', () => {
  it('runs every fact in one round trip and keeps each output, error and exit code apart', async () => {
    const target = new LocalTarget();
    const [facts, other] = await gatherFactGroups(target, [{
      plain: { argv: ['printf', 'a\nb\n'], parse: (o) => o },
      noNewline: { argv: ['printf', 'no newline'], parse: (o) => o.stdout },
      failing: { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'], parse: (o) => o },
      quoted: { argv: ['printf', '%s', "it's $(not run)"], parse: (o) => o.stdout },
      binaryish: { argv: ['printf', '@@golive-0000 0 err\n'], parse: (o) => o.stdout },
    }, { plain: { argv: ['printf', 'the other plain'], parse: (o) => o.stdout } }]) as [Record<string, unknown>, Record<string, unknown>];
    assert.equal(target.roundTrips, 1);
    assert.deepEqual(facts.plain, { stdout: 'a\nb\n', stderr: '', exitCode: 0 });
    assert.equal(facts.noNewline, 'no newline');
    assert.deepEqual(facts.failing, { stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    assert.equal(facts.quoted, "it's $(not run)");
    assert.equal(facts.binaryish, '@@golive-0000 0 err\n');
    assert.deepEqual(other, { plain: 'the other plain' }, 'each group under its own names');
  });
});
