/**
 * The incremental citation index against a build from scratch: after every edit (citations of new
 * papers, the last citation of one removed, entries retitled, literature notes and bibliography
 * entries added and removed, identifiers joined, arXiv metadata arriving) it offers the same
 * papers, in the same order, as an index built afresh over the same workspace index (with a
 * catalog of its own, so no description is shared through the describe cache); citation keys
 * stay unique and never change under a paper.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ArxivMetadata } from '../../server/src/core/arxivFeed';
import { parseBibliography } from '../../server/src/core/bibliography';
import { compileCatalog } from '../../server/src/core/catalog';
import { CatalogIndex } from '../../server/src/core/catalogIndex';
import { IncrementalCitationIndex, citationIndex, citationIndexInSlices } from '../../server/src/core/features/citationIndex';
import type { ArxivLookup, ArxivMetadataSource, FeatureContext } from '../../server/src/core/features/context';
import { describePaper } from '../../server/src/core/features/paperInfo';
import type { SearchablePaper } from '../../server/src/core/paperSearch';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { pick, seededRandom } from '../support/randomNotes';
import { llmSeed } from '../support/seedFixtures';

const seed = llmSeed(
  '| 2✡✡ | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | Transformer 架构 |',
  '| 3✡ | [Improving Language Understanding by Generative Pre-Training](https://cdn.openai.com/gpt1.pdf) | GPT-1 |',
);
const catalog = new CatalogIndex(compileCatalog([seed]).catalog);
/** The same catalog again: papers are described per index and catalog, so a build on it describes everything afresh. */
const sameCatalog = new CatalogIndex(compileCatalog([seed]).catalog);

/** arXiv answers arriving, as the host's cache reports them. */
class FakeArxiv implements ArxivMetadataSource {
  generation = 0;
  private readonly found = new Map<string, ArxivMetadata>();
  private readonly arrivals: Array<{ generation: number; ids: string[] }> = [];

  constructor(private readonly reportsIds = true) {}

  lookup(id: string): ArxivLookup {
    const metadata = this.found.get(id);
    return metadata ? { status: 'found', metadata } : { status: 'unknown' };
  }

  arrive(id: string, title: string): void {
    this.found.set(id, { id, title, authors: ['Ada Arrived'], summary: `${title} abstract`, published: '2024-02-03' } as unknown as ArxivMetadata);
    this.arrivals.push({ generation: ++this.generation, ids: [id] });
  }

  changedSince(generation: number): string[] | undefined {
    if (!this.reportsIds) return undefined;
    return this.arrivals.filter((arrival) => arrival.generation > generation).flatMap((arrival) => arrival.ids);
  }
}

const NOTES = ['a.md', 'b.md', 'c.md', 'lit-1.md', 'lit-2.md'].map((name) => `file:///ws/${name}`);
const BIB = 'file:///ws/refs.bib';
const IDS = ['2106.09685', '1706.03762', '2401.00001', '2401.00002', '2401.00003', '2401.00004', '2401.00005'];
const DOIS = ['10.1000/a', '10.1000/b', '10.1000/c'];
const TITLES = ['Sparse Attention Revisited', 'Low-Rank Tricks', 'Attention Is All You Need', 'Diffusion for Graphs', '低秩注意力', 'Quantized Agents'];
const CITEKEYS = ['hu2021lora', 'vaswani2017', 'mine2024', 'other'];

