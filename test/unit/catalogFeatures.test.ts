/** Hover, definition, the Topics tree and literature-note templates when a catalog is present. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { SEEDS_ROOT, noteUri, workspace } from '../support/inMemoryWorkspace';
import { llmSeed } from '../support/seedFixtures';

const seeds = [
  llmSeed(
    '| 2✡ | [Prefix-Tuning](https://arxiv.org/abs/2101.00190) | 只训练前缀 |',
  ),
  {
    file: '004-recommended.md',
    text: ['# 人工智能领域论文推荐', '', '## 微调', '', '- **论文**：[🔥*LoRA*](https://arxiv.org/abs/2106.09685)', '- **简介**：参数高效微调', ''].join('\n'),
  },
];

describe('with a catalog', () => {
  it('hovers a seed paper with its title, topics, stars, Chinese summary and seed entry', () => {
    const ws = workspace({ 'a.md': '本周读了 arXiv:2106.0‸9685。' }, seeds);
    const text = (ws.service.hover(ws.cursor.uri, ws.cursor.position)!.contents as MarkupContent).value;
    assert.match(text, /^\*\*LoRA: Low\\-Rank Adaptation of Large Language Models\*\*/);
    assert.match(text, /✡✡✡✡✡/);
    assert.match(text, /Topics: LLM\\_Paper\\_Reading › PEFT; 人工智能领域论文推荐 › 微调/);
    assert.match(text, /低秩适配：冻结预训练权重/);
    assert.match(text, /\[Seed entry\]\(file:\/\/\/extension\/seeds\/002-llm\.md#L7\)/);
  });

  it('puts the user\'s own annotations before the seed summary', () => {
    const ws = workspace(
      {
        'a.md': 'LoRA arXiv:2106.0‸9685',
        'table.md': '## 我的微调笔记\n\n| 方法 | 论文 | 备注 |\n|---|---|---|\n| LoRA | [LoRA](https://arxiv.org/abs/2106.09685) | 我的复现：rank 8 就够了 |\n',
      },
      seeds,
    );
    const text = (ws.service.hover(ws.cursor.uri, ws.cursor.position)!.contents as MarkupContent).value;
    const notes = text.indexOf('**Your notes**');
    assert.ok(notes > 0 && notes < text.indexOf('低秩适配'), text);
    assert.match(text, /\[table\\\.md:5\]\(file:\/\/\/notes\/table\.md#L5\) 我的复现：rank 8 就够了/);
  });

  it('goes to literature notes; else to entries in notes; else to the seed entries', () => {
    const notes = {
      'a.md': 'arXiv:2106.0‸9685',
      'lit.md': '---\narxiv: 2106.09685\n---\n# LoRA\n',
      'list.md': '- [LoRA](https://arxiv.org/abs/2106.09685) 很好用\n',
    };
    const targets = (ws: ReturnType<typeof workspace>) => ws.service.definition(ws.cursor.uri, ws.cursor.position).map((l) => `${l.uri.replace(/^.*\//, '')}:${l.range.start.line}`);
    assert.deepEqual(targets(workspace(notes, seeds)), ['lit.md:1'], 'one literature note: the editor jumps to it');
    assert.deepEqual(targets(workspace({ 'a.md': notes['a.md'], 'list.md': notes['list.md'] }, seeds)), ['list.md:0']);
    assert.deepEqual(targets(workspace({ 'a.md': notes['a.md'] }, seeds)), ['002-llm.md:6', '004-recommended.md:4']);
  });

  it('never mixes up two papers that share a title', () => {
    // The seed's LoRA is arXiv 2106.09685; the user's list names a different paper "LoRA".
    const ws = workspace({ 'a.md': 'see arXiv:2305.1‸4314', 'list.md': '- [LoRA](https://arxiv.org/abs/2305.14314) 另一篇\n', 'b.md': 'arXiv:2106.09685' }, seeds);
    const text = (ws.service.hover(ws.cursor.uri, ws.cursor.position)!.contents as MarkupContent).value;
    assert.doesNotMatch(text, /Topics:|✡|2021/, text);
    assert.match(text, /Cited 2 times in 2 notes/, 'a.md and the link in list.md, not the other LoRA');
    assert.deepEqual(ws.service.references(ws.cursor.uri, ws.cursor.position, true).map((l) => l.uri.replace(/^.*\//, '')), ['a.md', 'list.md']);
    assert.match(ws.service.literatureNoteTemplate('arxiv:2305.14314')?.text ?? '', /arxiv: "2305\.14314"/);
  });

  it('names a citation key its literature note ties to an arXiv paper, with that paper\'s links', () => {
    const ws = workspace({ 'a.md': 'as in [@hu20‸21lora]', 'lit.md': '---\narxiv: 2106.09685\ncitekey: hu2021lora\n---\n' });
    const text = (ws.service.hover(ws.cursor.uri, ws.cursor.position)!.contents as MarkupContent).value;
    assert.match(text, /`@hu2021lora` · citation key for `arXiv:2106\.09685`/);
    assert.doesNotMatch(text, /not yet linked/);
    assert.match(text, /\[arXiv abstract\]\(https:\/\/arxiv\.org\/abs\/2106\.09685\)/);
  });

  it('lists seeds, their topics and papers, then the user\'s topics', () => {
    const ws = workspace({ 'lit.md': '---\narxiv: 2106.09685\ntags: [PEFT, 微调]\n---\n' }, seeds);
    const roots = ws.service.topics();
    assert.deepEqual(roots.map((n) => [n.kind, n.label]), [
      ['seed', 'LLM_Paper_Reading'],
      ['seed', '人工智能领域论文推荐'],
      ['notes', 'My notes'],
    ]);
    // The seed's title heading is not shown twice: the seed opens on its topics.
    const [peft] = ws.service.topics(roots[0].id);
    assert.equal(peft.label, 'PEFT');
    assert.equal(peft.description, '2');
    const papers = ws.service.topics(peft.id);
    assert.deepEqual(papers.map((p) => p.label), ['LoRA: Low-Rank Adaptation of Large Language Models', 'Prefix-Tuning']);
    const lora = papers[0];
    assert.equal(lora.description, 'arXiv:2106.09685 · ✡✡✡✡✡ · 📝');
    assert.match(lora.tooltip ?? '', /低秩适配/);
    assert.deepEqual(lora.paper?.notes, [{ uri: noteUri('lit.md'), line: 0 }]);
    assert.deepEqual(lora.paper?.seedEntry, { uri: `${SEEDS_ROOT}/002-llm.md`, line: 6 });
    assert.equal(lora.paper?.links[0].url, 'https://arxiv.org/abs/2106.09685');

    const userTopics = ws.service.topics('notes');
    assert.deepEqual(userTopics.map((t) => t.label), ['PEFT', '微调']);
    assert.deepEqual(ws.service.topics(userTopics[1].id).map((p) => p.paper?.key), ['arxiv:2106.09685']);
  });

  it('answers nothing for unknown tree nodes', () => {
    const ws = workspace({}, seeds);
    assert.deepEqual(ws.service.topics('topic:nowhere#1'), []);
    assert.deepEqual(ws.service.topics('bogus'), []);
  });

  it('links a literature note created for a paper with no identifier back to it', () => {
    const titleSeeds = [{ file: 'x.md', text: '# X\n\n## Blogs\n\n- **论文**：[Improving Language Understanding by Generative Pre-Training](https://cdn.openai.com/gpt1.pdf)\n' }];
    const before = workspace({}, titleSeeds);
    const key = before.service.topics('topic:x.md#2')[0].paper!.key;
    assert.match(key, /^title:/);
    const template = before.service.literatureNoteTemplate(key)!;
    assert.match(template.text, /\npaper: "Improving Language Understanding by Generative Pre-Training"\n/);
    const after = workspace({ [`literature/${template.fileName}`]: template.text }, titleSeeds);
    assert.deepEqual(after.service.topics('topic:x.md#2')[0].paper?.notes.map((n) => n.uri), [noteUri(`literature/${template.fileName}`)]);
  });

  it('fills a literature note from the catalog', () => {
    const ws = workspace({}, seeds);
    const template = ws.service.literatureNoteTemplate('arxiv:2106.09685');
    assert.equal(template?.fileName, '2106.09685-lora-low-rank-adaptation-of-large-language-models.md');
    assert.match(template?.text ?? '', /^---\ntitle: "LoRA: Low-Rank Adaptation of Large Language Models"\narxiv: "2106.09685"\n/);
    assert.match(template?.text ?? '', /tags:\n {2}- "PEFT"\n {2}- "微调"\n---/);
    assert.match(template?.text ?? '', /\n> 低秩适配：冻结预训练权重/);
    assert.equal(ws.service.literatureNoteTemplate('arxiv:9999.99999'), undefined);
  });

  it('finds the tree path to a referenced paper, level by level as the tree shows it', () => {
    const ws = workspace({ 'a.md': '见 arXiv:2106.0‸9685', 'lit.md': '---\narxiv: 2305.01569\ntags: [偏好数据]\n---\n' }, seeds);
    const path = ws.service.topicPath(ws.cursor.uri, ws.cursor.position);
    assert.deepEqual(path.map((node) => node.label), ['LLM_Paper_Reading', 'PEFT', 'LoRA: Low-Rank Adaptation of Large Language Models']);
    for (let i = 1; i < path.length; i++) assert.ok(ws.service.topics(path[i - 1].id).some((node) => node.id === path[i].id), `${path[i].label} is a child of ${path[i - 1].label}`);

    const own = workspace({ 'a.md': 'arXiv:2305.0‸1569', 'lit.md': '---\narxiv: 2305.01569\ntags: [偏好数据]\n---\n' }, seeds);
    assert.deepEqual(own.service.topicPath(own.cursor.uri, own.cursor.position).map((node) => node.label), ['My notes', '偏好数据', 'arXiv:2305.01569']);
    const nowhere = workspace({ 'a.md': 'arXiv:1810.0‸4805' }, seeds);
    assert.deepEqual(nowhere.service.topicPath(nowhere.cursor.uri, nowhere.cursor.position), []);
  });
});
