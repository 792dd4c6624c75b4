import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenToSvg, styledLines } from '../pictures/ansi-svg.js';

describe("the README pictures' terminal renderer", () => {
  it('keeps a colour into the next lines until tmux changes it, as capture-pane -e writes it', () => {
    const [first, second, third] = styledLines('\x1b[32m+a\n+b\x1b[39m c\n\x1b[1;38;5;196mred\x1b[0m');
    assert.deepEqual(first, [{ column: 0, text: '+a', style: { fg: '#98c379' } }]);
    assert.deepEqual(second![0], { column: 0, text: '+b', style: { fg: '#98c379' } });
    assert.deepEqual(second![1], { column: 2, text: ' c', style: { fg: undefined } });
    assert.deepEqual(third, [{ column: 0, text: 'red', style: { bold: true, fg: '#ff0000' } }]);
  });

  it('counts columns in characters, not bytes, and escapes XML', () => {
    const [line] = styledLines('❯ <Run> \x1b[2m&\x1b[22m');
    assert.deepEqual(line!.map((run) => run.column), [0, 8]);
    const svg = screenToSvg('❯ <Run> & "x"', 20, 'a <picture>');
    assert.match(svg, /&lt;Run&gt; &amp; &quot;x&quot;/);
    assert.match(svg, /aria-label="a &lt;picture&gt;"/);
    assert.doesNotMatch(svg, /<Run>/);
  });
});
