import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { toBibtex, toCslJson, toFormattedCitation } from '../../server/src/core/bibliographyExport';
import { noteUri, workspace } from '../support/inMemoryWorkspace';

const lora = { paper: { scheme: 'arxiv' as const, id: '2106.09685' }, citekey: 'hu2021lora', title: 'LoRA: Low-Rank Adaptation of Large Language Models', authors: ['Edward J. Hu', 'Yelong Shen', 'Phillip Wallis'], year: '2021', category: 'cs.CL' };

describe('citation formats for export', () => {
  it('writes arXiv\'s own BibTeX style for a preprint', () => {
    assert.equal(toBibtex(lora), [
      '@misc{hu2021lora,',
      '  title = {LoRA: Low-Rank Adaptation of Large Language Models},',
      '  author = {Edward J. Hu and Yelong Shen and Phillip Wallis},',
      '  year = {2021},',
      '  eprint = {2106.09685},',
      '  archivePrefix = {arXiv},',
      '  primaryClass = {cs.CL},',
      '  url = {https://arxiv.org/abs/2106.09685}',
      '}',
      '',
    ].join('\n'));
  });

  it('escapes what BibTeX would read as markup, and keeps Chinese', () => {
    const bib = toBibtex({ paper: { scheme: 'doi', id: '10.1145/3219819.3220007' }, citekey: 'k', title: 'Q&A: 100% of $x_1$ {braces} 低秩', authors: [], year: '2018' });
    assert.match(bib, /^@article\{k,/);
    assert.match(bib, /title = \{Q\\&A: 100\\% of \\\$x\\_1\\\$ \\\{braces\\\} 低秩\}/);
    assert.match(bib, /doi = \{10\.1145\/3219819\.3220007\}/);
  });

  it('writes CSL-JSON with the arXiv ID as number and arXiv as publisher', () => {
    assert.deepEqual(toCslJson(lora), {
      id: 'hu2021lora',
      type: 'article',
      title: 'LoRA: Low-Rank Adaptation of Large Language Models',
      author: [{ family: 'Hu', given: 'Edward J.' }, { family: 'Shen', given: 'Yelong' }, { family: 'Wallis', given: 'Phillip' }],
      issued: { 'date-parts': [[2021]] },
      number: '2106.09685',
      publisher: 'arXiv',
      URL: 'https://arxiv.org/abs/2106.09685',
      DOI: '10.48550/arXiv.2106.09685',
    });
    assert.deepEqual((toCslJson({ ...lora, authors: ['胡爱德', 'Hu, Edward'] }).author as unknown[]), [{ literal: '胡爱德' }, { family: 'Hu', given: 'Edward' }]);
  });

  it('formats a plain citation', () => {
    assert.equal(toFormattedCitation(lora), 'Hu, E. J., Shen, Y., & Wallis, P. (2021). LoRA: Low-Rank Adaptation of Large Language Models. arXiv:2106.09685.');
  });
});

describe('bibliography export', () => {
  const notes = {
    'a.md': 'LoRA arXiv:2106.09685v2 and again https://arxiv.org/abs/2106.09685, GPT-3 arXiv:2005.14165 [cs.CL], [@hu2021lora], [@nobody2020].',
    'b.md': 'Attention arXiv:1706.03762',
    'lit.md': '---\narxiv: 2106.09685\ncitekey: hu2021lora\ntitle: LoRA\nauthors: [Edward J. Hu]\nyear: 2021\n---\n',
  };

  it('writes each paper a note cites once, with the keys completion uses, and names what it could not', () => {
    const ws = workspace(notes);
    const { text, papers, unresolved } = ws.service.bibliography(noteUri('a.md'), 'bibtex');
    assert.equal(papers, 2);
    assert.deepEqual(unresolved, ['nobody2020']);
    assert.equal((text.match(/^@misc\{/gm) ?? []).length, 2);
    assert.match(text, /@misc\{hu2021lora,/);
    assert.match(text, /primaryClass = \{cs\.CL\}/);
    assert.doesNotMatch(text, /1706\.03762/, 'b.md is another note');
  });

  it('writes the whole workspace as CSL-JSON', () => {
    const ws = workspace(notes);
    const { text, papers } = ws.service.bibliography(undefined, 'csl-json');
    const items = JSON.parse(text) as Array<{ id: string; number?: string }>;
    assert.equal(papers, 3);
    assert.deepEqual(items.map((item) => item.number).sort(), ['1706.03762', '2005.14165', '2106.09685']);
    assert.equal(new Set(items.map((item) => item.id)).size, 3, 'keys are unique');
  });

  it('gives one paper\'s citation text in each format', () => {
    const ws = workspace(notes);
    assert.match(ws.service.citationText('arxiv:2106.09685', 'bibtex') ?? '', /^@misc\{hu2021lora,/);
    assert.match(ws.service.citationText('citekey:hu2021lora', 'formatted') ?? '', /^Hu, E\. J\. \(2021\)\. LoRA\. arXiv:2106\.09685\.$/);
    assert.equal(JSON.parse(ws.service.citationText('arxiv:2106.09685', 'csl-json') ?? '{}').id, 'hu2021lora');
    assert.equal(ws.service.citationText('citekey:nobody2020', 'bibtex'), undefined);
  });
});
