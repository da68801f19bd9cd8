import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assignCitationKeys, betterBibtexKey, extendCitationKeys } from '../../server/src/core/citationKeys';

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

describe('extendCitationKeys', () => {
  const vaswani = { authors: ['Ashish Vaswani'], title: 'Attention Is All You Need', year: '2017' };
  const start = () => {
    const keys = assignCitationKeys([{ key: 'arxiv:1706.03762', ...vaswani }, { key: 'arxiv:2106.09685', authors: ['Edward J. Hu'], title: 'LoRA', year: '2021', citekey: 'hu2021lora' }]);
    return { keys, taken: new Set(keys.values()) };
  };

  it('gives a new paper a key no other paper has, and leaves the others alone', () => {
    const { keys, taken } = start();
    extendCitationKeys(keys, taken, [{ key: 'title:attention-is-all-you-need', ...vaswani }, { key: 'doi:10.1/x', ...vaswani }]);
    assert.equal(keys.get('arxiv:1706.03762'), 'vaswaniAttentionNeed2017');
    assert.equal(keys.get('arxiv:2106.09685'), 'hu2021lora');
    assert.equal(keys.get('doi:10.1/x'), 'vaswaniAttentionNeed2017a');
    assert.equal(keys.get('title:attention-is-all-you-need'), 'vaswaniAttentionNeed2017b');
    assert.equal(new Set(keys.values()).size, keys.size);
  });

  it("takes a paper's own key when it is free, and never one another paper was given", () => {
    const { keys, taken } = start();
    extendCitationKeys(keys, taken, [{ key: 'arxiv:1706.03762', ...vaswani, citekey: 'vaswani2017' }, { key: 'doi:10.1/y', authors: [], citekey: 'hu2021lora' }]);
    assert.equal(keys.get('arxiv:1706.03762'), 'vaswani2017');
    assert.equal(keys.get('doi:10.1/y'), 'paper');
    // The old key stays given: offered once, it never names another paper.
    extendCitationKeys(keys, taken, [{ key: 'doi:10.1/z', ...vaswani }]);
    assert.equal(keys.get('doi:10.1/z'), 'vaswaniAttentionNeed2017a');
  });
});
