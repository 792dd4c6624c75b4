import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenPaste, PASTE_END, PASTE_START, splitKeys } from '../../src/ui/input/key-tokens.js';

const keysOf = (text: string, final = false) => splitKeys(text, { final });

describe('splitKeys', () => {
  it('splits arrows and Enter sent in one read (tmux send-keys Down Down Enter)', () => {
    assert.deepEqual(keysOf('\u001b[B\u001b[B\r'), { keys: ['\u001b[B', '\u001b[B', '\r'], rest: '' });
  });

  it('keeps CSI sequences with parameters, SS3 arrows and the Linux console F-keys whole', () => {
    const keys = ['\u001b[1;5C', '\u001b[3~', '\u001b[6~', '\u001b[Z', '\u001bOA', '\u001bOP', '\u001b[[A', '\u001b[200;1u'];
    assert.deepEqual(keysOf(keys.join('')).keys, keys);
  });

  it('gives each control byte and each letter its own key', () => {
    assert.deepEqual(keysOf('ab\u007fc').keys, ['a', 'b', '\u007f', 'c']);
    assert.deepEqual(keysOf('\t\b\u0003\r\n').keys, ['\t', '\b', '\u0003', '\r', '\n']);
    assert.deepEqual(keysOf('jjjq').keys, ['j', 'j', 'j', 'q']);
  });

  it('keeps Alt+key together, as Ink reads it', () => {
    assert.deepEqual(keysOf('\u001ba\u001b\u007f\u001b\rx').keys, ['\u001ba', '\u001b\u007f', '\u001b\r', 'x']);
    assert.deepEqual(keysOf('\u001b\u001b[A').keys, ['\u001b\u001b[A']);
  });

  it('reads Esc before another control key, or Esc twice, as separate keys', () => {
    assert.deepEqual(keysOf('\u001b\u0003').keys, ['\u001b', '\u0003']);
    assert.deepEqual(keysOf('\u001b\u001bq').keys, ['\u001b', '\u001bq']);
    assert.deepEqual(keysOf('\u001b\u001b', true).keys, ['\u001b', '\u001b']);
  });

  it('never splits a surrogate pair or a multi-byte character', () => {
    assert.deepEqual(keysOf('é😀ü').keys, ['é', '😀', 'ü']);
    assert.deepEqual(keysOf('a\ud83d'), { keys: ['a'], rest: '\ud83d' });
    assert.deepEqual(keysOf('\ud83d' + '\ude00').keys, ['😀']);
    assert.deepEqual(keysOf('\u001b😀').keys, ['\u001b😀']);
  });

  it('keeps an escape sequence cut by the read boundary for the next read', () => {
    const first = keysOf('x\u001b[1;');
    assert.deepEqual(first, { keys: ['x'], rest: '\u001b[1;' });
    assert.deepEqual(keysOf(first.rest + '5Dy').keys, ['\u001b[1;5D', 'y']);
    assert.deepEqual(keysOf('\u001b'), { keys: [], rest: '\u001b' });
    assert.deepEqual(keysOf('\u001bO'), { keys: [], rest: '\u001bO' });
  });

  it('reads a tail that stays unfinished as a lone Esc and what followed it', () => {
    assert.deepEqual(keysOf('\u001b', true), { keys: ['\u001b'], rest: '' });
    assert.deepEqual(keysOf('\u001b[1;', true), { keys: ['\u001b', '[', '1', ';'], rest: '' });
    assert.deepEqual(keysOf('\u001bO', true), { keys: ['\u001b', 'O'], rest: '' });
  });

  it('gives a bracketed paste as one key without its markers', () => {
    assert.deepEqual(keysOf(`\r${PASTE_START}deploy@10.77.1.2 -p 22${PASTE_END}\r`).keys, ['\r', 'deploy@10.77.1.2 -p 22', '\r']);
    assert.deepEqual(keysOf(`${PASTE_START}${PASTE_END}`).keys, []);
    assert.deepEqual(keysOf(`${PASTE_START}q\u001b[B${PASTE_END}`).keys, ['q[B']);
  });

  it('waits for the end of a paste that spans reads, and takes it as it is when the end never comes', () => {
    const open = `${PASTE_START}a long\ntext`;
    assert.deepEqual(keysOf(open), { keys: [], rest: open });
    assert.deepEqual(keysOf(open + ' goes on' + PASTE_END + 'x').keys, ['a long text goes on', 'x']);
    assert.deepEqual(keysOf(open + '\u001b[20', true).keys, ['a long text']);
  });

  it('drops a paste end marker that has no start', () => {
    assert.deepEqual(keysOf(`a${PASTE_END}b`).keys, ['a', 'b']);
  });

  it('always leaves nothing unfinished when told no more input is coming', () => {
    for (const text of ['\u001b', '\u001b[', '\u001b[[', '\u001b\u001b[1', '\u001bO', PASTE_START + 'x', '\ud83d', '\u001b\ud83d']) {
      assert.equal(keysOf(text, true).rest, '', JSON.stringify(text));
    }
  });

  it('loses no character of a long text', () => {
    const text = 'The quick brown fox jumps over the lazy dog — ünïcödé 😀 '.repeat(40);
    assert.equal(keysOf(text).keys.join(''), text);
  });
});

describe('flattenPaste', () => {
  it("drops a copied line's own line break, so a paste never presses Enter", () => {
    assert.equal(flattenPaste('10.77.1.2\n'), '10.77.1.2');
    assert.equal(flattenPaste('\r\nsecret\r\n'), 'secret');
  });

  it('joins the lines of a longer paste with spaces and removes other control characters', () => {
    assert.equal(flattenPaste('alice\r\nbob\ncarol\rdave\teve'), 'alice bob carol dave eve');
    assert.equal(flattenPaste('a\u0003b\u007fc\u001bd'), 'abcd');
  });
});
