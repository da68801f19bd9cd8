/**
 * extractPaperEntries on the real seed documents in /seeds, checked against what the seeds
 * say (read by hand) and against counts taken by independent, simpler means.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type EntryExtraction, type PaperEntry, extractPaperEntries } from '../../server/src/core/paperEntries';

const SEEDS = path.resolve(__dirname, '../../../seeds');
const FILES = {
  zoo: '000-accelerate-training-zoo.md',
  trends: '001-ml-trends-reading-notes.md',
  llm: '002-llm-paper-reading.md',
  board: '003-paper-reading-board.md',
  recommended: '004-recommended-papers.md',
} as const;

const texts = new Map<string, string>();
const extractions = new Map<string, EntryExtraction>();

function text(file: string): string {
  let value = texts.get(file);
  if (value === undefined) {
    value = readFileSync(path.join(SEEDS, file), 'utf8');
    texts.set(file, value);
  }
  return value;
}

function extraction(file: string): EntryExtraction {
  let value = extractions.get(file);
  if (!value) {
    value = extractPaperEntries(text(file));
    extractions.set(file, value);
  }
  return value;
}

function entries(file: string): PaperEntry[] {
  return extraction(file).entries;
}

function entryFor(file: string, key: string): PaperEntry {
  const found = entries(file).find((entry) => entry.key === key && !entry.mentionedBy);
  assert.ok(found, `${file} has an entry for ${key}`);
  return found;
}

/** arXiv IDs as a reader would count them: arxiv.org/abs|pdf URLs and `arXiv:` forms, versions dropped. */
function arxivIdsByRegex(source: string): Set<string> {
  const ids = new Set<string>();
  for (const match of source.matchAll(/arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})|arxiv[:：]\s?(\d{4}\.\d{4,5})/gi)) ids.add(match[1] ?? match[2]);
  return ids;
}

/** ATX heading lines (also inside list items, as 002 writes them); the seeds hold no code blocks. */
function headingLinesByRegex(source: string): number[] {
  const lines: number[] = [];
  source.split('\n').forEach((line, index) => {
    if (/^ {0,3}(?:\d+[.)] +|[-+*] +)?#{1,6}(?: |$)/.test(line)) lines.push(index);
  });
  return lines;
}

const CJK = /[\u3400-\u9fff]/;
const KANGXI = /[\u2F00-\u2FDF]/;
const REPLACEMENT = /\uFFFD/;

