import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/lineIndex';
import { findNonProseSpans, parseMarkdownDocument, parseNote } from '../../server/src/core/markdownParser';
import { analyseDocument } from '../../server/src/core/documentAnalysis';
import { extractPaperEntries } from '../../server/src/core/paperEntries';

/** The texts of the non-prose spans, so expectations read like the note. */
function nonProse(text: string): string[] {
  return findNonProseSpans(text, LineIndex.of(text)).map((span) => text.slice(span.start, span.end));
}

describe('findNonProseSpans', () => {
  const cases: Array<[string, string, string[]]> = [
    ['fenced code', 'a\n```\nx 2106.09685\n```\nb', ['```\nx 2106.09685\n```\n']],
    ['tilde fence, unclosed, runs to the end', 'a\n~~~py\n1706.03762', ['~~~py\n1706.03762']],
    ['indented code', 'para\n\n    code 2106.09685\n\nafter', ['    code 2106.09685\n']],
    ['inline code', 'see `arXiv:1706.03762` and ``a ` b`` here', ['`arXiv:1706.03762`', '``a ` b``']],
    ['unclosed backtick is literal', 'a ` b arXiv:1706.03762', []],
    ['escaped backtick opens nothing', 'a \\`b` c', []],
    ['inline code in a table cell', '| a | b |\n|---|---|\n| `2106.09685` | x |', ['`2106.09685`']],
    ['inline code in a heading and a list', '# T `x`\n\n- item `y`', ['`x`', '`y`']],
    ['html comment block', 'a\n\n<!-- todo\narXiv:2203.02155 -->\n\nb', ['<!-- todo\narXiv:2203.02155 -->']],
    ['inline html comment', 'text <!-- 2106.09685 --> more', ['<!-- 2106.09685 -->']],
    ['unclosed html comment block runs to the end of its block', '<!-- open\nstill open', ['<!-- open\nstill open']],
    ['code inside a list item', '- item\n\n  ```\n  1706.03762\n  ```\n', ['  ```\n  1706.03762\n  ```\n']],
    ['blockquote code span', '> quote `2106.09685`', ['`2106.09685`']],
    ['nothing to exclude', '论文 arXiv：2106.09685 很好。', []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(nonProse(text), expected));
  }

  it('skips hidden front matter without reading it as Markdown', () => {
    const text = '---\ntitle: `x`\n---\nbody `code`';
    const spans = findNonProseSpans(text, LineIndex.of(text), { start: 0, end: text.indexOf('body') });
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['`code`']);
  });

  it('stays linear on hostile input', () => {
    // Thousands of lone backticks and open comments in one paragraph, then one distant close.
    const hostile = '` ``'.repeat(50_000) + '<!-- '.repeat(50_000) + '-->';
    assert.ok(Array.isArray(nonProse(hostile)));
    const manyParagraphs = Array.from({ length: 20_000 }, () => '<!-- open').join('\n\n') + '\n\n-->';
    assert.ok(Array.isArray(nonProse(manyParagraphs)));
  });
});

describe('parseNote: one parse for spans and blocks', () => {
  const text = [
    '---\ntitle: x\narxiv: 2106.09685\n---',
    '# 阅读 `code` <!-- hidden arXiv:1706.03762 -->',
    '| 论文 | 简介 |\n|---|---|\n| [LoRA](https://arxiv.org/abs/2106.09685) | 低秩 `x` |',
    '- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — see [@hu2021lora]',
    '```python\nid = 2106.09685\n```',
    '    indented code arXiv:1234.56789',
  ].join('\n\n');
  const hidden = { start: 0, end: text.indexOf('# ') };

  it('gives the same spans as findNonProseSpans and the same blocks as parseMarkdownDocument', () => {
    const lines = LineIndex.of(text);
    const { document, nonProse } = parseNote(text, lines, hidden);
    assert.deepEqual(nonProse, findNonProseSpans(text, lines, hidden));
    assert.deepEqual(document.blocks, parseMarkdownDocument(text, hidden).blocks);
    assert.ok(nonProse.length >= 4);
  });

  it('lets the index read entries from that parse: the same entries as reading the note alone', () => {
    assert.deepEqual(analyseDocument('file:///n.md', 1, text).entries, extractPaperEntries(text).entries);
    assert.ok(extractPaperEntries(text).entries.length >= 3);
  });
});
