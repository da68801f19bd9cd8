import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { noteUri, textAt, workspace } from '../support/inMemoryWorkspace';

const loraNote = `---
title: "LoRA: Low-Rank Adaptation of Large Language Models"
arxiv: 2106.09685
citekey: hu2021lora
authors: [Edward J. Hu, Yelong Shen]
year: 2021
---
# LoRA
`;

function hoverText(hover: Hover | undefined): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

describe('hover', () => {
  it('shows the identity, the literature note, the citation count and the links', () => {
    const ws = workspace({
      'reading/笔记.md': '本周读了 LoRA（arXiv：2106.0‸9685），很有用。\n再看 https://arxiv.org/pdf/2106.09685v2 。',
      'draft.md': 'We use LoRA [@hu2021lora] and https://huggingface.co/papers/2106.09685.',
      'literature/lora.md': loraNote,
    });
    const hover = ws.service.hover(ws.cursor.uri, ws.cursor.position);
    const text = hoverText(hover);
    assert.equal(textAt(ws, ws.cursor.uri, hover!.range!), 'arXiv：2106.09685');
    assert.match(text, /^\*\*LoRA: Low\\-Rank Adaptation of Large Language Models\*\*/);
    assert.match(text, /Edward J\\\. Hu, Yelong Shen · 2021/);
    assert.match(text, /`arXiv:2106\.09685` · arXiv preprint/);
    // The literature note declares citekey hu2021lora too, so [@hu2021lora] cites the same paper.
    assert.match(text, /Cited 4 times in 2 notes/);
    assert.match(text, /\*\*Your notes\*\*\n- \[literature\/lora\\\.md\]\(file:\/\/\/notes\/literature\/lora\.md\)/);
    assert.match(text, /\[arXiv abstract\]\(https:\/\/arxiv\.org\/abs\/2106\.09685\)/);
    assert.match(text, /\[PDF\]\(https:\/\/arxiv\.org\/pdf\/2106\.09685\)/);
  });

  it('tells the version written at this occurrence and links to it', () => {
    const ws = workspace({ 'a.md': 'see https://arxiv.org/abs/1706.0‸3762v7 now' });
    const text = hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.match(text, /v7 here/);
    assert.match(text, /https:\/\/arxiv\.org\/abs\/1706\.03762v7/);
    assert.match(text, /Cited once in 1 note/);
  });

  it('escapes note text so a crafted title cannot inject links or commands', () => {
    const ws = workspace({
      'a.md': 'arXiv:2106.0‸9685',
      'evil.md': '---\narxiv: 2106.09685\ntitle: "[click](command:workbench.action.quit) <img src=x onerror=alert(1)>"\n---\n',
    });
    const text = hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.doesNotMatch(text, /\]\(command:/);
    assert.doesNotMatch(text, /(?<!\\)<img/, 'raw HTML must arrive escaped');
    assert.match(text, /\\\[click\\\]\\\(command:workbench\\\.action\\\.quit\\\)/);
  });

  it('answers on DOIs, OpenReview links and citation keys too', () => {
    const doi = workspace({ 'a.md': 'doi:10.1145/3219‸819.3220007' });
    assert.match(hoverText(doi.service.hover(doi.cursor.uri, doi.cursor.position)), /\[DOI\]\(https:\/\/doi\.org\/10\.1145\/3219819\.3220007\)/);
    const openReview = workspace({ 'a.md': 'https://openreview.net/forum?id=rkgN‸KkHtvB' });
    assert.match(hoverText(openReview.service.hover(openReview.cursor.uri, openReview.cursor.position)), /openreview\.net\/forum\?id=rkgNKkHtvB/);
    const key = workspace({ 'a.md': 'as in [@vas‸wani2017]' });
    assert.match(hoverText(key.service.hover(key.cursor.uri, key.cursor.position)), /citation key/);
  });

  it('says nothing away from references, and nothing inside code', () => {
    const prose = workspace({ 'a.md': 'plain te‸xt arXiv:2106.09685' });
    assert.equal(prose.service.hover(prose.cursor.uri, prose.cursor.position), undefined);
    const code = workspace({ 'a.md': '```\narXiv:2106.0‸9685\n```\n' });
    assert.equal(code.service.hover(code.cursor.uri, code.cursor.position), undefined);
    const inline = workspace({ 'a.md': 'see `arXiv:2106.0‸9685`' });
    assert.equal(inline.service.hover(inline.cursor.uri, inline.cursor.position), undefined);
  });
});

