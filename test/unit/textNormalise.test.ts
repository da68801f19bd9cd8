import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { foldCjkRadicals } from '../../server/src/core/textNormalise';
import { titleId } from '../../server/src/core/paperId';

describe('foldCjkRadicals', () => {
  const cases: Array<[string, string]> = [
    ['基础话⾔⼤模型', '基础话言大模型'],
    ['论⽂', '论文'],
    ['⻔控', '门控'],
    ['⻩⻚ ⺠', '黄页 民'],
    ['（全角）①ＧＰＴ', '（全角）①ＧＰＴ'],
    ['plain English', 'plain English'],
  ];
  for (const [input, expected] of cases) it(`${input} -> ${expected}`, () => assert.equal(foldCjkRadicals(input), expected));
});

describe('titleId', () => {
  it('folds case, punctuation, width and radicals', () => {
    assert.deepEqual(titleId('Attention Is All You Need!'), { scheme: 'title', id: 'attention-is-all-you-need' });
    assert.equal(titleId('  attention is ALL you need ')?.id, 'attention-is-all-you-need');
    assert.equal(titleId('ＧＰＴ-4 技术报告')?.id, titleId('GPT-4 技术报告')?.id);
    assert.equal(titleId('论⽂ 标题')?.id, titleId('论文 标题')?.id);
  });
  it('has no identity for a title of punctuation only', () => {
    assert.equal(titleId(' — !'), undefined);
  });
});