/** A random note: citations in every form, tables and lists of papers, maybe a literature note's front matter. */
function noteText(next: () => number, literature: boolean): string {
  const parts: string[] = [];
  if (literature && next() < 0.8) {
    const fields = [`arxiv: ${pick(next, IDS)}`];
    if (next() < 0.4) fields.push(`doi: ${pick(next, DOIS)}`);
    if (next() < 0.5) fields.push(`citekey: ${pick(next, CITEKEYS)}`);
    if (next() < 0.6) fields.push(`title: ${pick(next, TITLES)}`);
    if (next() < 0.4) fields.push('authors: [Grace Hopper]', 'year: 2023');
    parts.push(`---\n${fields.join('\n')}\n---\n`);
  }
  const count = Math.floor(next() * 5);
  for (let i = 0; i < count; i++) {
    const x = next();
    if (x < 0.25) parts.push(`读了 arXiv:${pick(next, IDS)} 。`);
    else if (x < 0.35) parts.push(`See doi:${pick(next, DOIS)} here.`);
    else if (x < 0.45) parts.push(`As [@${pick(next, CITEKEYS)}] says.`);
    else if (x < 0.7) {
      const rows = Array.from({ length: 1 + Math.floor(next() * 3) }, () => next() < 0.3
        ? `| ${pick(next, TITLES)} | |`
        : `| [${pick(next, TITLES)}](https://arxiv.org/abs/${pick(next, IDS)}) | ${next() < 0.3 ? `doi:${pick(next, DOIS)}` : '摘要'} |`);
      parts.push(`| 论文 | 说明 |\n|---|---|\n${rows.join('\n')}\n`);
    } else if (x < 0.85) parts.push(`- [${pick(next, TITLES)}](https://arxiv.org/abs/${pick(next, IDS)})${next() < 0.3 ? ` https://doi.org/${pick(next, DOIS)}` : ''}\n`);
    else parts.push('Just prose, nothing cited.');
  }
  return `${parts.join('\n\n')}\n`;
}

function bibText(next: () => number): string {
  const count = Math.floor(next() * 4);
  return Array.from({ length: count }, (_, i) => {
    const id = next() < 0.6 ? `  eprint = {${pick(next, IDS)}},\n  archivePrefix = {arXiv},\n` : next() < 0.5 ? `  doi = {${pick(next, DOIS)}},\n` : '';
    return `@misc{${CITEKEYS[i]},\n  title = {${pick(next, TITLES)}},\n  author = {Doe, Jane},\n  year = {2022},\n${id}}\n`;
  }).join('\n');
}

function contextOf(index: WorkspaceIndex, arxiv: ArxivMetadataSource, catalogIndex = catalog): FeatureContext {
  return { index, catalog: () => catalogIndex, workspaceFolders: () => ['file:///ws'], arxiv };
}

function fromScratch(index: WorkspaceIndex, arxiv: ArxivMetadataSource): IncrementalCitationIndex {
  return IncrementalCitationIndex.build(contextOf(index, arxiv, sameCatalog));
}

const QUERIES = ['', 'attention', 'low-rank', '低秩', 'sparse attn', 'graphs', 'hopper', 'doe', 'arrived', '2401.00003', 'arXiv:2106.09685', 'mine2024', '@hu2021lora', 'doi:10.1000/b', 'quantized'];

function answers(index: IncrementalCitationIndex): string[] {
  return QUERIES.map((query) => `${query} → ${index.search.search(query, { limit: 200 }).map((hit) => hit.paper.key).join(' ')}`);
}

/** A paper as offered, with aliases as a set: their order follows the order entries were found in. */
function offered(paper: SearchablePaper | undefined): unknown {
  return paper && { ...paper, aliases: [...paper.aliases].sort() };
}

function allKeys(index: IncrementalCitationIndex): string[] {
  return index.search.search('', { limit: 10_000 }).map((hit) => hit.paper.key);
}

function checkAgainstScratch(incremental: IncrementalCitationIndex, index: WorkspaceIndex, arxiv: ArxivMetadataSource, step: string): void {
  const scratch = fromScratch(index, arxiv);
  const keys = allKeys(scratch);
  assert.deepEqual(allKeys(incremental), keys, `${step}: the papers offered, most relevant first`);
  for (const key of keys) assert.deepEqual(offered(incremental.papers.get(key)), offered(scratch.papers.get(key)), `${step}: ${key}`);
  assert.deepEqual(answers(incremental), answers(scratch), step);
}

function checkKeys(index: IncrementalCitationIndex, before: Map<string, { citekey: string; own?: string }>, step: string): Map<string, { citekey: string; own?: string }> {
  const now = new Map<string, { citekey: string; own?: string }>();
  const seen = new Map<string, string>();
  for (const key of allKeys(index)) {
    const citekey = index.citekeys.get(key);
    assert.ok(citekey, `${step}: ${key} has a citation key`);
    assert.ok(!seen.has(citekey), `${step}: ${citekey} given to ${key} and ${seen.get(citekey)}`);
    seen.set(citekey, key);
    const own = (index.papers.get(key) as { citekey?: string }).citekey;
    now.set(key, { citekey, own });
  }
  for (const [key, { citekey, own }] of now) {
    const earlier = before.get(key);
    // A key once given stays, unless the paper's own key changed, or it now holds its own key
    // (which became free), or another paper took it as its own.
    if (earlier && earlier.own === own && citekey !== own) {
      const takenAsOwn = [...now.values()].some((other) => other.citekey === earlier.citekey && other.own === earlier.citekey);
      if (!takenAsOwn) assert.equal(citekey, earlier.citekey, `${step}: ${key} kept its key`);
    }
  }
  // A key someone claims as their own is held by one of them.
  for (const { own } of now.values()) {
    if (own) assert.ok([...now.values()].some((paper) => paper.own === own && paper.citekey === own), `${step}: ${own} is held by a paper claiming it`);
  }
  return now;
}

function randomRun(seed: number, steps: number, options: { limit?: { papers: number; share: number }; reportsIds?: boolean } = {}): { rebuilds: number } {
  const next = seededRandom(seed);
  const arxiv = new FakeArxiv(options.reportsIds ?? true);
  const index = new WorkspaceIndex();
  const context = contextOf(index, arxiv);
  const files = new Map<string, string>();
  let incremental = IncrementalCitationIndex.build(context, undefined, options.limit);
  let keys = checkKeys(incremental, new Map(), `seed ${seed}, start`);
  let rebuilds = 0;
  for (let step = 0; step < steps; step++) {
    const x = next();
    let what: string;
    if (x < 0.55) {
      const uri = pick(next, NOTES);
      const text = noteText(next, uri.includes('lit-'));
      files.set(uri, text);
      index.setDocument(uri, step + 2, text);
      what = `set ${uri}: ${JSON.stringify(text)}`;
    } else if (x < 0.6) {
      // An entry's title or description changed in place, everything else as it was.
      const uri = pick(next, [...files.keys()].concat(NOTES[0]));
      const before = files.get(uri) ?? '';
      const [from, to] = next() < 0.5 ? [pick(next, TITLES), pick(next, TITLES)] : next() < 0.5 ? ['摘要', '另一种说法'] : ['另一种说法', '摘要'];
      const text = before.replace(from, to);
      files.set(uri, text);
      index.setDocument(uri, step + 2, text);
      what = `in ${uri}, ${from} → ${to}: ${JSON.stringify(text)}`;
    } else if (x < 0.65) {
      // The same note with prose typed into it.
      const uri = pick(next, [...files.keys()].concat(NOTES[0]));
      const text = `${files.get(uri) ?? ''}More prose.\n`;
      files.set(uri, text);
      index.setDocument(uri, step + 2, text);
      what = `typed in ${uri}`;
    } else if (x < 0.75) {
      const uri = pick(next, NOTES);
      files.delete(uri);
      index.deleteDocument(uri);
      what = `deleted ${uri}`;
    } else if (x < 0.87) {
      if (next() < 0.25) {
        index.deleteDocument(BIB);
        what = 'deleted the bibliography';
      } else {
        const text = bibText(next);
        index.setBibliography(parseBibliography(BIB, step + 2, text, 'bibtex'));
        what = `bibliography: ${JSON.stringify(text)}`;
      }
    } else {
      const id = pick(next, IDS);
      arxiv.arrive(id, `${pick(next, TITLES)} (from arXiv)`);
      what = `metadata for ${id}`;
    }
    const label = `seed ${seed}, step ${step}, ${what}`;
    if (!incremental.update(context)) {
      incremental = IncrementalCitationIndex.build(context, incremental, options.limit);
      rebuilds++;
    }
    checkAgainstScratch(incremental, index, arxiv, label);
    keys = checkKeys(incremental, keys, label);
  }
  return { rebuilds };
}

describe('the incremental citation index against a build from scratch', () => {
  it('offers the same papers in the same order after every random edit, with the overlay never folded', () => {
    let rebuilds = 0;
    for (let seed = 1; seed <= 40; seed++) rebuilds += randomRun(seed, 30, { limit: { papers: 1e9, share: 1 } }).rebuilds;
    assert.equal(rebuilds, 0, 'every change applied to the overlay');
  });

  it('and when the overlay is folded into a new base every few papers (keys kept across rebuilds)', () => {
    let rebuilds = 0;
    for (let seed = 101; seed <= 115; seed++) rebuilds += randomRun(seed, 30, { limit: { papers: 3, share: 0 } }).rebuilds;
    assert.ok(rebuilds > 10, `${rebuilds} rebuilds`);
  });

  it('and when the metadata source cannot say which IDs changed (a rebuild each time answers arrive)', () => {
    for (let seed = 201; seed <= 210; seed++) randomRun(seed, 20, { reportsIds: false });
  });
});

describe('the incremental citation index, one change at a time', () => {
  function setUp(notes: Record<string, string>) {
    const arxiv = new FakeArxiv();
    const index = new WorkspaceIndex();
    for (const [name, text] of Object.entries(notes)) index.setDocument(`file:///ws/${name}`, 1, text);
    const context = contextOf(index, arxiv);
    const built = IncrementalCitationIndex.build(context);
    const current = () => {
      assert.ok(built.update(context), 'follows the change without a rebuild');
      return built;
    };
    return { arxiv, index, context, built, current };
  }
  const first = (index: IncrementalCitationIndex, query: string) => index.search.search(query)[0]?.paper;

  it('offers a paper a note cites for the first time, at once, from a small overlay', () => {
    const { index, current, built } = setUp({ 'a.md': 'arXiv:2106.09685\n' });
    assert.equal(first(built, '2401.00009'), undefined);
    index.setDocument('file:///ws/b.md', 1, '新读的论文 arXiv:2401.00009。\n');
    assert.equal(first(current(), '2401.00009')?.key, 'arxiv:2401.00009');
    assert.equal(built.overlaySize, 1);
    assert.ok(built.citekeys.get('arxiv:2401.00009'));
  });

  it('stops offering a paper when its last citation goes, and not before', () => {
    const { index, current } = setUp({ 'a.md': 'arXiv:2401.00009\n', 'b.md': 'arXiv:2401.00009 again\n' });
    index.setDocument('file:///ws/a.md', 2, 'nothing\n');
    assert.equal(first(current(), '2401.00009')?.key, 'arxiv:2401.00009');
    index.deleteDocument('file:///ws/b.md');
    assert.equal(first(current(), '2401.00009'), undefined);
    assert.equal(current().papers.get('arxiv:2401.00009'), undefined);
  });

  it("finds a paper by an entry's new title", () => {
    const { index, current } = setUp({ 'a.md': '- [Old Name](https://arxiv.org/abs/2401.00009)\n' });
    index.setDocument('file:///ws/a.md', 2, '- [Brand New Name](https://arxiv.org/abs/2401.00009)\n');
    assert.equal(first(current(), 'brand new')?.key, 'arxiv:2401.00009');
    assert.equal(current().papers.get('arxiv:2401.00009')?.title, 'Brand New Name');
  });

  it("takes a literature note's title and citation key, and gives them back when it goes", () => {
    const { index, current } = setUp({ 'a.md': 'arXiv:1706.03762\n' });
    const keyBefore = current().citekeys.get('arxiv:1706.03762');
    index.setDocument('file:///ws/lit.md', 1, '---\narxiv: 1706.03762\ncitekey: vaswani2017\ntitle: Attention (mine)\n---\n');
    assert.equal(current().papers.get('arxiv:1706.03762')?.title, 'Attention (mine)');
    assert.equal(current().citekeys.get('arxiv:1706.03762'), 'vaswani2017');
    assert.equal(first(current(), 'vaswani2017')?.key, 'arxiv:1706.03762');
    index.deleteDocument('file:///ws/lit.md');
    assert.equal(current().papers.get('arxiv:1706.03762')?.title, 'Attention Is All You Need');
    assert.notEqual(keyBefore, undefined);
  });

  it('offers bibliography entries as they are added and drops them as they go', () => {
    const { index, current } = setUp({});
    const bib = (title: string) => `@misc{mine2024,\n  title = {${title}},\n  eprint = {2401.00009},\n  archivePrefix = {arXiv},\n}\n`;
    index.setBibliography(parseBibliography(BIB, 1, bib('Quantized Agents'), 'bibtex'));
    assert.equal(first(current(), 'quantized agents')?.key, 'arxiv:2401.00009');
    assert.equal(current().citekeys.get('arxiv:2401.00009'), 'mine2024');
    index.setBibliography(parseBibliography(BIB, 2, bib('Sparse Graphs'), 'bibtex'));
    assert.equal(first(current(), 'sparse graphs')?.key, 'arxiv:2401.00009');
    index.deleteDocument(BIB);
    assert.equal(current().papers.get('arxiv:2401.00009'), undefined);
  });

  it('uses arXiv metadata when it arrives, describing only that paper again', () => {
    const { index, arxiv, current } = setUp({ 'a.md': 'arXiv:2401.00009 and arXiv:2401.00008\n' });
    arxiv.arrive('2401.00009', 'Arrived From The API');
    assert.equal(first(current(), 'arrived from')?.key, 'arxiv:2401.00009');
    assert.equal(current().overlaySize, 1);
    void index;
  });

  it('joins two papers an entry shows to be one, leaving no duplicate', () => {
    const { index, current } = setUp({ 'a.md': 'arXiv:2401.00009 and doi:10.1000/x\n' });
    assert.ok(current().papers.get('doi:10.1000/x'));
    index.setDocument('file:///ws/b.md', 1, '- [Joined Paper](https://arxiv.org/abs/2401.00009) https://doi.org/10.1000/x\n');
    assert.equal(current().papers.get('doi:10.1000/x'), undefined, 'the DOI is an alias now, not a paper of its own');
    const hits = current().search.search('doi:10.1000/x');
    assert.deepEqual(hits.map((hit) => hit.paper.key), ['arxiv:2401.00009']);
    index.deleteDocument('file:///ws/b.md');
    assert.ok(current().papers.get('doi:10.1000/x'), 'apart again');
  });

  it('folds the overlay into a new base past its limit, keeping every citation key', () => {
    const arxiv = new FakeArxiv();
    const index = new WorkspaceIndex();
    const context = contextOf(index, arxiv);
    index.setDocument('file:///ws/a.md', 1, 'arXiv:2401.00001\n');
    const limit = { papers: 2, share: 0 };
    const built = IncrementalCitationIndex.build(context, undefined, limit);
    const given = built.citekeys.get('arxiv:2401.00001');
    index.setDocument('file:///ws/b.md', 1, 'arXiv:2401.00002 arXiv:2401.00003 arXiv:2401.00004\n');
    assert.equal(built.update(context), false, 'too many changes: build anew');
    const rebuilt = IncrementalCitationIndex.build(context, built, limit);
    assert.equal(rebuilt.citekeys.get('arxiv:2401.00001'), given);
    assert.equal(rebuilt.overlaySize, 0);
  });
});

describe('the citation index built a slice at a time', () => {
  function workspace(): { index: WorkspaceIndex; arxiv: FakeArxiv } {
    const index = new WorkspaceIndex();
    const arxiv = new FakeArxiv();
    const next = seededRandom(99);
    for (let i = 0; i < 40; i++) index.setDocument(`file:///ws/n${i}.md`, 1, noteText(next, i % 5 === 0));
    index.setBibliography(parseBibliography('file:///ws/refs.bib', 1, bibText(next), 'bibtex'));
    return { index, arxiv };
  }

  it('gives what a build at once gives, though notes change between its slices', () => {
    const { index, arxiv } = workspace();
    const context = contextOf(index, arxiv);
    const slice = citationIndexInSlices(context);
    let slices = 0;
    while (slice()) {
      slices++;
      // A note cites a new paper, another is deleted, while the build is under way.
      if (slices === 2) index.setDocument('file:///ws/new.md', 1, '新读的论文 arXiv:2401.09999。\n');
      if (slices === 3) index.deleteDocument('file:///ws/n1.md');
    }
    assert.ok(slices >= 3, `built in ${slices} slices`);
    const built = citationIndex(context) as IncrementalCitationIndex;
    checkAgainstScratch(built, index, arxiv, 'after a build in slices');
    assert.equal(built.search.search('2401.09999')[0]?.paper.key, 'arxiv:2401.09999');
    assert.equal(citationIndexInSlices(context)(), false, 'nothing more to build');
  });

  it('is finished by a request that needs it before its last slice', () => {
    const { index, arxiv } = workspace();
    const context = contextOf(index, arxiv);
    const slice = citationIndexInSlices(context);
    assert.equal(slice(), true);
    const asked = citationIndex(context) as IncrementalCitationIndex;
    assert.equal(slice(), false, 'the request finished the build');
    assert.equal(citationIndex(context), asked);
    checkAgainstScratch(asked, index, arxiv, 'finished by a request');
  });
});

describe('describing papers for a build', () => {
  it('keeps nothing for hovers, so a large build does not push out what hovers keep', () => {
    const index = new WorkspaceIndex();
    index.setDocument('file:///ws/t.md', 1, '| 论文 | 简介 |\n|---|---|\n| [LoRA](https://arxiv.org/abs/2106.09685) | 低秩 |\n');
    const context = contextOf(index, new FakeArxiv());
    const kept = describePaper(context, 'arxiv:2106.09685').annotations;
    assert.equal(describePaper(context, 'arxiv:2106.09685').annotations, kept, 'a hover reads what was kept');
    for (let i = 0; i < 6_000; i++) describePaper(context, `arxiv:2401.${String(i).padStart(5, '0')}`, { keep: false });
    assert.equal(describePaper(context, 'arxiv:2106.09685').annotations, kept, 'still kept after a build described 6,000 papers');
    assert.notEqual(describePaper(context, 'arxiv:1706.03762', { keep: false }).annotations, describePaper(context, 'arxiv:1706.03762', { keep: false }).annotations);
  });
});
