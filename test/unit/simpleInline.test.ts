import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { markdownInline } from '../../server/src/core/markdownParser';
import { simpleInline } from '../../server/src/core/simpleInline';
import { pick, seededRandom } from '../support/randomNotes';

describe('simpleInline', () => {
  it('reads plain text and plain inline links', () => {
    assert.deepEqual(simpleInline('论文 [Attention Is All You Need](https://arxiv.org/abs/1706.03762) —— 好'), [
      { kind: 'text', text: '论文 ' },
      { kind: 'link', href: 'https://arxiv.org/abs/1706.03762', children: [{ kind: 'text', text: 'Attention Is All You Need' }] },
      { kind: 'text', text: ' —— 好' },
    ]);
    assert.deepEqual(simpleInline('[](https://x.org/a)[b](c)'), [
      { kind: 'link', href: 'https://x.org/a', children: [] },
      { kind: 'link', href: 'c', children: [{ kind: 'text', text: 'b' }] },
    ]);
    assert.deepEqual(simpleInline(''), []);
  });

  it('leaves every other shape to markdown-it', () => {
    for (const source of [
      '**bold**', '`code`', '![img](a.png)', '[ref][r]', '[ref]', '[t](a b)', '[t](<a>)', '[t](a(b))', '[t](a', '[t](javascript:alert(1))',
      '[t](JavaScript:x)', 'a\\*b', 'a &amp; b', '<br>', 'a\nb', 'x\r\ny', '~~s~~', '[t]( a)', '[t]()', 'a_b', '[a [b]](c)', '[t](a&amp;b)', 'a\u0000b',
      // markdown-it trims a destination (Unicode spaces too) before refusing a scheme.
      '[t](\u00a0javascript:x)', '[t](\u3000file:x)', '[t](\ufeffdata:x)', '[t](x\u00a0)',
    ]) {
      assert.equal(simpleInline(source), undefined, source);
    }
  });

  it('answers exactly what markdown-it answers, whenever it answers', () => {
    const pieces = [
      'Attention Is All You Need', ' ', '论文', '：', ':', '-', '(', ')', '[', ']', '](', '[t](', 'https://arxiv.org/abs/1706.03762', ')', '—— 好',
      '*', '_', '`', '!', '&', '<', '>', '\\', '~', '\t', '  ', '"', "'", 'data:image/png;x', 'file:x', '@k', '#', '|', '%20', 'v2', '.', ',', '\u00a0', '⭐',
    ];
    const random = seededRandom(7);
    let answered = 0;
    for (let n = 0; n < 20_000; n++) {
      let source = '';
      const length = 1 + Math.floor(random() * 12);
      for (let i = 0; i < length; i++) source += pick(random, pieces);
      const simple = simpleInline(source);
      if (simple === undefined) continue;
      answered++;
      assert.deepEqual(simple, markdownInline(source), JSON.stringify(source));
    }
    assert.ok(answered > 2_000, `only ${answered} sources were simple`);
  });
});
