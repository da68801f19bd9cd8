import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assignCitationKeys, betterBibtexKey } from '../../server/src/core/citationKeys';

describe('betterBibtexKey', () => {
  const cases: Array<[Parameters<typeof betterBibtexKey>[0], string]> = [
    [{ authors: ['Edward J. Hu', 'Yelong Shen'], title: 'LoRA: Low-Rank Adaptation of Large Language Models', year: '2021' }, 'huLoRALowRank2021'],
    [{ authors: ['Ashish Vaswani'], title: 'Attention Is All You Need', year: '2017' }, 'vaswaniAttentionNeed2017'],
    [{ authors: ['Hu, Edward J.'], title: 'LoRA', year: '2021-06-17' }, 'huLoRA2021'],
    [{ authors: ['Arthur Câmara'], title: 'Moving Stuff Around', year: '2022' }, 'camaraMovingStuffAround2022'],
    [{ authors: [], title: 'GPT-4 Technical Report', year: '2023' }, 'GPT4Technical2023'],
    [{ authors: ['胡爱德'], title: '低秩适配', year: '2021' }, '2021'],
    [{ authors: [], title: undefined, year: undefined }, 'paper'],
  ];
  for (const [source, key] of cases) it(`${source.title} -> ${key}`, () => assert.equal(betterBibtexKey(source), key));
});

describe('assignCitationKeys', () => {
  it('keeps keys papers already have and makes clashes unique with a, b, c in a stable order', () => {
    const same = { authors: ['Ashish Vaswani'], title: 'Attention Is All You Need', year: '2017' };
    const keys = assignCitationKeys([
      { key: 'arxiv:1706.03762', ...same },
      { key: 'title:attention-is-all-you-need', ...same },
      { key: 'arxiv:2106.09685', authors: ['Edward J. Hu'], title: 'LoRA', year: '2021', citekey: 'hu2021lora' },
    ]);
    assert.equal(keys.get('arxiv:2106.09685'), 'hu2021lora');
    assert.equal(keys.get('arxiv:1706.03762'), 'vaswaniAttentionNeed2017a');
    assert.equal(keys.get('title:attention-is-all-you-need'), 'vaswaniAttentionNeed2017b');
  });
});
