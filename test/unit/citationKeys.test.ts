import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { CitationKeyBook, assignCitationKeys, betterBibtexKey } from '../../server/src/core/citationKeys';

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

describe('CitationKeyBook', () => {
  const vaswani = { authors: ['Ashish Vaswani'], title: 'Attention Is All You Need', year: '2017' };
  const lora = { key: 'arxiv:2106.09685', authors: ['Edward J. Hu'], title: 'LoRA: Low-Rank Adaptation of Large Language Models', year: '2021' };
  const start = () => CitationKeyBook.from([{ key: 'arxiv:1706.03762', ...vaswani }, { ...lora, citekey: 'hu2021lora' }]);

  it('gives a new paper a key no other paper has, and leaves the others alone', () => {
    const book = start();
    book.update([{ key: 'title:attention-is-all-you-need', ...vaswani }, { key: 'doi:10.1/x', ...vaswani }]);
    assert.equal(book.get('arxiv:1706.03762'), 'vaswaniAttentionNeed2017');
    assert.equal(book.get('arxiv:2106.09685'), 'hu2021lora');
    assert.equal(book.get('doi:10.1/x'), 'vaswaniAttentionNeed2017a');
    assert.equal(book.get('title:attention-is-all-you-need'), 'vaswaniAttentionNeed2017b');
  });

  it("takes a paper's own key when no other paper holds it as its own, and never gives a generated key twice", () => {
    const book = start();
    book.update([{ key: 'arxiv:1706.03762', ...vaswani, citekey: 'vaswani2017' }, { key: 'doi:10.1/y', authors: [], citekey: 'hu2021lora' }]);
    assert.equal(book.get('arxiv:1706.03762'), 'vaswani2017');
    // hu2021lora is LoRA's own key: the other paper claiming it gets a generated one.
    assert.equal(book.get('doi:10.1/y'), 'paper');
    book.update([{ key: 'doi:10.1/z', ...vaswani }]);
    assert.equal(book.get('doi:10.1/z'), 'vaswaniAttentionNeed2017a');
  });

  it('gives back a key that is renamed and renamed back', () => {
    const book = CitationKeyBook.from([{ key: 'arxiv:2401.00009', authors: ['Wei Mine'], title: 'Mine', year: '2024', citekey: 'mine2024' }]);
    book.update([{ key: 'arxiv:2401.00009', authors: ['Wei Mine'], title: 'Mine', year: '2024', citekey: 'mine2024x' }]);
    assert.equal(book.get('arxiv:2401.00009'), 'mine2024x');
    book.update([{ key: 'arxiv:2401.00009', authors: ['Wei Mine'], title: 'Mine', year: '2024', citekey: 'mine2024' }]);
    assert.equal(book.get('arxiv:2401.00009'), 'mine2024');
  });

  it('lets a bibliography key displace the same key generated for another paper', () => {
    const book = CitationKeyBook.from([lora]);
    const generated = book.get(lora.key)!;
    assert.equal(generated, 'huLoRALowRank2021');
    book.update([{ key: 'doi:10.1000/zz', authors: ['Zoe Roe'], title: 'Other Paper', year: '2020', citekey: generated }]);
    assert.equal(book.get('doi:10.1000/zz'), generated);
    assert.equal(book.get(lora.key), 'huLoRALowRank2021a');
  });

  it("frees a leaving paper's own key for another paper claiming it, and keeps its generated key given", () => {
    const book = CitationKeyBook.from([{ ...lora, citekey: 'hu2021lora' }, { key: 'doi:10.1/y', authors: [], citekey: 'hu2021lora' }, { key: 'arxiv:1706.03762', ...vaswani }]);
    assert.equal(book.get('doi:10.1/y'), 'paper');
    book.update([], [lora.key, 'arxiv:1706.03762']);
    assert.equal(book.get(lora.key), undefined);
    assert.equal(book.get('doi:10.1/y'), 'hu2021lora');
    book.update([{ key: 'doi:10.1/w', ...vaswani }]);
    assert.equal(book.get('doi:10.1/w'), 'vaswaniAttentionNeed2017a');
  });

  it('keeps every key unique through random changes, with each own key held by a paper claiming it', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const own = ['k1', 'k2', 'k3', 'huLoRALowRank2021', 'paper'];
    const live = new Map<string, { key: string; authors: string[]; title: string; year: string; citekey?: string }>();
    const book = CitationKeyBook.from([]);
    for (let step = 0; step < 2000; step++) {
      const key = `doi:10.1/${Math.floor(next() * 12)}`;
      if (next() < 0.2) {
        live.delete(key);
        book.update([], [key]);
      } else {
        const paper = { key, authors: next() < 0.5 ? ['Edward J. Hu'] : [], title: next() < 0.5 ? lora.title : 'Other', year: '2021', ...(next() < 0.6 ? { citekey: own[Math.floor(next() * own.length)] } : {}) };
        live.set(key, paper);
        book.update([paper]);
      }
      const given = [...live.keys()].map((paperKey) => book.get(paperKey));
      assert.ok(given.every((k) => k !== undefined), `step ${step}: every paper has a key`);
      assert.equal(new Set(given).size, given.length, `step ${step}: keys are unique`);
      for (const citekey of own) {
        const claimants = [...live.values()].filter((paper) => paper.citekey === citekey).map((paper) => paper.key);
        if (claimants.length) assert.ok(claimants.some((paperKey) => book.get(paperKey) === citekey), `step ${step}: ${citekey} is held by a paper claiming it`);
      }
    }
  });
});
