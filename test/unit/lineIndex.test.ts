import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/lineIndex';

describe('LineIndex', () => {
  const text = 'ab\r\ncd\neé中\rlast';
  const lines = LineIndex.of(text);

  it('counts \\n, \\r\\n and lone \\r as line ends', () => {
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt(text.indexOf('c')), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(text.indexOf('中')), { line: 2, character: 2 });
    assert.deepEqual(lines.positionAt(text.indexOf('last')), { line: 3, character: 0 });
  });

  it('round-trips every offset', () => {
    for (let offset = 0; offset <= text.length; offset++) {
      const position = lines.positionAt(offset);
      // Offsets inside a \r\n pair map to the line end, like every LSP implementation.
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
      assert.equal(lines.offsetAt(position), offset, `offset ${offset}`);
    }
  });

  it('clamps positions past a line end to the end of that line, before its terminator', () => {
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(lines.offsetAt({ line: 9, character: 0 }), text.length);
    assert.equal(lines.offsetAt({ line: -1, character: 5 }), 0);
  });

  it('counts UTF-16 code units, as LSP positions do', () => {
    const emoji = LineIndex.of('😀 2106.09685');
    assert.deepEqual(emoji.positionAt(3), { line: 0, character: 3 });
  });
});
