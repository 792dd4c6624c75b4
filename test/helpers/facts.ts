import assert from 'node:assert/strict';
import type { Fact, ProbeOutput } from '../../src/engine/types.js';

/** A command fact's value from its command's output, as the probe reads it. */
export function readOutput<T>(fact: Fact<T>, output: ProbeOutput): T {
  assert.ok(!('from' in fact), 'a fact made of other facts has no output of its own');
  return fact.parse(output);
}
