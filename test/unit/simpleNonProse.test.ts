import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFrontMatter } from '../../server/src/core/frontMatter';
import { LineIndex } from '../../server/src/core/lineIndex';
import { parseNote } from '../../server/src/core/markdownParser';
import { simpleNonProseSpans } from '../../server/src/core/simpleNonProse';
import { analysisCorpus } from '../support/analysisCorpus';
import { pick, seededRandom } from '../support/randomNotes';

/** The fast path's spans as text, or undefined when it leaves the note to markdown-it. */
function fast(text: string): string[] | undefined {
  return simpleNonProseSpans(text, LineIndex.of(text))?.map((span) => text.slice(span.start, span.end));
}

/** markdown-it's answer (its block pass), the one the fast path must give. */
function markdownIt(text: string): string[] {
  return parseNote(text, LineIndex.of(text)).nonProse.map((span) => text.slice(span.start, span.end));
}

describe('simpleNonProseSpans', () => {
  it('finds fences, code spans and comments line by line', () => {
    const note = '# 论文 `LoRA`\n\n```python\nx = 2106.09685\n```\n\n- item `a` and <!-- 1706.03762 --> b\n| a | `b` |\n|---|---|\n<!-- TODO\n2005.14165 -->\n~~~~\nopen to the end\n~~~\n';
    assert.deepEqual(fast(note), ['`LoRA`', '```python\nx = 2106.09685\n```\n', '`a`', '<!-- 1706.03762 -->', '`b`', '<!-- TODO\n2005.14165 -->', '~~~~\nopen to the end\n~~~\n']);
    assert.deepEqual(fast(note), markdownIt(note));
  });

  it('reads an HTML comment block as markdown-it does: only comments count in it', () => {
    for (const note of ['<!-- a --> `not code` <!-- b\n\nstill the block? no -->\ntext `c`\n', '<!-- a\nb `x` -->  `y`\n', '<!-- open\n\n`z`\n']) {
      assert.notEqual(fast(note), undefined, note);
      assert.deepEqual(fast(note), markdownIt(note), note);
    }
  });

  it('leaves to markdown-it what depends on block structure', () => {
    for (const note of [
      'a `open\nclosed` b\n', // a code span across the lines of a paragraph
      'a <!-- open\nclosed --> b\n', // an inline comment across lines
      '    indented code `x`\n', // an indented code block
      '- item\n\n      code\n', // code inside a list item
      '- item\n  ```\n  code\n  ```\n', // a fence inside a list item
      '> ```\n> code\n', // a fence inside a quote
      '<div>\n`x`\n</div>\n', // an HTML block
      '- <div>`x`</div>\n',
      '[ref]: https://x.org "`t`"\n', // a link reference definition
      '```a`b\n', // a backtick run that is not a fence
      '\t`tab`\n',
      '<!-- c -->\n|---|\n', // a table whose header is the comment
      '``` | b\n|---|---|\narXiv:2106.09685 | x\n', // a table whose header looks like a fence
      'a\n```|\n|-|\nSee arXiv:2106.09685\n',
      '~~~ | a\n| - | - |\nb\n',
      '- item\n  <!-- hidden\nSee arXiv:2106.09685 -->\n', // a comment block inside a list item ends with the item
      '1. a\n   <!-- x\n   b\nc `d` -->\n',
    ]) {
      assert.equal(fast(note), undefined, note);
    }
  });

  it('answers the notes of the analysis corpus (front matter blanked) as markdown-it does', () => {
    let answered = 0;
    const notes = analysisCorpus(600, 11);
    for (const { name, text } of notes) {
      const frontMatter = readFrontMatter(text);
      const source = frontMatter ? text.slice(0, frontMatter.span.start) + text.slice(frontMatter.span.start, frontMatter.span.end).replace(/[^\r\n]/g, ' ') + text.slice(frontMatter.span.end) : text;
      const spans = fast(source);
      if (!spans) continue;
      answered++;
      assert.deepEqual(spans, markdownIt(source), name);
    }
    assert.ok(answered >= 60, `answered ${answered} of ${notes.length}`);
  });

  it('answers exactly what markdown-it answers on random lines, whenever it answers', () => {
    const lines = [
      '', '   ', 'text', '论文 arXiv:2106.09685', '`code`', '``a`b``', '`open', 'close`', '\\`x`', '- item `c`', '* item', '+ x', '1. step `s`', '12) s',
      '> quote `x`', '> > `y`', '>    x', '- - x', '| a | `b` |', '|---|---|', '| c | d |', '```', '```py', '````', '~~~', '~~~~ x', '  ```', '   ~~~',
      '``` a`b', '<!-- c -->', '<!-- open', 'close -->', '<!-- a --> `b`', '  <!--x-->', 'a <!-- b --> c', 'a <!-- b', '<div>', '<br>', '    code',
      '\tcode', ' \t x', '- \tx', '-     five', '# head `h`', '## h <!-- c -->', '---', '***', '===', 'x\\', '<', '- <!-- c -->', '> <!-- c -->',
      '``` |', '~~~ | a', '|-|', '| - | - |', ' <!-- x', '1. a',
    ];
    const breaks = ['\n', '\n', '\n', '\r\n', '\r'];
    const random = seededRandom(2026);
    let answered = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const count = 1 + Math.floor(random() * 10);
      for (let i = 0; i < count; i++) text += pick(random, lines) + (i + 1 < count || random() < 0.7 ? pick(random, breaks) : '');
      const spans = fast(text);
      if (!spans) continue;
      answered++;
      assert.deepEqual(spans, markdownIt(text), JSON.stringify(text));
    }
    assert.ok(answered >= 2_000, `answered ${answered}`);
  });
});