describe('hover: what is remembered about a paper follows every change', () => {
  const entry = '| 论文 | 简介 |\n|---|---|\n| [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) | 低秩适配 |\n';
  it('moves an annotation when lines are typed above it, and counts what is cited meanwhile', () => {
    const ws = workspace({ 'table.md': entry, 'reading.md': '见 arXiv:2106.0‸9685。\n' });
    const hover = () => hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.match(hover(), /table\\\.md:3/);
    ws.index.setDocument(noteUri('table.md'), 2, `# 新标题\n\n${entry}`);
    assert.match(hover(), /table\\\.md:5/);
    assert.doesNotMatch(hover(), /table\\\.md:3\]/);
    ws.index.setDocument(noteUri('other.md'), 1, 'arXiv:2106.09685 and arXiv:2106.09685');
    assert.match(hover(), /Cited 4 times in 3 notes/);
  });

  it("shows what was typed into an annotation, and drops it once the row links another paper", () => {
    const ws = workspace({ 'table.md': entry, 'reading.md': '见 arXiv:2106.0‸9685。\n' });
    const hover = () => hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.match(hover(), /低秩适配/);
    ws.index.setDocument(noteUri('table.md'), 2, entry.replace('低秩适配', '低秩适配，省显存'));
    assert.match(hover(), /低秩适配，省显存/);
    ws.index.setDocument(noteUri('table.md'), 3, entry.replace('2106.09685', '1706.03762'));
    assert.doesNotMatch(hover(), /table\\\.md/);
  });

  it('finds an entry that names the paper by title alone, added after the first hover, and forgets it when deleted', () => {
    const ws = workspace({ 'table.md': entry, 'reading.md': '见 arXiv:2106.0‸9685。\n' });
    const hover = () => hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.doesNotMatch(hover(), /titles/);
    ws.index.setDocument(noteUri('titles.md'), 1, '- **论文**：[LoRA: Low-Rank Adaptation of Large Language Models](https://example.org/lora) — 只写了标题\n');
    assert.match(hover(), /titles\\\.md:1/);
    ws.index.deleteDocument(noteUri('titles.md'));
    assert.doesNotMatch(hover(), /titles/);
  });

  it('joins a DOI that a new literature note gives beside the arXiv ID', () => {
    const ws = workspace({ 'reading.md': '见 https://doi.org/10.1000/lo‸ra 。\n', 'table.md': entry });
    const hover = () => hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.doesNotMatch(hover(), /LoRA: Low/);
    ws.index.setDocument(noteUri('literature/lora.md'), 1, loraNote.replace('citekey: hu2021lora', 'doi: 10.1000/lora'));
    assert.match(hover(), /^\*\*LoRA: Low\\-Rank Adaptation/);
    assert.match(hover(), /table\\\.md:3/);
  });
});

describe('hover: papers stay apart', () => {
  it("an entry naming the paper by title alone is among the paper's annotations; other entries' labels lead nowhere", () => {
    const ws = workspace({
      'table.md': '| 论文 | 简介 |\n|---|---|\n| [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) | 低秩适配 |\n',
      'titles.md': '- **论文**：[LoRA: Low-Rank Adaptation of Large Language Models](https://example.org/lora) — 只写了标题\n',
      'reading.md': '见 arXiv:2106.0‸9685。\n',
    });
    const text = hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.match(text, /table\\\.md:3/);
    assert.match(text, /titles\\\.md:1/);
  });


  it('a DOI that one note gives beside another arXiv ID does not join that paper to this one', () => {
    const ws = workspace({
      'literature/lora.md': `${loraNote.replace('citekey: hu2021lora', 'doi: 10.1000/lora')}`,
      // Someone wrote the LoRA DOI beside the Transformer's arXiv ID: a confused entry, not a second LoRA ID.
      'mixed.md': '- Attention Is All You Need (doi:10.1000/lora), arXiv:1706.03762\n',
      'reading.md': 'LoRA arXiv:2106.0‸9685 and the Transformer arXiv:1706.03762 arXiv:1706.03762.',
    });
    const text = hoverText(ws.service.hover(ws.cursor.uri, ws.cursor.position));
    assert.match(text, /^\*\*LoRA: Low\\-Rank Adaptation/);
    assert.doesNotMatch(text, /Attention/);
    assert.doesNotMatch(text, /mixed/);
    // LoRA's arXiv ID here and its DOI in mixed.md: the Transformer's three are not counted as LoRA's.
    assert.match(text, /Cited 2 times in 2 notes/);
  });
});

