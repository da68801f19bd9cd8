import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type CatalogPaper, compileCatalog } from '../../server/src/core/catalog';
import { searchableFromCatalog } from '../../server/src/core/features/citationIndex';
import { PaperSearch, type SearchablePaper } from '../../server/src/core/paperSearch';
import { seededRandom } from '../support/randomNotes';

const SEEDS = path.resolve(__dirname, '../../../seeds');

function catalogPapers(): CatalogPaper[] {
  const manifest = JSON.parse(readFileSync(path.join(SEEDS, 'seeds.json'), 'utf8')) as { file: string; title: string }[];
  const seeds = manifest.map(({ file, title }) => ({ file, title, text: readFileSync(path.join(SEEDS, file), 'utf8') }));
  return compileCatalog(seeds).catalog.papers;
}

const realCatalog = catalogPapers().map(searchableFromCatalog);
const real = new PaperSearch(realCatalog);

function paper(key: string, fields: Partial<SearchablePaper> = {}): SearchablePaper {
  return { key, aliases: [], authors: [], ...fields };
}

const small: SearchablePaper[] = [
  paper('arxiv:1706.03762', { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'], year: '2017', aliases: ['citekey:vaswani2017attention'] }),
  paper('arxiv:2106.09685', { title: 'LoRA: Low-Rank Adaptation of Large Language Models', authors: ['Edward J. Hu'], aliases: ['citekey:hu2021lora'], summary: '低秩适配：冻结预训练权重，只训练低秩矩阵。' }),
  paper('arxiv:1810.04805', { title: 'BERT: Pre-training of Deep Bidirectional Transformers', authors: ['Jacob Devlin'], summary: '双向编码器，掩码语言模型。' }),
  paper('arxiv:2305.14314', { title: 'QLoRA: Efficient Finetuning of Quantized LLMs', authors: ['Tim Dettmers'], summary: '4-bit 量化加 LoRA 适配器。' }),
  paper('doi:10.1000/rank', { title: 'A study of ranking', summary: 'This paper also discusses adaptation in passing.' }),
  paper('arxiv:2001.00001', { title: 'Adaptation Methods', summary: 'Nothing else.' }),
  paper('title:低秩分解的综述', { title: '低秩分解的综述', translatedTitle: 'A survey of low-rank decomposition' }),
  paper('openreview:abcDEF', { title: 'Vision Transformers Need Registers', authors: ['Timothée Darcet'] }),
  // Compatibility radical ⽂ (U+2F42) in the title, as copied from a PDF.
  paper('title:论文写作', { title: '论⽂写作指南' }),
];
const smallSearch = new PaperSearch(small);

describe('PaperSearch: finding papers', () => {
  const cases: { name: string; search: PaperSearch; query: string; key: string; within: number; reason?: 'id' | 'title' | 'fuzzy' }[] = [
    { name: 'Chinese query finds LoRA through its summary (real catalog)', search: real, query: '低秩', key: 'arxiv:2106.09685', within: 3 },
    { name: 'typo query finds the Transformer paper first (real catalog)', search: real, query: 'atention is all', key: 'arxiv:1706.03762', within: 1, reason: 'title' },
    { name: 'bare arXiv ID (real catalog)', search: real, query: '2106.09685', key: 'arxiv:2106.09685', within: 1, reason: 'id' },
    { name: 'arXiv ID with prefix and version (real catalog)', search: real, query: 'arXiv:2106.09685v2', key: 'arxiv:2106.09685', within: 1, reason: 'id' },
    { name: 'full-width arXiv prefix (real catalog)', search: real, query: 'arXiv：2106.09685', key: 'arxiv:2106.09685', within: 1, reason: 'id' },
    { name: 'the key itself', search: real, query: 'arxiv:1706.03762', key: 'arxiv:1706.03762', within: 1, reason: 'id' },
    { name: 'title words (real catalog)', search: real, query: 'low-rank adaptation', key: 'arxiv:2106.09685', within: 2 },
    { name: 'Pandoc key matches a citekey alias', search: smallSearch, query: 'hu2021lora', key: 'arxiv:2106.09685', within: 1, reason: 'id' },
    { name: 'Pandoc key with @', search: smallSearch, query: '@vaswani2017attention', key: 'arxiv:1706.03762', within: 1, reason: 'id' },
    { name: 'full citekey alias', search: smallSearch, query: 'citekey:hu2021lora', key: 'arxiv:2106.09685', within: 1, reason: 'id' },
    { name: 'author surname', search: smallSearch, query: 'vaswani', key: 'arxiv:1706.03762', within: 1, reason: 'fuzzy' },
    { name: 'author with a typo', search: smallSearch, query: 'dettmer', key: 'arxiv:2305.14314', within: 1 },
    { name: 'translated title', search: smallSearch, query: 'low-rank decomposition', key: 'title:低秩分解的综述', within: 1, reason: 'title' },
    { name: 'Chinese title over Chinese summary', search: smallSearch, query: '低秩', key: 'title:低秩分解的综述', within: 1, reason: 'title' },
    { name: 'radicals folded in the paper', search: smallSearch, query: '论文', key: 'title:论文写作', within: 1, reason: 'title' },
    { name: 'radicals folded in the query', search: smallSearch, query: '论⽂写作', key: 'title:论文写作', within: 1, reason: 'title' },
    { name: 'case does not matter', search: smallSearch, query: 'VISION TRANSFORMERS', key: 'openreview:abcDEF', within: 1, reason: 'title' },
    { name: 'a short prefix', search: smallSearch, query: 'qlo', key: 'arxiv:2305.14314', within: 1 },
  ];
  for (const { name, search, query, key, within, reason } of cases) {
    it(`${name}: ${JSON.stringify(query)}`, () => {
      const hits = search.search(query);
      const position = hits.findIndex((hit) => hit.paper.key === key);
      assert.ok(position >= 0 && position < within,
        `${key} at ${position}; got ${hits.slice(0, 5).map((hit) => `${hit.paper.key} ${hit.reason} ${hit.score.toFixed(3)}`).join(', ')}`);
      if (reason) assert.equal(hits[position].reason, reason);
      if (reason === 'id') assert.equal(hits[position].score, 0);
    });
  }

  it('finds nothing for a query matching nothing', () => {
    assert.deepEqual(smallSearch.search('zzzzqqqq'), []);
  });

  it('a title match ranks above a paper that mentions the word only in its summary', () => {
    const hits = smallSearch.search('adaptation');
    const titled = hits.findIndex((hit) => hit.paper.key === 'arxiv:2001.00001');
    const summaryOnly = hits.findIndex((hit) => hit.paper.key === 'doi:10.1000/rank');
    assert.ok(titled >= 0 && summaryOnly >= 0, JSON.stringify(hits.map((hit) => hit.paper.key)));
    assert.ok(titled < summaryOnly);
    assert.equal(hits[titled].reason, 'title');
    assert.equal(hits[summaryOnly].reason, 'fuzzy');
  });

  it('an ID match comes before a paper whose title contains the same digits', () => {
    const search = new PaperSearch([
      paper('title:about-2106-09685', { title: '2106.09685 explained' }),
      paper('arxiv:2106.09685', { title: 'LoRA' }),
    ]);
    const hits = search.search('2106.09685');
    assert.equal(hits[0].paper.key, 'arxiv:2106.09685');
    assert.equal(hits[0].reason, 'id');
    assert.equal(hits[1]?.paper.key, 'title:about-2106-09685');
  });
});

describe('PaperSearch: ranking ties', () => {
  // Identical titles, so fuse scores are equal; only the tie-breaks differ.
  const twin = (key: string, fields: Partial<SearchablePaper>) => paper(key, { title: 'Sparse Mixture of Experts', ...fields });
  const cases: { name: string; papers: SearchablePaper[]; order: string[] }[] = [
    { name: 'noted before cited', papers: [twin('doi:a', { citations: 9 }), twin('doi:b', { noted: true })], order: ['doi:b', 'doi:a'] },
    { name: 'cited before starred', papers: [twin('doi:a', { importance: 5 }), twin('doi:b', { citations: 1 })], order: ['doi:b', 'doi:a'] },
    { name: 'more citations first', papers: [twin('doi:a', { citations: 2 }), twin('doi:b', { citations: 7 })], order: ['doi:b', 'doi:a'] },
    { name: 'starred before plain', papers: [twin('doi:a', {}), twin('doi:b', { importance: 2 })], order: ['doi:b', 'doi:a'] },
    {
      name: 'noted > cited > starred > plain',
      papers: [twin('doi:plain', {}), twin('doi:star', { importance: 3 }), twin('doi:cited', { citations: 4 }), twin('doi:noted', { noted: true })],
      order: ['doi:noted', 'doi:cited', 'doi:star', 'doi:plain'],
    },
  ];
  for (const { name, papers, order } of cases) {
    it(name, () => {
      const hits = new PaperSearch(papers).search('mixture of experts');
      assert.deepEqual(hits.map((hit) => hit.paper.key), order);
    });
  }

  it('tie-breaks never beat a clearly better score', () => {
    const hits = new PaperSearch([
      paper('doi:noted', { title: 'Experts everywhere: a mixture', noted: true, citations: 50, importance: 5 }),
      paper('doi:exact', { title: 'Mixture of Experts' }),
    ]).search('mixture of experts');
    assert.equal(hits[0].paper.key, 'doi:exact');
  });

  it('several papers under one exact ID are all id hits, relevant first', () => {
    const hits = new PaperSearch([
      paper('doi:x', { aliases: ['citekey:same'] }),
      paper('doi:y', { aliases: ['citekey:same'], noted: true }),
    ]).search('same');
    assert.deepEqual(hits.map((hit) => [hit.paper.key, hit.reason]), [['doi:y', 'id'], ['doi:x', 'id']]);
  });
});

describe('PaperSearch: empty queries and limits', () => {
  const papers = [
    paper('doi:plain'),
    paper('doi:star', { importance: 2 }),
    paper('doi:cited', { citations: 3 }),
    paper('doi:noted', { noted: true }),
    paper('doi:noted-cited', { noted: true, citations: 1 }),
  ];
  for (const query of ['', '   ', '\t\n', '　']) {
    it(`empty query ${JSON.stringify(query)} lists the most relevant papers first`, () => {
      const hits = new PaperSearch(papers).search(query);
      assert.deepEqual(hits.map((hit) => hit.paper.key), ['doi:noted-cited', 'doi:noted', 'doi:cited', 'doi:star', 'doi:plain']);
    });
  }

  for (const [query, limit] of [['', 2], ['a', 3], ['transformer', 1], ['低秩', 1], ['2106.09685', 1], ['', 0], ['lora', 1000]] as const) {
    it(`never more than the limit: ${JSON.stringify(query)} limit ${limit}`, () => {
      const hits = real.search(query, { limit });
      assert.ok(hits.length <= limit);
      if (limit > 0 && query !== '') assert.ok(hits.length > 0);
    });
  }

  it('the default limit is 50', () => {
    assert.equal(real.search('').length, Math.min(50, realCatalog.length));
    assert.ok(real.search('a').length <= 50);
  });

  it('an empty catalog answers every query with nothing', () => {
    const search = new PaperSearch([]);
    assert.deepEqual(search.search(''), []);
    assert.deepEqual(search.search('lora'), []);
  });
});

describe('PaperSearch: hostile queries', () => {
  const hostile = [
    'a'.repeat(10_000),
    '低'.repeat(10_000),
    '.*+?^${}()|[]\\/',
    '(a+)+$',
    '\uD800',
    'lo\uDC00ra',
    '\uD83D\uDE00 emoji',
    '!^=\'"',
    '\u0000\u0001',
    'arxiv:',
    '@',
    '[@]',
    'v2',
  ];
  for (const query of hostile) {
    it(`does not throw: ${JSON.stringify(query.slice(0, 20))}`, () => {
      for (const search of [real, smallSearch]) {
        const hits = search.search(query, { limit: 10 });
        assert.ok(Array.isArray(hits) && hits.length <= 10);
      }
    });
  }

  it('survives papers with odd fields', () => {
    const search = new PaperSearch([
      paper('title:\uD800', { title: '\uD800', summary: '\uDC00'.repeat(5000) }),
      paper('doi:ok', { title: 'Fine', authors: [''], aliases: ['', ':'] }),
    ]);
    assert.equal(search.search('fine')[0].paper.key, 'doi:ok');
    search.search('\uD800');
  });
});

describe('PaperSearch: large catalogs', () => {
  it('builds over 20k synthetic papers and still finds the right one', () => {
    const words = ['neural', 'sparse', 'attention', 'graph', 'diffusion', 'language', 'vision', 'retrieval', 'agent', 'quantized'];
    const cjk = ['注意力', '稀疏', '扩散', '检索', '量化', '语言', '视觉', '图网络'];
    const papers: SearchablePaper[] = [];
    for (let i = 0; i < 20_000; i++) {
      const id = `${String(2000 + (i % 500)).padStart(4, '0')}.${String(i).padStart(5, '0')}`;
      papers.push(paper(`arxiv:${id}`, {
        title: `${words[i % 10]} ${words[(i * 7) % 10]} models ${i}`,
        authors: [`Author${i % 997}`],
        summary: `${cjk[i % 8]}与${cjk[(i * 3) % 8]}的方法`,
        citations: i % 13 === 0 ? 2 : 0,
      }));
    }
    papers.push(paper('arxiv:2401.99999', { title: 'Zebra Stripes Considered Harmful', summary: '斑马条纹' }));
    const search = new PaperSearch(papers);
    assert.equal(search.search('zebra stripes')[0].paper.key, 'arxiv:2401.99999');
    assert.equal(search.search('zebr stripse')[0].paper.key, 'arxiv:2401.99999');
    assert.equal(search.search('斑马')[0].paper.key, 'arxiv:2401.99999');
    assert.equal(search.search('2401.99999')[0].reason, 'id');
    assert.ok(search.search('neural models').length === 50);
    assert.ok(search.search('注意力').length > 0);
    assert.equal(search.search('', { limit: 5 }).length, 5);
  });

  it('built a slice at a time, answers exactly as one built at once, and a search finishes the build', () => {
    const papers: SearchablePaper[] = [];
    for (let i = 0; i < 5_000; i++) {
      papers.push(paper(`arxiv:2301.${String(i).padStart(5, '0')}`, { title: `Paper ${i} on ${['sparse', 'graph', 'diffusion'][i % 3]} models`, summary: `${['稀疏', '扩散'][i % 2]}方法 ${i}`, citations: i % 7 }));
    }
    const whole = new PaperSearch(papers);
    const sliced = new PaperSearch(papers, { inSlices: true });
    let slices = 0;
    while (sliced.buildSlice()) slices++;
    assert.ok(slices > 3, `built in ${slices} slices`);
    assert.equal(sliced.buildSlice(), false);
    for (const query of ['sparse models', 'Paper 4321', '扩散', '2301.00042', 'grph', '']) {
      assert.deepEqual(sliced.search(query).map((hit) => [hit.paper.key, hit.score, hit.reason]), whole.search(query).map((hit) => [hit.paper.key, hit.score, hit.reason]), query);
    }
    const halfway = new PaperSearch(papers, { inSlices: true });
    halfway.buildSlice();
    halfway.buildSlice();
    assert.deepEqual(halfway.search('Paper 4999').map((hit) => hit.paper.key), whole.search('Paper 4999').map((hit) => hit.paper.key));
    assert.equal(halfway.buildSlice(), false);
    assert.equal(new PaperSearch(papers, { inSlices: true }).size, 5_000);
  });

  it('answers an exact title first among 5,000 papers made of the same few words', () => {
    const words = ['sparse', 'neural', 'attention', 'graph', 'diffusion', 'language', 'vision', 'retrieval', 'agents', 'quantized'];
    const titleOf = (i: number) => [0, 1, 2, 3].map((digit) => words[Math.floor(i / 10 ** digit) % 10]).join(' ');
    const papers = Array.from({ length: 5_000 }, (_, i) => paper(`doi:10.1/${i}`, { title: titleOf(i), citations: i % 7 }));
    const search = new PaperSearch(papers);
    for (const i of [1234, 4321, 3570, 4987]) {
      const [first] = search.search(titleOf(i));
      assert.equal(first.paper.key, `doi:10.1/${i}`, titleOf(i));
      assert.equal(first.reason, 'title');
    }
  });

  it('finds each paper of a catalog larger than one block of postings by its own word', () => {
    const han = Array.from('模型学习语言注意力稀疏扩散检索量化视觉图网络训练推理对齐评测');
    const summaryOf = (i: number) => Array.from({ length: 80 }, (_, k) => han[(i * 7 + k * (1 + (i % 5))) % han.length]).join('');
    const wordOf = (i: number) => `q${i.toString(36)}x`;
    const papers = Array.from({ length: 30_000 }, (_, i) => paper(`doi:10.2/${i}`, {
      title: `Neural language models for ${wordOf(i)} and sparse attention over graphs`,
      authors: [`Author ${i % 101}`],
      summary: summaryOf(i),
    }));
    const search = new PaperSearch(papers);
    for (let i = 0; i < papers.length; i += 997) assert.equal(search.search(wordOf(i))[0]?.paper.key, `doi:10.2/${i}`, wordOf(i));
  });

  it('finds each paper of a small search whose postings outgrow its first (small) chunk', () => {
    // A few hundred papers with long summaries of rare characters: thousands of grams each, so
    // the postings need more than the room first made for a search this size.
    const next = seededRandom(5);
    const han = (count: number) => Array.from({ length: count }, () => String.fromCodePoint(0x4e00 + Math.floor(next() * 8000))).join('');
    const papers = Array.from({ length: 300 }, (_, i) => paper(`doi:10.5/${i}`, { title: `Paper ${i}`, summary: han(400) }));
    const search = new PaperSearch(papers);
    for (let i = 0; i < papers.length; i += 7) {
      const phrase = Array.from(papers[i].summary!).slice(100, 106).join('');
      assert.equal(search.search(phrase)[0]?.paper.key, `doi:10.5/${i}`, phrase);
    }
  });

  it('still finds papers when a gram is in more papers than a posting list keeps', () => {
    // Every paper has 'common title': those grams' lists are cut short, keeping the most relevant
    // papers (the noted one, then by key as text, so doi:10.3/99999 is among the last, not kept).
    const papers = Array.from({ length: 160_000 }, (_, i) => paper(`doi:10.3/${i}`, { title: `Common Title ${i.toString(36)}` }));
    papers[123_456] = { ...papers[123_456], noted: true };
    const search = new PaperSearch(papers);
    for (const i of [0, 99_999, 159_999]) {
      assert.equal(search.search(`common title ${i.toString(36)}`)[0].paper.key, `doi:10.3/${i}`);
      assert.equal(search.search(i.toString(36))[0].paper.key, `doi:10.3/${i}`);
    }
    const common = search.search('common title');
    assert.equal(common.length, 50);
    assert.equal(common[0].paper.key, 'doi:10.3/123456');
  });
});

describe('PaperSearch: which papers fuse.js sees', () => {
  // More papers share the query's words than fuse.js is given, and they are all more relevant
  // (noted): the paper fuse would rank first must still be among its candidates.
  const crowd = (title: (i: number) => string) => Array.from({ length: 400 }, (_, i) => paper(`doi:10.4/${i}`, { title: title(i), noted: true }));

  it('a phrase beats the same words scattered', () => {
    const search = new PaperSearch([
      ...crowd((i) => `Experts of ${i} kinds, and a mixture`),
      paper('title:moe', { title: 'Towards a mixture of experts, revisited in practice' }),
    ]);
    assert.equal(search.search('mixture of experts')[0].paper.key, 'title:moe');
  });

  it('a short title beats long titles with the same words', () => {
    const search = new PaperSearch([
      ...crowd((i) => `Sparse attention for long documents, and other things, number ${i}`),
      paper('title:sparse', { title: 'Sparse Attention' }),
    ]);
    assert.equal(search.search('sparse attention')[0].paper.key, 'title:sparse');
  });
});

describe('PaperSearch: several searches answering as one', () => {
  const words = ['sparse', 'neural', 'attention', 'graph', 'diffusion', 'language', 'vision', 'retrieval', 'agents', 'quantized', '低秩', '注意力'];
  /** Papers made of few words, so many tie, with priorities that often tie too. */
  function randomPapers(next: () => number, count: number, prefix: string): SearchablePaper[] {
    const word = () => words[Math.floor(next() * words.length)];
    return Array.from({ length: count }, (_, i) => paper(`${['arxiv', 'doi', 'title', 'citekey'][Math.floor(next() * 4)]}:${prefix}${i}`, {
      title: `${word()} ${word()} ${next() < 0.5 ? word() : ''}`.trim(),
      authors: next() < 0.5 ? [`${word()} Author`] : [],
      summary: next() < 0.3 ? `${word()}与${word()}` : undefined,
      noted: next() < 0.3,
      citations: Math.floor(next() * 3),
      importance: Math.floor(next() * 2),
    }));
  }
  const queries = ['', 'sparse', 'neural attention', 'atention', 'graph diff', '低秩', 'author', 'arxiv:a3', 'doi:a1', 'quantized vision agents', 'retrieval'];
  const keysOf = (hits: readonly { paper: SearchablePaper }[]) => hits.map((hit) => hit.paper.key);

  it('a base with papers withheld beside an overlay answers as one search over the same papers', () => {
    // Few papers, so no prefilter cuts its candidates short and the answers must be identical.
    for (let seed = 1; seed <= 30; seed++) {
      const next = seededRandom(seed);
      const base = randomPapers(next, 30, 'a');
      const overlay = randomPapers(next, 8, 'b');
      // Some base papers are replaced by new versions, some removed.
      const changed = base.filter(() => next() < 0.2).map((p) => ({ ...p, title: `${p.title} ${words[Math.floor(next() * words.length)]}`, noted: !p.noted }));
      const removed = base.filter((p) => !changed.some((c) => c.key === p.key) && next() < 0.1);
      const split = new PaperSearch(base);
      for (const p of [...changed, ...removed]) assert.ok(split.withhold(p.key), p.key);
      const extra = new PaperSearch([...overlay, ...changed]);
      const whole = new PaperSearch([...base.filter((p) => !changed.some((c) => c.key === p.key) && !removed.includes(p)), ...changed, ...overlay]);
      for (const query of queries) {
        for (const limit of [5, 50]) {
          assert.deepEqual(keysOf(PaperSearch.searchAll([split, extra], query, { limit })), keysOf(whole.search(query, { limit })), `seed ${seed}, ${JSON.stringify(query)}, limit ${limit}`);
        }
      }
    }
  });

  it('a withheld paper is never answered, even by its identifier', () => {
    const search = new PaperSearch(small);
    assert.equal(search.withhold('arxiv:2106.09685'), true);
    assert.equal(search.withhold('title:低秩分解的综述'), true);
    assert.equal(search.withhold('arxiv:0000.00000'), false);
    for (const query of ['2106.09685', 'hu2021lora', 'lora', '低秩', '']) {
      const keys = keysOf(search.search(query));
      assert.ok(!keys.includes('arxiv:2106.09685') && !keys.includes('title:低秩分解的综述'), `${query}: ${keys.join(', ')}`);
    }
    assert.equal(search.search('qlora')[0].paper.key, 'arxiv:2305.14314');
  });

  it('on a large base beside a small overlay, hits are as good as one search gives, and mostly the same', () => {
    // Here each prefilter picks its own candidates: the overlay's papers all become candidates
    // where one search over everything may have passed over some. So the hits may differ, but a
    // hit is never worse (by fuse score, within a tie) than one search's hit at the same rank.
    const next = seededRandom(99);
    const base = randomPapers(next, 6_000, 'a');
    const overlay = randomPapers(next, 300, 'b');
    const split = new PaperSearch(base);
    const extra = new PaperSearch(overlay);
    const whole = new PaperSearch([...base, ...overlay]);
    const asked = [...queries, ...words, ...words.map((w, i) => `${w} ${words[(i * 5) % words.length]}`), ...words.map((w, i) => `${w.slice(0, 3)} ${words[(i * 7) % words.length].slice(0, 4)}`)];
    let same = 0;
    for (const query of asked) {
      const together = PaperSearch.searchAll([split, extra], query, { limit: 10 });
      const one = whole.search(query, { limit: 10 });
      assert.equal(together.length, one.length, query);
      together.forEach((hit, rank) => assert.ok(hit.score <= one[rank].score + 0.0101, `${JSON.stringify(query)} at ${rank}: ${hit.score} vs ${one[rank].score}`));
      if (JSON.stringify(keysOf(together).slice(0, 3)) === JSON.stringify(keysOf(one).slice(0, 3))) same++;
    }
    assert.ok(same >= (2 / 3) * asked.length, `${same} of ${asked.length} have the same first three`);
  });
});
