import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/core/languageService';
import { type TestWorkspace, workspace } from '../support/inMemoryWorkspace';

const seeds = [
  {
    file: '002-llm.md',
    text: '# LLM\n\n## PEFT\n\n| ID | Paper | Introduction |\n|---|---|---|\n| 1✡ | [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685) | 低秩适配 |\n',
  },
];
const lit = '---\narxiv: 2106.09685\ncitekey: hu2021lora\n---\n';

function rewrites(ws: TestWorkspace): Array<[string, string]> {
  const line = ws.texts.get(ws.cursor.uri)!.split('\n')[ws.cursor.position.line];
  return ws.service.codeActions(ws.cursor.uri, [], ws.cursor.position, line).map((action: CodeAction) => {
    const edit = action.edit?.changes?.[ws.cursor.uri]?.[0] as TextEdit | undefined;
    return [action.title, edit ? `${line.slice(edit.range.start.character, edit.range.end.character)} → ${edit.newText}` : String(action.command?.command)];
  });
}

describe('citation rewrites', () => {
  it('turns a bare ID into a titled link or a Pandoc citation', () => {
    const ws = workspace({ 'a.md': '读了 2106.0‸9685 很好', 'lit.md': lit }, seeds);
    assert.deepEqual(rewrites(ws), [
      ['Write as a Markdown link with the title', '2106.09685 → [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685)'],
      ['Write as arXiv:ID', '2106.09685 → arXiv:2106.09685'],
      ['Write as a Pandoc citation [@key]', '2106.09685 → [@hu2021lora]'],
    ]);
  });

  it('rewrites a whole Markdown link, never nesting links', () => {
    const ws = workspace({ 'a.md': 'see [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.0‸9685).', 'lit.md': lit }, seeds);
    assert.deepEqual(rewrites(ws), [
      ['Write as arXiv:ID', '[LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685) → arXiv:2106.09685'],
      ['Write as a Pandoc citation [@key]', '[LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685) → [@hu2021lora]'],
    ]);
  });

  it('turns a Pandoc citation alone in its brackets into the other forms, brackets and all', () => {
    const ws = workspace({ 'a.md': 'as in [@hu20‸21lora].', 'lit.md': lit }, seeds);
    assert.deepEqual(rewrites(ws), [
      ['Write as a Markdown link with the title', '[@hu2021lora] → [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685)'],
      ['Write as arXiv:ID', '[@hu2021lora] → arXiv:2106.09685'],
    ]);
  });

  it('offers to create a literature note for a paper that has none', () => {
    const ws = workspace({ 'a.md': 'arXiv:2106.0‸9685' }, seeds);
    assert.deepEqual(rewrites(ws).at(-1), ['Create a literature note for this paper', 'paperNotes.createLiteratureNoteForKey']);
    assert.equal(rewrites(workspace({ 'a.md': 'plain te‸xt' }, seeds)).length, 0);
  });

  it('offers the user\'s citation template first when that is the chosen format', () => {
    const ws = workspace({ 'a.md': '读了 arXiv:2106.0‸9685', 'lit.md': lit }, seeds);
    const service = createLanguageService({ index: ws.index, catalog: ws.catalog, citationSettings: () => ({ format: 'template', template: '{title} ({id})' }) });
    const line = ws.texts.get(ws.cursor.uri)!;
    const [first] = service.codeActions(ws.cursor.uri, [], ws.cursor.position, line);
    assert.equal(first.title, 'Write in your citation template');
    assert.equal((first.edit!.changes![ws.cursor.uri][0] as TextEdit).newText, 'LoRA: Low-Rank Adaptation (arXiv:2106.09685)');
  });
});
