/** Citation completion: triggers (ASCII and full-width), Chinese and typo queries, ranking and every insertion format. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import type { CitationSettings } from '../../server/src/core/features/completion';
import { createLanguageService } from '../../server/src/core/languageService';
import { type TestWorkspace, workspace } from '../support/inMemoryWorkspace';
import { llmSeed } from '../support/seedFixtures';

const seeds = [
  llmSeed(
    '| 2✡✡✡✡✡ | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | Transformer 架构 |',
    '| 3✡ | [Improving Language Understanding by Generative Pre-Training](https://cdn.openai.com/gpt1.pdf) | GPT-1 |',
  ),
];

function complete(ws: TestWorkspace): CompletionItem[] {
  const text = ws.texts.get(ws.cursor.uri)!;
  const line = text.split(/\r?\n/)[ws.cursor.position.line];
  return ws.service.completion(ws.cursor.uri, ws.cursor.position, line).items;
}

function edit(item: CompletionItem): string {
  return (item.textEdit as TextEdit).newText;
}

describe('citation completion', () => {
  const cases: Array<[string, string, string]> = [
    ['Pandoc bracket', '见 [@低秩‸', '[@huLoRALowRank2021]'],
    ['full-width bracket', '见【@低秩‸', '[@huLoRALowRank2021]'],
    ['suppressed author', 'as [-@lora‸', '[-@huLoRALowRank2021]'],
    // No author is known for this paper here, so its key starts with the title.
    ['after a semicolon in a bracket', '[see @a; @attention‸', '@AttentionNeed2017'],
    ['arXiv prefix', 'arXiv:2106‸', 'arXiv:2106.09685'],
    ['full-width arXiv prefix', '论文 arXiv：低秩‸', 'arXiv:2106.09685'],
    ['bare @ uses the chosen format (Markdown link by default)', '读了 @低秩‸', '[LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)'],
    ['full-width ＠', '读了 ＠lora‸', '[LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)'],
    ['typo', '@atention is‸', '[Attention Is All You Need](https://arxiv.org/abs/1706.03762)'],
  ];
  for (const [name, line, expected] of cases) {
    it(`${name}: ${line} → ${expected}`, () => {
      const ws = workspace({ 'a.md': line, 'lit.md': '---\narxiv: 2106.09685\nauthors: [Edward J. Hu]\nyear: 2021\n---\n' }, seeds);
      const items = complete(ws);
      assert.ok(items.length > 0, 'offers papers');
      assert.equal(edit(items[0]), expected);
      // The whole trigger is replaced, full-width forms included, so the note gets ASCII syntax.
      const range = (items[0].textEdit as TextEdit).range;
      assert.equal(range.end.character, ws.cursor.position.character);
    });
  }

  it('offers nothing outside a citation context, and nothing for an e-mail address', () => {
    for (const line of ['plain text‸', 'mail me at me@exam‸', 'see `code‸']) {
      assert.deepEqual(complete(workspace({ 'a.md': line }, seeds)), [], line);
    }
  });

  it('does not add a closing bracket the editor already inserted', () => {
    const ws = workspace({ 'a.md': '[@lora‸]' }, seeds);
    assert.equal(edit(complete(ws)[0]), '[@LoRALowRank2021');
  });

  it('uses the literature note\'s citation key and title', () => {
    const ws = workspace({ 'a.md': '[@attention‸', 'lit.md': '---\narxiv: 1706.03762\ncitekey: vaswani2017attention\ntitle: Attention (Vaswani et al.)\n---\n' }, seeds);
    const [item] = complete(ws);
    assert.equal(edit(item), '[@vaswani2017attention]');
    assert.equal(item.label, 'Attention (Vaswani et al.)');
  });

  it('keeps the search order for the editor and lets every item through its filter', () => {
    const ws = workspace({ 'a.md': '[@l‸' }, seeds);
    const items = complete(ws);
    assert.deepEqual(items.map((item) => item.sortText), [...items.map((item) => item.sortText)].sort());
    for (const item of items) assert.equal(item.filterText, '[@l');
  });

  it('labels items with the title, details with ID, year and topic, and resolves the card from the key alone', () => {
    const ws = workspace({ 'a.md': '[@低秩‸', 'lit.md': '---\narxiv: 2106.09685\nyear: 2021\n---\n' }, seeds);
    const [item] = complete(ws);
    assert.equal(item.label, 'LoRA: Low-Rank Adaptation of Large Language Models');
    assert.equal(item.detail, 'arXiv:2106.09685 · 2021 · LLM_Paper_Reading › PEFT');
    const resolved = ws.service.resolveCompletion({ label: 'anything', data: item.data });
    assert.match((resolved.documentation as MarkupContent).value, /低秩适配/);
  });

  it('offers papers known only from the user\'s notes, and citation keys of literature notes', () => {
    const ws = workspace({ 'a.md': '[@own‸', 'n.md': '- [My own favourite paper](https://arxiv.org/abs/2401.00001) 笔记\n' }, seeds);
    assert.equal((complete(ws)[0].data as { key: string }).key, 'arxiv:2401.00001');
    const byKey = workspace({ 'a.md': '[@hu2021‸', 'lit.md': '---\narxiv: 2106.09685\ncitekey: hu2021lora\n---\n' }, seeds);
    assert.equal(edit(complete(byKey)[0]), '[@hu2021lora]');
  });
});

describe('citation formats', () => {
  const formats: Array<[CitationSettings, string]> = [
    [{ format: 'markdown', template: '' }, '[Attention Is All You Need](https://arxiv.org/abs/1706.03762)'],
    [{ format: 'arxiv', template: '' }, 'arXiv:1706.03762'],
    [{ format: 'pandoc', template: '' }, '@vaswaniAttentionNeed2017'],
    [{ format: 'template', template: '{firstAuthor} ({year}): {title} <{url}> [{id}] @{key}' }, 'Ashish Vaswani (2017): Attention Is All You Need <https://arxiv.org/abs/1706.03762> [arXiv:1706.03762] @vaswaniAttentionNeed2017'],
  ];
  for (const [settings, expected] of formats) {
    it(settings.format, () => {
      const ws = workspace({ 'a.md': '@attention‸', 'lit.md': '---\narxiv: 1706.03762\nauthors: [Ashish Vaswani]\nyear: 2017\n---\n' }, seeds);
      const service = createLanguageService({ index: ws.index, catalog: ws.catalog, citationSettings: () => settings });
      const line = ws.texts.get(ws.cursor.uri)!;
      assert.equal(edit(service.completion(ws.cursor.uri, ws.cursor.position, line).items[0]), expected);
    });
  }

  it('falls back to a Markdown link, or the title, where a format does not fit the paper', () => {
    const ws = workspace({ 'a.md': '@Generative Pre‸' }, seeds);
    const service = createLanguageService({ index: ws.index, catalog: ws.catalog, citationSettings: () => ({ format: 'arxiv', template: '' }) });
    assert.equal(edit(service.completion(ws.cursor.uri, ws.cursor.position, ws.texts.get(ws.cursor.uri)!).items[0]), 'Improving Language Understanding by Generative Pre-Training');
  });
});

describe('workspace symbols', () => {
  it('finds papers by Chinese or English words, placed at their literature note, entry or seed entry', () => {
    const ws = workspace({ 'lit.md': '---\narxiv: 1706.03762\ntitle: Attention Is All You Need\n---\n', 'n.md': '- [My own favourite paper](https://arxiv.org/abs/2401.00001) 笔记\n' }, seeds);
    const at = (query: string) => ws.service.workspaceSymbols(query).map((s) => `${s.name} @ ${s.location.uri.replace(/^.*\//, '')}:${s.location.range.start.line}`);
    assert.equal(at('低秩')[0], 'LoRA: Low-Rank Adaptation of Large Language Models @ 002-llm.md:6');
    assert.equal(at('attention')[0], 'Attention Is All You Need @ lit.md:1');
    assert.equal(at('favourite')[0], 'My own favourite paper @ n.md:0');
    assert.equal(ws.service.workspaceSymbols('低秩')[0].containerName, 'arXiv:2106.09685');
  });
});