describe('seed entries: counts by independent means', () => {
  // Distinct arXiv IDs in each seed's text, counted by the regex above (checked by hand):
  // 000 has 40 papers and one of them (TEXTure, 2302.01721) twice; 001 names papers by title only;
  // 002's 118 include the related papers linked in its Introduction cells; 003's 9 are the
  // Harnessing survey's heading and the papers listed in its abstract; 004 has 13.
  const expected: Array<[string, number]> = [
    [FILES.zoo, 39],
    [FILES.trends, 0],
    [FILES.llm, 118],
    [FILES.board, 9],
    [FILES.recommended, 13],
  ];
  for (const [file, count] of expected) {
    it(`${file}: ${count} distinct arXiv IDs, each the key of an entry`, () => {
      const byRegex = arxivIdsByRegex(text(file));
      assert.equal(byRegex.size, count);
      const keys = new Set(entries(file).filter((entry) => entry.paper.scheme === 'arxiv').map((entry) => entry.paper.id));
      assert.deepEqual([...keys].sort(), [...byRegex].sort());
    });
  }

  for (const file of Object.values(FILES)) {
    it(`${file}: every heading is a HeadingInfo`, () => {
      const { headings } = extraction(file);
      assert.deepEqual(headings.map((heading) => heading.line), headingLinesByRegex(text(file)));
      for (const heading of headings) {
        assert.equal(heading.path[heading.path.length - 1], heading.text);
        assert.ok(heading.text.length > 0 && !/[*#]/.test(heading.text), heading.text);
      }
    });
  }

  it('heading counts per seed', () => {
    assert.deepEqual(
      Object.values(FILES).map((file) => extraction(file).headings.length),
      [21, 17, 11, 148, 14],
    );
  });
});

describe('seed entries: what the seeds say', () => {
  it('002: LoRA (2106.09685) is under the PEFT topic with five stars and a Chinese introduction', () => {
    const lora = entryFor(FILES.llm, 'arxiv:2106.09685');
    assert.equal(lora.shape, 'table-row');
    assert.deepEqual(lora.topicPath, ['LLM_Paper_Reading', 'LLM的关键技术', '2.4 PEFT']);
    assert.equal(lora.importance, 5);
    assert.equal(lora.title, 'LORA: LOW-RANK ADAPTATION OF LARGE LANGUAGE MODELS');
    assert.ok(lora.summary?.startsWith('LoRa 微调方法论文') && CJK.test(lora.summary), lora.summary);
    assert.equal(lora.line, 86);
  });

  it('1706.03762 is an entry of 002 and of 004, with 004\'s 简介 as its summary there', () => {
    const inTable = entryFor(FILES.llm, 'arxiv:1706.03762');
    assert.equal(inTable.importance, 5);
    assert.ok(inTable.summary?.startsWith('Transformer原始论文'), inTable.summary);
    const inList = entryFor(FILES.recommended, 'arxiv:1706.03762');
    assert.equal(inList.title, 'Attention Is All You Need');
    assert.equal(inList.summary, 'Transformer 架构奠基作，用注意力机制替代传统循环/卷积结构，开启大模型时代（BERT、GPT 均基于此拓展）。');
    assert.deepEqual(inList.topicPath, ['人工智能领域论文推荐', '一、大模型与基础架构', '1. Transform万物起源']);
    assert.deepEqual([inList.line, inList.endLine], [8, 10]);
  });

  it('GPT-1 is in 002 and 004 under the same title key', () => {
    const titleKey = 'title:improving-language-understanding-by-generative-pre-training';
    const named = (entry: PaperEntry): boolean => entry.key === titleKey || entry.aliases.includes(titleKey);
    const in002 = entries(FILES.llm).filter(named);
    const in004 = entries(FILES.recommended).filter(named);
    assert.deepEqual(in002.map((entry) => [entry.key, entry.line]), [[titleKey, 14]]);
    assert.deepEqual(in004.map((entry) => [entry.title, entry.line]), [['GPT-1: Improving Language Understanding by Generative Pre-Training', 18]]);
    assert.ok(in004[0].aliases.includes(titleKey));
  });

  it("003: Shikra's heading entry has its date, its code repository and its abstract", () => {
    const shikra = entries(FILES.board).find((entry) => entry.title?.startsWith('Shikra'));
    assert.ok(shikra);
    assert.equal(shikra.shape, 'heading-section');
    assert.equal(shikra.key, 'title:shikra-unleashing-multimodal-llm-s-referential-dialogue-magic');
    assert.equal(shikra.date, '2023-06-27');
    assert.equal(shikra.year, '2023');
    assert.ok(shikra.codeLinks.some((link) => /github\.com\/shikras\/shikra$/i.test(link)), shikra.codeLinks.join());
    assert.ok(shikra.summary?.startsWith('在人類對話中，個人可以在向他人講話時指出場景中的相關區域。'), shikra.summary);
    assert.ok(shikra.summary?.includes('比較用戶指向的區域的相似性'), shikra.summary);
    assert.ok(!REPLACEMENT.test(JSON.stringify(shikra)));
    assert.deepEqual(shikra.topicPath, ['Multimodal', '圖片理解(Image-to-text等等)']);
    assert.deepEqual([shikra.line, shikra.endLine], [5, 9]);
  });

  it('003: every paper heading is an entry, datasets are not, and the survey lists its papers', () => {
    const board = entries(FILES.board);
    const headingEntries = board.filter((entry) => entry.shape === 'heading-section');
    const paperHeadings = text(FILES.board).split('\n').filter((line) => /^### \[.*\]\((?:https:\/\/paperswithcode\.com\/paper\/|https:\/\/arxiv\.org\/)/.test(line));
    // EMP-SSL's link is broken across two lines: its heading is one more paper.
    assert.equal(headingEntries.length, paperHeadings.length + 1);
    assert.ok(!board.some((entry) => /Luotuo|chinese_chatgpt_corpus/i.test(entry.title ?? '')));
    const harnessing = entryFor(FILES.board, 'arxiv:2304.13712');
    assert.equal(harnessing.summary, '這篇Survey很有用，其中的Github料很多。');
    const listed = board.filter((entry) => entry.shape === 'list-item' && entry.line > harnessing.line && entry.line < harnessing.endLine);
    assert.equal(listed.length, 10);
    assert.ok(listed.every((entry) => entry.topicPath.includes('摘要') && entry.title && CJK.test(entry.title + entry.key)));
    assert.deepEqual(extraction(FILES.board).problems.map((problem) => problem.line), [356, 544]);
  });

  it("000: the ~40 papers of 在科学中 each have authors, a year and an arXiv ID; the example lists are not papers", () => {
    const zoo = entries(FILES.zoo);
    assert.equal(zoo.length, 40);
    for (const entry of zoo) {
      assert.equal(entry.shape, 'list-item');
      assert.equal(entry.paper.scheme, 'arxiv');
      assert.ok(entry.authors.length >= 2, entry.title);
      assert.match(entry.year ?? '', /^20(?:21|22|23)$/);
      assert.ok(entry.title && entry.title.length > 3);
      assert.deepEqual(entry.topicPath, ['示例动物园', '在科学中']);
      assert.ok(entry.line >= 160);
    }
    const mbib = entryFor(FILES.zoo, 'arxiv:2304.13148');
    assert.ok(mbib.aliases.includes('doi:10.1145/3539618.3591882'));
    const pick = entryFor(FILES.zoo, 'arxiv:2305.01569');
    assert.equal(pick.title, 'Pick-a-Pic: An Open Dataset of User Preferences for Text-to-Image Generation');
    assert.deepEqual(pick.authors, ['Yuval Kirstain', 'Adam Polyak', 'Uriel Singer', 'Shahbuland Matiana', 'Joe Penna', 'Omer Levy']);
    const list = entryFor(FILES.zoo, 'arxiv:2110.06274');
    assert.deepEqual(list.authors, ['王雅青', '苏布拉塔·穆克前', '刘晓东', '高降', '艾哈迈德·哈桑·阿瓦达拉', '高建峰']);
  });

  it('001: the closing table of papers to follow gives one entry per named method; prose gives none', () => {
    const trends = entries(FILES.trends);
    assert.deepEqual(
      trends.map((entry) => entry.title),
      ['LVDM', 'Video LDM', 'MoFlow', 'SA-Solver', 'Restart', 'GMS', 'Re-Imagen', 'ReDi', 'SimDA', 'ControlNet'],
    );
    assert.ok(trends.every((entry) => entry.shape === 'table-row' && entry.paper.scheme === 'title' && entry.line >= 239 && entry.summary));
  });

  it('004: every 论文 item is an entry with its 简介', () => {
    const recommended = entries(FILES.recommended);
    assert.equal(recommended.length, 14);
    assert.ok(recommended.every((entry) => entry.summary && CJK.test(entry.summary)));
    assert.equal(entryFor(FILES.recommended, 'arxiv:2106.09685').title, 'LoRA: Low-Rank Adaptation of Large Language Models');
  });

  it('002: related papers linked in an Introduction are entries mentioned by their row', () => {
    const webgpt = entries(FILES.llm).find((entry) => entry.key === 'arxiv:2112.09332');
    assert.equal(webgpt?.mentionedBy, 'arxiv:1909.08593');
    assert.equal(webgpt?.title, 'WebGPT: Browser-assisted question-answering with human feedback');
    assert.equal(webgpt?.importance, undefined);
  });

  it('no title, summary, author or topic holds U+FFFD or a Kangxi radical', () => {
    for (const file of Object.values(FILES)) {
      const { entries: found, headings } = extraction(file);
      const texts = [
        ...found.flatMap((entry) => [entry.title ?? '', entry.summary ?? '', ...entry.authors, ...entry.topicPath]),
        ...headings.flatMap((heading) => [heading.text, ...heading.path]),
      ];
      for (const value of texts) {
        assert.ok(!REPLACEMENT.test(value) && !KANGXI.test(value), `${file}: ${value}`);
      }
    }
  });

  it('no entry of a seed is out of its lines, and titles and summaries are plain text', () => {
    for (const file of Object.values(FILES)) {
      const lineCount = text(file).split('\n').length;
      for (const entry of entries(file)) {
        assert.ok(entry.line >= 0 && entry.line < entry.endLine && entry.endLine <= lineCount, `${file}:${entry.line}`);
        for (const value of [entry.title ?? '', entry.summary ?? '']) {
          assert.ok(!/\*\*|\]\(|!\[|<!--/.test(value), `${file}:${entry.line}: ${value}`);
        }
      }
    }
  });
});
