import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatherFactGroups, PART_MARKER } from '../../src/engine/probe.js';
import { GoliveError } from '../../src/errors.js';
import type { ProbeOutput } from '../../src/engine/types.js';
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

describe('the probe script', () => {
  it('runs a command two facts share once, a shell script in a subshell whose exit and syntax errors stay its own', async () => {
    const target = new LocalTarget();
    const counter = mkdtempSync(join(tmpdir(), 'golive-probe-'));
    const once = { argv: ['sh', '-c', 'echo x >>"$1"; cat "$1" | wc -l', 'sh', join(counter, 'runs')], parse: (o: ProbeOutput) => o.stdout.trim() };
    const facts = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`n${i}`, { argv: ['sh', '-c', 'printf %s "$1"; exit "$2"', 'sh', `fact ${i}`, String(i)], parse: (o: ProbeOutput) => o }]));
    const [first, second] = (await gatherFactGroups(target, [
      { ...facts, once, broken: { argv: ['sh', '-c', 'if then fi'], parse: (o) => o.exitCode }, dollar0: { argv: ['sh', '-c', 'echo "$#:$1"', 'sh', 'a b'], parse: (o) => o.stdout } },
      { once },
    ])) as [Record<string, unknown>, Record<string, unknown>];
    for (let i = 0; i < 9; i += 1) assert.deepEqual(first[`n${i}`], { stdout: `fact ${i}`, stderr: '', exitCode: i });
    assert.equal(first.once, '1');
    assert.equal(second!.once, '1', 'the second set gets the same output; the command ran once');
    assert.notEqual(first.broken, 0);
    assert.equal(first.dollar0, '1:a b\n');
    rmSync(counter, { recursive: true, force: true });
  });
});

describe('joinable facts', () => {
  it('run as one command given every last argument once, each fact parsing its own part', async () => {
    const target = new LocalTarget();
    const counter = mkdtempSync(join(tmpdir(), 'golive-probe-'));
    const script = `echo run >>"$1"; shift; for a; do printf '${PART_MARKER}\\n%s\\n' "part of $a"; done`;
    const part = (arg: string) => ({ argv: ['sh', '-c', script, 'sh', join(counter, 'runs'), arg], joinable: true as const, parse: (o: ProbeOutput) => o.stdout });
    const [first, second] = (await gatherFactGroups(target, [{ a: part('a'), b: part('b b') }, { again: part('a'), c: part('c') }])) as Record<string, unknown>[];
    assert.deepEqual(first, { a: 'part of a\n', b: 'part of b b\n' });
    assert.deepEqual(second, { again: 'part of a\n', c: 'part of c\n' });
    assert.equal(readFileSync(join(counter, 'runs'), 'utf8'), 'run\n', 'one command for all four facts');
    rmSync(counter, { recursive: true, force: true });
  });
});

describe('facts made of other facts', () => {
  it('read their parts in the same round trip, a command they share with other facts run once, and fail with a part that failed', async () => {
    const target = new LocalTarget();
    const counter = mkdtempSync(join(tmpdir(), 'golive-probe-'));
    const shared = { argv: ['sh', '-c', 'echo run >>"$1"; echo 7', 'sh', join(counter, 'runs')], parse: (o: ProbeOutput) => Number(o.stdout) };
    const refusing = { argv: ['true'], parse: () => { throw new GoliveError('refused'); } };
    const [facts] = (await gatherFactGroups(target, [{
      alone: shared,
      sum: { from: { a: shared, b: { argv: ['echo', '5'], parse: (o: ProbeOutput) => Number(o.stdout) } }, derive: ({ a, b }: Record<string, unknown>) => (a as number) + (b as number) },
      nested: { from: { inner: { from: { a: shared }, derive: ({ a }: Record<string, unknown>) => (a as number) * 2 } }, derive: ({ inner }: Record<string, unknown>) => inner },
      broken: { from: { a: shared, bad: refusing }, derive: () => 'never' },
    }])) as Record<string, unknown>[];
    assert.equal(target.roundTrips, 1);
    assert.deepEqual([facts!.alone, facts!.sum, facts!.nested], [7, 12, 14]);
    assert.equal((facts!.broken as Error).message, 'refused');
    assert.equal(readFileSync(join(counter, 'runs'), 'utf8'), 'run\n', 'the shared command ran once');
    rmSync(counter, { recursive: true, force: true });
  });
});
