/**
 * The server's messages in the editor's language: the locale → table mapping, and a service
 * told `zh-cn` answering hovers, diagnostics, code actions, Topics labels, document links and
 * literature-note templates in Simplified Chinese. (English output is what every other unit and
 * protocol test checks, unchanged.)
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { parseArxivId } from '../../server/src/core/arxivId';
import type { ArxivLookup, ArxivMetadataSource } from '../../server/src/core/features/context';
import { createLanguageService } from '../../server/src/core/languageService';
import { chineseArxivReason, chineseMessages, englishMessages, localeOf, messagesFor } from '../../server/src/core/messages';
import { noteUri, workspace } from '../support/inMemoryWorkspace';
import { loraSeed } from '../support/seedFixtures';

const ZH = { locale: 'zh-cn' };
const CJK = /[\u4e00-\u9fff]/;

const seeds = [loraSeed];

class FakeArxiv implements ArxivMetadataSource {
  generation = 0;
  constructor(private readonly answers: Record<string, ArxivLookup>) {}
  lookup(id: string): ArxivLookup {
    return this.answers[id] ?? { status: 'unknown' };
  }
}

function hoverOf(ws: ReturnType<typeof workspace>): string {
  return (ws.service.hover(ws.cursor.uri, ws.cursor.position)!.contents as MarkupContent).value;
}

describe('messagesFor', () => {
  for (const locale of ['zh', 'zh-cn', 'zh-CN', 'zh_CN', 'zh-hans', 'zh-Hans', 'zh-Hans-CN', 'zh-sg', ' ZH-CN ']) {
    it(`gives Simplified Chinese for ${JSON.stringify(locale)}`, () => {
      assert.equal(localeOf(locale), 'zh-cn');
      assert.equal(messagesFor(locale), chineseMessages);
    });
  }
  for (const locale of [undefined, '', 'en', 'en-US', 'de', 'ja', 'zh-tw', 'zh-TW', 'zh-hk', 'zh-hant', 'zh-Hant-TW', 'zhx', 'chinese']) {
    it(`gives English for ${JSON.stringify(locale)}`, () => {
      assert.equal(localeOf(locale), 'en');
      assert.equal(messagesFor(locale), englishMessages);
    });
  }

  it('counts in English the way the hover always has', () => {
    assert.equal(englishMessages.citedTimes(1, 1), 'Cited once in 1 note of this workspace.');
    assert.equal(englishMessages.citedTimes(3, 2), 'Cited 3 times in 2 notes of this workspace.');
    assert.equal(englishMessages.citedTimes(0, 0), 'Cited 0 times in 0 notes of this workspace.');
    assert.equal(chineseMessages.citedTimes(3, 2), '在本工作区的 2 篇笔记中被引用 3 次。');
    assert.equal(chineseMessages.citedTimes(0, 0), '本工作区的笔记尚未引用这篇论文。');
  });

  it('has every English offline reason the client has always been sent', () => {
    assert.equal(englishMessages.offlineReason('disabled'), 'online lookups are off (paperNotes.online.enabled)');
    assert.equal(englishMessages.offlineReason('untrusted'), 'online lookups are off in an untrusted workspace');
    assert.equal(englishMessages.offlineReason('invalid-api-url'), 'paperNotes.online.apiBaseUrl is not an http(s) URL');
    for (const cause of ['disabled', 'untrusted', 'invalid-api-url'] as const) assert.match(chineseMessages.offlineReason(cause), CJK);
  });

  it('translates every rule an arXiv ID can break', () => {
    const inputs = [
      'nonsense', '12345.6789', '2113.01234', '0612.1234', '1412.123456', '2106.123456', '2106.00000', 'foo-th/9901001',
      'hep-th/990100', 'hep-th/0801001', 'hep-th/9901000', '2106.09685v0', '2106.09685v01', '2106.09685v99999999999999999999',
    ];
    const reasons = new Set<string>();
    for (const input of inputs) {
      const parsed = parseArxivId(input);
      assert.equal(parsed.ok, false, input);
      if (!parsed.ok) reasons.add(parsed.reason);
    }
    assert.equal(reasons.size, 13);
    for (const reason of reasons) {
      const chinese = chineseArxivReason(reason);
      assert.ok(chinese && CJK.test(chinese), `${reason} → ${chinese}`);
    }
  });
});

describe('a service in Simplified Chinese', () => {
  it('labels the hover card in Chinese and keeps the paper\'s own text', () => {
    const ws = workspace(
      {
        'a.md': '本周读了 arXiv:2106.0‸9685v2。',
        'table.md': '## 我的微调笔记\n\n| 方法 | 论文 | 备注 |\n|---|---|---|\n| LoRA | [LoRA](https://arxiv.org/abs/2106.09685) | 我的复现：rank 8 就够了 |\n',
      },
      seeds,
      ZH,
    );
    const text = hoverOf(ws);
    assert.match(text, /^\*\*LoRA: Low\\-Rank Adaptation of Large Language Models\*\*/);
    assert.match(text, /`arXiv:2106\.09685` · arXiv 预印本 · 此处为 v2/);
    assert.match(text, /主题：LLM\\_Paper\\_Reading › PEFT/);
    assert.match(text, /\*\*你的笔记\*\*\n- \[table\\\.md:5\]/);
    assert.match(text, /低秩适配：冻结预训练权重/);
    assert.match(text, /在本工作区的 2 篇笔记中被引用 2 次。/);
    assert.match(text, /\[arXiv 摘要页\]\(https:\/\/arxiv\.org\/abs\/2106\.09685v2\) · \[PDF\]/);
    assert.match(text, /\[清单条目\]\(file:\/\/\/extension\/seeds\/002-llm\.md#L7\)/);
    for (const english of ['Topics:', 'Your notes', 'Cited', 'arXiv preprint', 'Seed entry', ' here', 'arXiv abstract']) {
      assert.ok(!text.includes(english), `${english} in ${text}`);
    }
  });

  it('says "citation key" and how a key is linked, in Chinese', () => {
    const ws = workspace(
      {
        'a.md': '如 [@hu‸2021lora] 所示',
        'lora.md': '---\narxiv: 2106.09685\ncitekey: hu2021lora\ntitle: LoRA\n---\n',
        'b.md': '[@unlinked]',
      },
      [],
      ZH,
    );
    assert.match(hoverOf(ws), /`@hu2021lora` · 引用键，对应 `arXiv:2106\.09685`/);
    assert.match(hoverOf(ws), /- \[lora\\\.md\]\(file:\/\/\/notes\/lora\.md\) — 文献笔记/);
    const unlinked = ws.service.hover(noteUri('b.md'), { line: 0, character: 3 })!.contents as MarkupContent;
    assert.match(unlinked.value, /引用键（尚未关联到论文：请把它加入 `\.bib` 文件/);
  });

  it('tells the state of an online lookup in Chinese', () => {
    const cases: [ArxivLookup, RegExp][] = [
      [{ status: 'pending' }, /\*正在 arXiv 上查询 `arXiv:1605\.08386`……请稍后再次悬停查看。\*/],
      [{ status: 'missing', checkedAt: '2026-01-02T03:04:05Z' }, /\*arXiv 上没有论文 `1605\.08386`（查询于 2026-01-02）。\*/],
      [{ status: 'offline', reason: 'online lookups are off in an untrusted workspace', cause: 'untrusted' }, /\*离线缓存中没有这篇论文：在不受信任的工作区中在线查询已关闭。\*/],
      // A source that gives no cause: its reason is shown as it is.
      [{ status: 'offline', reason: 'no network' }, /\*离线缓存中没有这篇论文：no network。\*/],
      [{ status: 'failed', reason: 'HTTP 503' }, /\*无法向 arXiv 查询：HTTP 503。之后再次悬停时会重试。\*/],
    ];
    for (const [lookup, expected] of cases) {
      const arxiv = new FakeArxiv({ '1605.08386': lookup });
      assert.match(hoverOf(workspace({ 'a.md': 'see arXiv:1605.0‸8386' }, [], { arxiv, locale: 'zh-cn' })), expected);
    }
  });

  it('reports diagnostics in Chinese', () => {
    const arxiv = new FakeArxiv({ '2301.99999': { status: 'missing', checkedAt: '2026-01-02T03:04:05Z' } });
    const ws = workspace(
      {
        'a.md': [
          'arXiv:2113.01234 and arXiv:1501.0001 and ARXIV:2106.09685 and [@nowhere] and arXiv:2301.99999',
          'arXiv:1706.03762v1 and arXiv:1706.03762',
        ].join('\n'),
        'refs.bib': '@article{known, title = {Known}}\n',
        'note.md': '---\narxiv: 2113.01234\n---\n',
      },
      [],
      { arxiv, locale: 'zh-cn' },
    );
    const service = createLanguageService({
      index: ws.index,
      arxiv,
      locale: () => 'zh-cn',
      diagnosticSettings: () => ({ invalidIds: true, mixedVersions: true, unknownCitekeys: true, unknownArxivIds: true }),
    });
    const messages = service.diagnostics(noteUri('a.md')).map((d) => [d.code, d.message]);
    assert.deepEqual(messages, [
      ['arxiv-invalid', "'2113.01234' 不是有效的 arXiv ID：不存在 13 月。"],
      ['arxiv-mispadded', "'1501.0001' 的编号位数不对：1501 起的 ID 点号后为 5 位数字；是否应为 1501.00001？"],
      ['arxiv-miscased', 'arXiv 的标准写法是 arXiv:2106.09685。'],
      ['citekey-unknown', '本工作区中没有任何参考文献文件或文献笔记定义引用键 @nowhere。'],
      ['arxiv-not-found', 'arXiv 上没有论文 2301.99999（查询于 2026-01-02）。'],
      // One per reference of the paper.
      ['mixed-versions', '本笔记以不同版本引用了 arXiv:1706.03762：最新版、v1。'],
      ['mixed-versions', '本笔记以不同版本引用了 arXiv:1706.03762：最新版、v1。'],
    ]);
    assert.deepEqual(service.diagnostics(noteUri('note.md')).map((d) => d.message), ["'2113.01234' 不是有效的 arxiv 标识符。"]);
    // Old-era padding, and IDs that are no IDs at all.
    const more = workspace({ 'b.md': 'arXiv:0704.00001 and arXiv:hep-th/990100 and https://arxiv.org/abs/2106.09685abc' }, [], ZH);
    assert.deepEqual(more.service.diagnostics(noteUri('b.md')).map((d) => d.message), [
      "'0704.00001' 的编号位数不对：0704 至 1412 的 ID 点号后为 4 位数字；是否应为 0704.0001？",
      "'hep-th/990100' 不是有效的 arXiv ID：旧式 ID 的斜杠后应为 7 位数字（YYMMNNN）。",
      "'2106.09685abc' 不是有效的 arXiv ID：不是 arXiv 标识符。",
    ]);
  });

  it('titles quick fixes and citation rewrites in Chinese', () => {
    const ws = workspace({ 'a.md': 'see arXiv:1501.0001 and arXiv:2106.0‸9685' }, seeds, ZH);
    const uri = noteUri('a.md');
    const fix = ws.service.codeActions(uri, ws.service.diagnostics(uri));
    assert.deepEqual(fix.map((action) => action.title), ['改为 1501.00001']);
    const line = ws.texts.get(uri)!;
    const rewrites = ws.service.codeActions(uri, [], ws.cursor.position, line);
    assert.deepEqual(rewrites.map((action) => action.title), ['改写为带标题的 Markdown 链接', '改写为 Pandoc 引用 [@key]', '为这篇论文创建文献笔记']);
    assert.equal(rewrites[2].command?.title, '创建文献笔记');
  });

  it('labels the Topics view, document links and new literature notes in Chinese', () => {
    const ws = workspace(
      {
        'lora.md': '---\narxiv: 2106.09685\ntags: [PEFT]\n---\n',
        'a.md': 'arXiv:2106.09685 and arXiv:2106.09685',
      },
      seeds,
      ZH,
    );
    const roots = ws.service.topics();
    const mine = roots.find((node) => node.kind === 'notes')!;
    assert.deepEqual([mine.label, mine.description], ['我的笔记', '1 个主题']);
    const [tag] = ws.service.topics(mine.id);
    const [paper] = ws.service.topics(tag.id);
    assert.match(paper.description ?? '', /引用 2 次$/);
    // The protocol's link labels stay as they are: the client finds the PDF by its label.
    assert.ok(paper.paper?.links.some((link) => link.label === 'PDF'));
    assert.deepEqual(ws.service.documentLinks(noteUri('a.md')).map((link) => link.tooltip), ['打开 arXiv:2106.09685', '打开 arXiv:2106.09685']);
    assert.match(ws.service.literatureNoteTemplate('arxiv:2106.09685')!.text, /\n## 笔记\n/);
  });

  it('asks for the locale on every request, so a later initialize counts', () => {
    let locale: string | undefined = 'en';
    const ws = workspace({ 'a.md': 'arXiv:2113.01234' });
    const service = createLanguageService({ index: ws.index, locale: () => locale });
    assert.match(String(service.diagnostics(noteUri('a.md'))[0].message), /is not a valid arXiv ID: month 13 does not exist\./);
    locale = 'zh-CN';
    assert.match(String(service.diagnostics(noteUri('a.md'))[0].message), /不存在 13 月/);
  });
});