describe('definition', () => {
  it('goes from any form of reference to the literature note that declares the paper', () => {
    const ws = workspace({ 'a.md': 'LoRA https://arxiv.org/pdf/2106.0‸9685v2.pdf', 'literature/lora.md': loraNote });
    const locations = ws.service.definition(ws.cursor.uri, ws.cursor.position);
    assert.equal(locations.length, 1);
    assert.equal(locations[0].uri, noteUri('literature/lora.md'));
    assert.equal(textAt(ws, locations[0].uri, locations[0].range), '2106.09685');
  });

  it('resolves a Pandoc key through a literature note that declares it', () => {
    const ws = workspace({ 'a.md': 'as shown [@hu20‸21lora]', 'literature/lora.md': loraNote });
    const [location] = ws.service.definition(ws.cursor.uri, ws.cursor.position);
    assert.equal(textAt(ws, location.uri, location.range), 'hu2021lora');
  });

  it('offers every literature note when several declare the paper, and none when none does', () => {
    const ws = workspace({
      'a.md': 'arXiv:2106.0‸9685',
      'n1.md': '---\narxiv: 2106.09685\n---\n',
      'n2.md': '---\nid: https://arxiv.org/abs/2106.09685v1\n---\n',
    });
    assert.deepEqual(ws.service.definition(ws.cursor.uri, ws.cursor.position).map((l) => l.uri), [noteUri('n1.md'), noteUri('n2.md')]);
    const twice = workspace({ 'a.md': 'arXiv:2106.0‸9685', 'n.md': '---\narxiv: 2106.09685\nurl: https://arxiv.org/abs/2106.09685\n---\n' });
    assert.deepEqual(twice.service.definition(twice.cursor.uri, twice.cursor.position).map((l) => l.uri), [noteUri('n.md')], 'one location per note');
    const none = workspace({ 'a.md': 'arXiv:1706.0‸3762' });
    assert.deepEqual(none.service.definition(none.cursor.uri, none.cursor.position), []);
  });
});

describe('references', () => {
  const notes = {
    'a.md': 'Transformer: arXiv:1706.0‸3762 and again https://arxiv.org/abs/1706.03762v5.',
    'b.md': '| x | [Attention](https://arxiv.org/pdf/1706.03762) |\n|---|---|\n\n`arXiv:1706.03762` in code is not one.',
    'c.md': 'doi.org form: https://doi.org/10.48550/arXiv.1706.03762 and 1706.03762 bare.',
    'lit.md': '---\nid: arXiv:1706.03762\n---\n',
    'other.md': 'arXiv:2106.09685',
  };

  it('finds every occurrence of the paper in every form across the workspace', () => {
    const ws = workspace(notes);
    const found = ws.service.references(ws.cursor.uri, ws.cursor.position, false).map((l) => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${textAt(ws, l.uri, l.range)}`);
    assert.deepEqual(found, [
      'a.md:arXiv:1706.03762',
      'a.md:https://arxiv.org/abs/1706.03762v5',
      'b.md:https://arxiv.org/pdf/1706.03762',
      'c.md:https://doi.org/10.48550/arXiv.1706.03762',
      'c.md:1706.03762',
    ]);
  });

  it('includes the literature note declaration when asked', () => {
    const ws = workspace(notes);
    const found = ws.service.references(ws.cursor.uri, ws.cursor.position, true).map((l) => l.uri.slice(l.uri.lastIndexOf('/') + 1));
    assert.ok(found.includes('lit.md'));
    assert.equal(found.length, 6);
  });
});

describe('document links', () => {
  it('links every reference to its canonical page, URLs as written, keys to their note', () => {
    const ws = workspace({
      'a.md': 'arXiv:2106.09685, https://arxiv.org/pdf/1706.03762v7, doi:10.1145/3219819.3220007, [@hu2021lora], [@unknown2020]',
      'lit.md': '---\ncitekey: hu2021lora\n---\n',
    });
    const uri = noteUri('a.md');
    const links = ws.service.documentLinks(uri).map((l) => [textAt(ws, uri, l.range), l.target]);
    assert.deepEqual(links, [
      ['arXiv:2106.09685', 'https://arxiv.org/abs/2106.09685'],
      ['https://arxiv.org/pdf/1706.03762v7', 'https://arxiv.org/pdf/1706.03762v7'],
      ['doi:10.1145/3219819.3220007', 'https://doi.org/10.1145/3219819.3220007'],
      ['@hu2021lora', noteUri('lit.md')],
    ]);
  });
});

describe('document highlights', () => {
  it('highlights the same paper in the note, whatever its form, and nothing else', () => {
    const ws = workspace({ 'a.md': '---\narxiv: 2106.09685\n---\nLoRA arXiv:2106.0‸9685v1, GPT-3 arXiv:2005.14165, LoRA again https://arxiv.org/abs/2106.09685' });
    const highlights = ws.service.documentHighlights(ws.cursor.uri, ws.cursor.position);
    assert.deepEqual(highlights.map((h) => [textAt(ws, ws.cursor.uri, h.range), h.kind]), [
      ['2106.09685', 3],
      ['arXiv:2106.09685v1', 2],
      ['https://arxiv.org/abs/2106.09685', 2],
    ]);
  });
});
