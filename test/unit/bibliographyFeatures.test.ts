/**
 * Bibliography files and online arXiv metadata in the language features: citation keys resolve
 * through `.bib` and CSL-JSON entries (definition lands on the entry), bibliography entries are
 * completion candidates under their own keys, unknown keys are reported, and metadata from the
 * arXiv API (through the cache the host keeps) fills hovers, completion and diagnostics.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import type { ArxivMetadata } from '../../server/src/core/arxivFeed';
import { parseBibliography } from '../../server/src/core/bibliography';
import { CatalogIndex } from '../../server/src/core/catalogIndex';
import { IncrementalCitationIndex } from '../../server/src/core/features/citationIndex';
import type { ArxivLookup, ArxivMetadataSource, FeatureContext } from '../../server/src/core/features/context';
import { createLanguageService } from '../../server/src/core/languageService';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { type TestWorkspace, noteUri, textAt, workspace } from '../support/inMemoryWorkspace';
import { loraSeed } from '../support/seedFixtures';

const seeds = [loraSeed];

const BIB = [
  '% exported by Better BibTeX',
  '@string{neurips = "Advances in Neural Information Processing Systems"}',
  '',
  '@misc{hu2021lora,',
  '  title = {{LoRA}: Low-Rank Adaptation of Large Language Models},',
  '  author = {Hu, Edward J. and Shen, Yelong},',
  '  year = {2021},',
  '  eprint = {2106.09685},',
  '  archivePrefix = {arXiv},',
  '}',
  '',
  '@book{goodfellow2016deep,',
  '  title = {Deep Learning},',
  '  author = {Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron},',
  '  publisher = {MIT Press},',
  '  year = {2016},',
  '  abstract = {An introduction to a broad range of topics in deep learning.},',
  '}',
  '',
  '@inproceedings{wei2022chain,',
  '  title = {Chain-of-Thought Prompting Elicits Reasoning in Large Language Models},',
  '  author = {Wei, Jason},',
  '  booktitle = neurips,',
  '  year = {2022},',
  '  url = {https://arxiv.org/abs/2201.11903},',
  '}',
  '',
].join('\n');

function hoverText(ws: TestWorkspace): string {
  return (ws.service.hover(ws.cursor.uri, ws.cursor.position)!.contents as MarkupContent).value;
}

function definitionTargets(ws: TestWorkspace): string[] {
  return ws.service.definition(ws.cursor.uri, ws.cursor.position).map((l) => `${l.uri.replace(/^.*\//, '')}:${l.range.start.line}:${textAt(ws, l.uri, l.range)}`);
}

function complete(ws: TestWorkspace): CompletionItem[] {
  const line = ws.texts.get(ws.cursor.uri)!.split(/\r?\n/)[ws.cursor.position.line];
  return ws.service.completion(ws.cursor.uri, ws.cursor.position, line).items;
}

describe('bibliography files', () => {
  it('resolve a Pandoc key: go to definition lands on the key in the .bib entry', () => {
    const ws = workspace({ 'a.md': '如 [@goodfellow2016‸deep] 所述', 'refs.bib': BIB });
    assert.deepEqual(definitionTargets(ws), ['refs.bib:11:goodfellow2016deep']);
  });

  it('resolve keys in CSL-JSON too', () => {
    const csl = JSON.stringify([{ id: 'vaswani2017', type: 'article', title: 'Attention Is All You Need', author: [{ family: 'Vaswani', given: 'Ashish' }], issued: { 'date-parts': [[2017]] }, URL: 'https://arxiv.org/abs/1706.03762' }], null, 2);
    const ws = workspace({ 'a.md': 'see [@vaswani‸2017]', 'library.csl.json': csl });
    assert.deepEqual(definitionTargets(ws), ['library.csl.json:2:vaswani2017']);
    const text = hoverText(ws);
    assert.match(text, /\*\*Attention Is All You Need\*\*/);
    assert.match(text, /Ashish Vaswani · 2017/);
    assert.match(text, /citation key for `arXiv:1706\.03762`/);
  });

  it('hover a key with the entry\'s title, authors, year, abstract and a link to the entry', () => {
    const ws = workspace({ 'a.md': '[@goodfellow2016‸deep]', 'refs.bib': BIB });
    const text = hoverText(ws);
    assert.match(text, /\*\*Deep Learning\*\*/);
    assert.match(text, /Ian Goodfellow, Yoshua Bengio, Aaron Courville · 2016/);
    assert.match(text, /An introduction to a broad range of topics in deep learning\\\./);
    assert.match(text, /Bibliography: \[refs\\\.bib:12\]\(file:\/\/\/notes\/refs\.bib#L12\) `@goodfellow2016deep`/);
    assert.doesNotMatch(text, /not yet linked/);
  });

  it('tie a key to the paper its eprint names: the catalog\'s paper, cited under both', () => {
    const ws = workspace({ 'a.md': '[@hu2021‸lora] and arXiv:2106.09685', 'refs.bib': BIB }, seeds);
    const text = hoverText(ws);
    assert.match(text, /\*\*LoRA: Low\\-Rank Adaptation of Large Language Models\*\*/);
    assert.match(text, /低秩适配/);
    const references = ws.service.references(ws.cursor.uri, ws.cursor.position, false);
    assert.equal(references.length, 2, 'the key and the arXiv ID are one paper');
  });

  it('rank the bibliography below literature notes for a key, above note entries; for an ID below note entries', () => {
    const notes = {
      'a.md': 'x [@hu2021‸lora]',
      'list.md': '- [LoRA](https://arxiv.org/abs/2106.09685) 很好用\n',
      'refs.bib': BIB,
    };
    assert.deepEqual(definitionTargets(workspace(notes, seeds)), ['refs.bib:3:hu2021lora']);
    assert.deepEqual(definitionTargets(workspace({ ...notes, 'a.md': 'arXiv:2106.0‸9685' }, seeds)), ['list.md:0:']);
    assert.deepEqual(definitionTargets(workspace({ 'a.md': 'arXiv:2106.0‸9685', 'refs.bib': BIB }, seeds)), ['refs.bib:3:hu2021lora'], 'before the seeds');
    const withNote = workspace({ ...notes, 'lit.md': '---\ncitekey: hu2021lora\n---\n# LoRA\n' }, seeds);
    assert.deepEqual(definitionTargets(withNote), ['lit.md:1:hu2021lora'], 'a literature note first');
  });

  it('offer their entries in completion under their own keys', () => {
    const ws = workspace({ 'a.md': '见 [@deep learn‸', 'refs.bib': BIB }, seeds);
    const first = complete(ws)[0];
    assert.equal(first.label, 'Deep Learning');
    assert.equal((first.textEdit as TextEdit).newText, '[@goodfellow2016deep]');
    const lora = complete(workspace({ 'a.md': '见 [@低秩‸', 'refs.bib': BIB }, seeds))[0];
    assert.equal((lora.textEdit as TextEdit).newText, '[@hu2021lora]', 'the .bib key, not a generated one');
  });

  it('give the export the keys the bibliography defines', () => {
    const ws = workspace({ 'a.md': 'arXiv:2106.09685 and [@wei2022chain]', 'refs.bib': BIB }, seeds);
    const { text } = ws.service.bibliography(noteUri('a.md'), 'bibtex');
    assert.match(text, /@misc\{hu2021lora,/);
    assert.match(text, /@misc\{wei2022chain,[\s\S]*eprint = \{2201\.11903\}/);
  });

  it('report a Pandoc key nothing defines, once the workspace has a bibliography', () => {
    const note = '[@hu2021lora] [@nosuchkey2020] [@litkey]';
    const codes = (ws: TestWorkspace) => ws.service.diagnostics(noteUri('a.md')).filter((d) => d.code === 'citekey-unknown').map((d) => textAt(ws, noteUri('a.md'), d.range));
    assert.deepEqual(codes(workspace({ 'a.md': note, 'refs.bib': BIB, 'lit.md': '---\ncitekey: litkey\narxiv: 2106.09685\n---\n' })), ['@nosuchkey2020']);
    assert.deepEqual(codes(workspace({ 'a.md': note })), [], 'no bibliography: keys may live in a reference manager');
  });

  it('say nothing about unknown keys while files are still being read, or when no bibliography has entries', () => {
    const note = '[@nosuchkey2020]';
    const unknown = (ws: TestWorkspace) => ws.service.diagnostics(noteUri('a.md')).filter((d) => d.code === 'citekey-unknown').length;
    assert.equal(unknown(workspace({ 'a.md': note, 'references.json': '{"not": "csl"}' })), 0, 'a JSON file that is not CSL does not count');
    const ws = workspace({ 'a.md': note, 'refs.bib': BIB });
    assert.equal(unknown(ws), 1);
    const reading = createLanguageService({ index: ws.index, indexSettled: () => false });
    assert.equal(reading.diagnostics(noteUri('a.md')).filter((d) => d.code === 'citekey-unknown').length, 0);
  });

  it('never take pandoc-crossref labels for citations', () => {
    const ws = workspace({ 'a.md': 'See [@fig:arch], @sec:intro, [@tbl:results; @eq:loss] and [@hu2021lora].', 'refs.bib': BIB });
    assert.deepEqual(ws.index.getDocument(noteUri('a.md'))!.references.map((r) => r.key), ['citekey:hu2021lora']);
  });

  it('change the citation search when candidates change, not on every typed key', () => {
    const ws = workspace({ 'a.md': 'x', 'refs.bib': BIB });
    const catalog = CatalogIndex.empty();
    const context: FeatureContext = { index: ws.index, catalog: () => catalog, workspaceFolders: () => ['file:///ws'] };
    const search = IncrementalCitationIndex.build(context);
    ws.index.setDocument(noteUri('a.md'), 2, 'x [@smi');
    ws.index.setDocument(noteUri('a.md'), 3, 'x [@smith20');
    assert.ok(search.update(context));
    assert.equal(search.overlaySize, 0, 'typing a key');
    ws.index.setDocument(noteUri('a.md'), 4, 'x [@smith20] arXiv:1605.08386');
    assert.ok(search.update(context));
    assert.ok(search.overlaySize > 0, 'citing a new paper');
  });

  it('report their own problems as diagnostics in the bibliography file', () => {
    const broken = `${BIB}\n@article{broken,\n  title = {Missing brace,\n  year = 2020\n\n@misc{after, title = {Still read}}\n`;
    const ws = workspace({ 'a.md': '[@af‸ter]', 'refs.bib': broken });
    const diagnostics = ws.service.bibliographyDiagnostics(noteUri('refs.bib'));
    assert.ok(diagnostics.some((d) => d.severity === 1 && d.range.start.line === 27), JSON.stringify(diagnostics));
    assert.match(hoverText(ws), /\*\*Still read\*\*/, 'the entry after the broken one is still read');
    assert.deepEqual(ws.service.bibliographyDiagnostics(noteUri('a.md')), []);
  });
});

describe('the index with bibliographies', () => {
  it('equals a rebuild after bibliographies are set, changed, replaced by notes and deleted', () => {
    const uri = 'file:///ws/refs.bib';
    const index = new WorkspaceIndex();
    index.setDocument('file:///ws/a.md', 1, '[@hu2021lora]');
    index.setBibliography(parseBibliography(uri, 1, BIB, 'bibtex'));
    const generation = index.papersGeneration;
    assert.deepEqual(index.bibliographyEntriesOf('arxiv:2106.09685').map((e) => e.entry.citekey), ['hu2021lora']);
    index.setBibliography(parseBibliography(uri, 2, BIB.replace('hu2021lora', 'lora'), 'bibtex'));
    assert.ok(index.papersGeneration > generation, 'a changed key is a change of papers');
    assert.deepEqual(index.bibliographyEntriesOf('citekey:hu2021lora'), []);
    const rebuilt = new WorkspaceIndex();
    rebuilt.setDocument('file:///ws/a.md', 1, '[@hu2021lora]');
    rebuilt.setBibliography(parseBibliography(uri, 2, BIB.replace('hu2021lora', 'lora'), 'bibtex'));
    assert.deepEqual(index.snapshot(), rebuilt.snapshot());
    const unchanged = index.papersGeneration;
    index.setBibliography(parseBibliography(uri, 3, `\n${BIB.replace('hu2021lora', 'lora')}`, 'bibtex'));
    assert.equal(index.papersGeneration, unchanged, 'moving entries does not change papers');
    assert.deepEqual(index.deleteFolder('file:///ws'), ['file:///ws/a.md', uri]);
    assert.deepEqual(index.snapshot(), new WorkspaceIndex().snapshot());
  });
});

const HEAT_BATH: ArxivMetadata = {
  id: '1605.08386',
  version: 1,
  title: 'Heat-bath random walks with Markov bases',
  summary: 'Graphs on lattice points are studied whose edges come from a finite set of allowed moves of arbitrary length.',
  authors: ['Caprice Stanley', 'Tobias Windisch'],
  published: '2016-05-26T17:59:46Z',
  primaryCategory: 'math.CO',
  categories: ['math.CO', 'math.ST'],
};

/** A metadata source as the host's cache would answer, recording what was asked for. */
class FakeArxiv implements ArxivMetadataSource {
  readonly requested: string[] = [];
  generation = 0;
  constructor(private readonly answers: Record<string, ArxivLookup>) {}
  lookup(id: string, request: boolean): ArxivLookup {
    if (request) this.requested.push(id);
    return this.answers[id] ?? { status: 'unknown' };
  }
}

describe('online arXiv metadata', () => {
  it('fills a hover for a paper nothing else describes: title, authors, year, abstract', () => {
    const arxiv = new FakeArxiv({ '1605.08386': { status: 'found', metadata: HEAT_BATH } });
    const text = hoverText(workspace({ 'a.md': 'see arXiv:1605.0‸8386' }, [], { arxiv }));
    assert.match(text, /^\*\*Heat\\-bath random walks with Markov bases\*\*/);
    assert.match(text, /Caprice Stanley, Tobias Windisch · 2016/);
    assert.match(text, /Graphs on lattice points are studied/);
    assert.match(text, /From the arXiv API · math\\\.CO/);
    assert.deepEqual(arxiv.requested, [], 'a cached paper is not asked for');
  });

  it('says a paper is being looked up, and asks only from a hover', () => {
    const arxiv = new FakeArxiv({ '1605.08386': { status: 'pending' } });
    const ws = workspace({ 'a.md': 'see arXiv:1605.0‸8386 [@x]' }, [], { arxiv });
    assert.match(hoverText(ws), /Looking up `arXiv:1605\.08386` on arXiv… hover again in a moment/);
    assert.deepEqual(arxiv.requested, ['1605.08386']);
    ws.service.diagnostics(ws.cursor.uri);
    ws.service.completion(ws.cursor.uri, { line: 0, character: 0 }, 'see @heat');
    assert.deepEqual(arxiv.requested, ['1605.08386'], 'diagnostics and completion never send requests');
  });

  it('looks up a paper a note only labels, and prefers arXiv\'s title to the label', () => {
    const note = '- 随机游走：arXiv:1605.0‸8386 讲热浴随机游走。';
    const asking = new FakeArxiv({ '1605.08386': { status: 'pending' } });
    assert.match(hoverText(workspace({ 'a.md': note }, [], { arxiv: asking })), /Looking up/);
    assert.deepEqual(asking.requested, ['1605.08386']);
    const answered = new FakeArxiv({ '1605.08386': { status: 'found', metadata: HEAT_BATH } });
    const text = hoverText(workspace({ 'a.md': note }, [], { arxiv: answered }));
    assert.match(text, /^\*\*Heat\\-bath random walks with Markov bases\*\*/);
    assert.match(text, /\*\*Your notes\*\*/, 'the label stays the user\'s annotation');
  });

  it('does not look up papers the catalog or the user\'s bibliography describe', () => {
    const arxiv = new FakeArxiv({});
    hoverText(workspace({ 'a.md': 'arXiv:2106.0‸9685' }, seeds, { arxiv }));
    hoverText(workspace({ 'a.md': 'arXiv:2201.1‸1903', 'refs.bib': BIB }, [], { arxiv }));
    assert.deepEqual(arxiv.requested, []);
  });

  it('tells why nothing is known when offline, or when arXiv has no such paper', () => {
    const offline = new FakeArxiv({ '1605.08386': { status: 'offline', reason: 'online lookups are off in an untrusted workspace' } });
    assert.match(hoverText(workspace({ 'a.md': 'arXiv:1605.0‸8386' }, [], { arxiv: offline })), /Not in the offline cache: online lookups are off in an untrusted workspace/);
    const missing = new FakeArxiv({ '2312.99999': { status: 'missing', checkedAt: '2026-11-20T10:00:00Z' } });
    const ws = workspace({ 'a.md': 'arXiv:2312.9‸9999' }, [], { arxiv: missing });
    assert.match(hoverText(ws), /arXiv has no paper `2312\.99999` \(checked 2026-11-20\)/);
    const diagnostic = ws.service.diagnostics(ws.cursor.uri).find((d) => d.code === 'arxiv-not-found');
    assert.equal(diagnostic?.message, 'arXiv has no paper 2312.99999 (asked on 2026-11-20).');
  });

  it('makes cited papers findable by their arXiv title once the answer arrives', () => {
    const answers: Record<string, ArxivLookup> = {};
    const arxiv = new FakeArxiv(answers);
    const ws = workspace({ 'a.md': 'arXiv:1605.08386\n\n@heat bath‸' }, [], { arxiv });
    assert.equal(complete(ws).some((item) => item.label === HEAT_BATH.title), false);
    answers['1605.08386'] = { status: 'found', metadata: HEAT_BATH };
    arxiv.generation++;
    assert.equal(complete(ws)[0]?.label, HEAT_BATH.title);
  });
});
