/**
 * Notes for the test that pins what `analyseDocument` answers (test/unit/analysisDigests.test.ts):
 * hand-written hard cases and seeded shuffles of note lines, with every line ending, container
 * prefix and front-matter shape the fast paths must get right. Self-contained, so the digests
 * change only when the analysis does.
 */
import { pick, seededRandom } from './randomNotes';

export interface CorpusNote {
  readonly name: string;
  readonly text: string;
}

const HARD_CASES: ReadonlyArray<readonly [string, string]> = [
  ['empty', ''],
  ['unclosed fence', '# H\n\n```\narXiv:2106.09685\n\n- [t](https://arxiv.org/abs/1706.03762)\n'],
  ['nested lists', Array.from({ length: 30 }, (_, i) => `${' '.repeat(i * 2)}- [Paper ${i}](https://arxiv.org/abs/2106.0${1000 + i})`).join('\n')],
  ['table without outer pipes', 'Paper | Intro\n--- | ---\n[Attention Is All You Need](https://arxiv.org/abs/1706.03762) | see arXiv:2005.14165\nLoRA | 低秩\n'],
  ['short and long rows', '| 论文 | 简介 | 作者 |\n|---|---|---|\n| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) |\n| LoRA | x | y | z |\n'],
  ['CRLF', '---\r\narxiv: 2106.09685\r\ntitle: LoRA\r\n---\r\n# [LoRA](https://arxiv.org/abs/2106.09685)\r\n\r\n```\r\n1706.03762\r\n```\r\n- [A](https://arxiv.org/abs/1706.03762) x\r\n'],
  ['lone CR', '# [LoRA](https://arxiv.org/abs/2106.09685)\r\r- [A](https://arxiv.org/abs/1706.03762) x\r| Paper | b |\r|---|---|\r| [t](https://arxiv.org/abs/1810.04805) | u |\r'],
  ['full-width', '## 论文：【Attention Is All You Need】（arXiv：1706.03762）\n\n- **论文**：[LoRA：LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685)\n- **简介**：低秩适配。\n'],
  ['comment across blocks', '<!--\n# [A](https://arxiv.org/abs/1706.03762)\n\n- arXiv:2106.09685\n-->\n- [B](https://arxiv.org/abs/1810.04805) <!-- arXiv:2005.14165\n\ncontinued --> arXiv:2203.02155\n'],
  ['front matter with no end', '---\narxiv: 2106.09685\ntitle: x\n\n# [A](https://arxiv.org/abs/1706.03762)\n'],
  ['front matter YAML must read', '---\narxiv: 2106.09685 # id\nauthors:\n  - A\n  - B\ntitle: \'Q\'\n---\nBody\n'],
  ['front matter, plain', '---\ntitle: "LoRA: Low-Rank"\narxiv: 2106.09685\nauthors: Edward Hu, Yelong Shen\ntags: [peft, 微调]\nurl: https://arxiv.org/abs/2106.09685\n---\nLow-rank adaptation of large models.\n'],
  ['reference links', '- [LoRA][l]\n- [A][a]\n\n[l]: https://arxiv.org/abs/2106.09685\n[a]: <https://arxiv.org/abs/1706.03762> "t"\n'],
  ['links of every shape', '- [t](https://arxiv.org/abs/1706.03762 "title") [u](<https://arxiv.org/abs/2106.09685>) [v](javascript:x) [w]() ![i](https://raw.githubusercontent.com/a/b/x.png =50%x) [x](https://a.org/(b)) [y](https://a.org/?a=1&amp;b=2)\n'],
  ['one long line', 'arXiv:2106.09685 [t](https://arxiv.org/abs/1706.03762) '.repeat(3000)],
];

const LINES: readonly string[] = [
  '# [Attention Is All You Need](https://arxiv.org/abs/1706.03762)', '## 相关工作', '### LoRA: Low-Rank Adaptation (arXiv:2106.09685)',
  '- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) —— 低秩适配。',
  '- **论文**：[Scaling Laws](https://arxiv.org/abs/2001.08361)', '- **简介**：幂律。', '1. [GPT-3](https://arxiv.org/pdf/2005.14165v4) ⭐⭐',
  '| 日期 | 论文 | 方向 | 评分 | 一句话 |', '| ---- | ---- | ---- | ---- | ------ |', '| 03-14 | [Chain of Thought](https://arxiv.org/abs/2201.11903) | 推理 | ⭐⭐⭐ | 一步步想。 |',
  '| 论文 | 简介 |', '|---|---|', '| LoRA, QLoRA, DoRA | 三个方法 |', '| [PDF](https://arxiv.org/pdf/1706.03762) | see doi:10.1145/3219819.3220007 |',
  'Transformer 的论文 arXiv:1706.03762 提出了注意力。', 'See [@hu2021lora, p. 3; @vaswani2017attention] and https://openreview.net/forum?id=rkgNKkHtvB.',
  '`arXiv:1810.04805` in code', '$\\mathcal{L} = \\sum_i \\log p(x_i)$', '<!-- 1706.03762 TODO -->', '> 引用 arXiv：2005.14165v2', '```python', '```', '~~~', '    indented 2106.09685',
  '<div>', '</div>', '---', '***', '', '', '', 'hep-th/9901001 and 1501.0001', '**Bold** _em_ ~~strike~~ [ref][r]', '[r]: https://arxiv.org/abs/2203.02155',
  '- <https://arxiv.org/abs/2106.09685> notes', '* [Shikra](https://github.com/shikras/shikra) ![](https://raw.githubusercontent.com/a/b/main/x.png)',
  '#### 摘要', 'A paragraph of prose about the paper. It has sentences.', '   - nested [B](https://arxiv.org/abs/1810.04805)', '\t- tabbed', '===',
];
const PREFIXES = ['', '', '', '', '- ', '  ', '    ', '> ', '1. ', '   - ', '> - '];
const TERMINATORS = ['\n', '\n', '\n', '\r\n', '\r'];

export function analysisCorpus(count: number, seed: number): CorpusNote[] {
  const notes: CorpusNote[] = HARD_CASES.map(([name, text]) => ({ name, text }));
  const random = seededRandom(seed);
  for (let n = 0; n < count; n++) {
    const mixed = random() < 0.2;
    const terminator = pick(random, TERMINATORS);
    let text = random() < 0.2 ? pick(random, HARD_CASES)[1] : '';
    for (let i = 1 + Math.floor(random() * 60); i > 0; i--) {
      const line = random() < 0.3 ? pick(random, PREFIXES) + pick(random, LINES) : pick(random, LINES);
      text += line + (mixed ? pick(random, TERMINATORS) : terminator);
    }
    notes.push({ name: `shuffled ${seed}/${n}`, text });
  }
  return notes;
}
