import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { type PaperEntry, extractPaperEntries } from '../../server/src/core/paperEntries';

function entriesOf(text: string): PaperEntry[] {
  return extractPaperEntries(text).entries;
}

function only(text: string): PaperEntry {
  const entries = entriesOf(text);
  assert.equal(entries.length, 1, JSON.stringify(entries, null, 1));
  return entries[0];
}

/** The fields a case checks; anything left out is not checked. */
type Expected = Partial<Pick<PaperEntry, 'key' | 'title' | 'year' | 'date' | 'summary' | 'importance' | 'shape' | 'line' | 'endLine' | 'mentionedBy'>> & {
  authors?: string[];
  aliases?: string[];
  topicPath?: string[];
  codeLinks?: string[];
  links?: string[];
};

function pick(entry: PaperEntry, expected: Expected): Expected {
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(expected)) picked[name] = (entry as unknown as Record<string, unknown>)[name];
  return picked as Expected;
}

function check(text: string, expected: Expected[]): void {
  const entries = entriesOf(text);
  assert.equal(entries.length, expected.length, JSON.stringify(entries, null, 1));
  entries.forEach((entry, index) => assert.deepEqual(pick(entry, expected[index]), expected[index]));
}

describe('paper entries: table rows', () => {
  const cases: Array<[string, string, Expected[]]> = [
    [
      'a row of an English table of papers, with stars and an introduction',
      [
        '# Notes',
        '## PEFT',
        '| ID | Paper | Introduction |',
        '|---|---|---|',
        '| 1⭐⭐ | [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) | Freezes the *pretrained* weights. |',
      ].join('\n'),
      [{
        key: 'arxiv:2106.09685',
        title: 'LoRA: Low-Rank Adaptation of Large Language Models',
        aliases: ['title:lora-low-rank-adaptation-of-large-language-models', 'title:low-rank-adaptation-of-large-language-models'],
        importance: 2,
        summary: 'Freezes the pretrained weights.',
        topicPath: ['Notes', 'PEFT'],
        year: '2021',
        links: ['https://arxiv.org/abs/2106.09685'],
        shape: 'table-row',
        line: 4,
        endLine: 5,
      }],
    ],
    [
      "a Chinese table (论文/简介) with ✡ stars and the radicals of a PDF copy",
      '## ⼤模型\n\n| 编号 | 论文 | 简介 |\n| --- | --- | --- |\n| 1✡✡✡ | [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) | Transformer原始论⽂，**多头注意⼒** |\n',
      [{ key: 'arxiv:1706.03762', title: 'Attention Is All You Need', importance: 3, summary: 'Transformer原始论文，多头注意力', topicPath: ['大模型'], line: 4 }],
    ],
    [
      'a row whose title link is not a paper page still names a paper in a table of papers (title identity)',
      '| Paper | Notes |\n|---|---|\n| [Improving Language Understanding by Generative Pre-Training](https://cdn.openai.com/research-covers/language-unsupervised/language_understanding_paper.pdf) | GPT-1 |\n| [ChatGLM-6B](https://github.com/THUDM/ChatGLM-6B) | 双语对话 |\n',
      [
        { key: 'title:improving-language-understanding-by-generative-pre-training', aliases: [], summary: 'GPT-1', codeLinks: [] },
        { key: 'title:chatglm-6b', title: 'ChatGLM-6B', codeLinks: ['https://github.com/THUDM/ChatGLM-6B'], links: ['https://github.com/THUDM/ChatGLM-6B'] },
      ],
    ],
    [
      'an arXiv reference without a link, in a table with no paper header',
      '| 名字 | 编号 | 备注 |\n|---|---|---|\n| Attention Is All You Need | arXiv:1706.03762 | 必读 |\n',
      [{ key: 'arxiv:1706.03762', title: 'Attention Is All You Need', summary: '必读', year: '2017' }],
    ],
    [
      'a PDF link in a links column, with the title in the first column',
      '| Paper | arXiv |\n|---|---|\n| Attention Is All You Need | [PDF](https://arxiv.org/pdf/1706.03762) |\n',
      [{ key: 'arxiv:1706.03762', title: 'Attention Is All You Need', links: ['https://arxiv.org/pdf/1706.03762'] }],
    ],
    [
      "a label before the link is part of the title ('**LaMDA**: [...]')",
      '| Paper |\n|---|\n| **LaMDA**: [Language Models for Dialog Applications](https://arxiv.org/pdf/2201.08239) |\n',
      [{ key: 'arxiv:2201.08239', title: 'LaMDA: Language Models for Dialog Applications' }],
    ],
    [
      'papers linked inside the introduction are other papers, mentioned by this row',
      '| Paper | Introduction |\n|---|---|\n| [Fine-Tuning Language Models from Human Preferences](https://arxiv.org/pdf/1909.08593.pdf) | 相关：[WebGPT: Browser-assisted question-answering](https://arxiv.org/abs/2112.09332) (OpenAI, 2021)[Kojima et al. 2021](https://arxiv.org/abs/2108.04812)，[解读](https://zhuanlan.zhihu.com/p/1) |\n',
      [
        { key: 'arxiv:1909.08593', title: 'Fine-Tuning Language Models from Human Preferences' },
        { key: 'arxiv:2112.09332', title: 'WebGPT: Browser-assisted question-answering', mentionedBy: 'arxiv:1909.08593', line: 2 },
        { key: 'arxiv:2108.04812', title: undefined, year: '2021', mentionedBy: 'arxiv:1909.08593' },
      ],
    ],
    [
      'several method names in one cell of a table of papers are several papers (001)',
      '| **主题** | **论文名称 / 方法** | **备注** |\n| --- | --- | --- |\n| 加速采样 | SA-Solver, Restart, GMS | 时间成本优化 |\n| 时空扩散建模 | Video LDM | 多用于视频场景 |\n',
      [
        { key: 'title:sa-solver', title: 'SA-Solver', summary: '时间成本优化', line: 2 },
        { key: 'title:restart', title: 'Restart', line: 2 },
        { key: 'title:gms', title: 'GMS', line: 2 },
        { key: 'title:video-ldm', title: 'Video LDM', summary: '多用于视频场景', line: 3 },
      ],
    ],
    [
      'a table of tools linking to repositories and docs is not a table of papers',
      '| Tool | Link |\n|---|---|\n| Accelerate | [repo](https://github.com/huggingface/accelerate) |\n| Docs | [guide](https://huggingface.co/docs/accelerate) |\n| Paper list | [papers](https://example.com/list.html) |\n',
      [],
    ],
    [
      'a Pandoc citation as the paper cell names the paper by its key, not a title "@key"',
      '| 方法 | 论文 | 备注 |\n|---|---|---|\n| InstructGPT | [@ouyangTrainingLanguageModels2022] | RLHF 三步 |\n',
      [{ key: 'citekey:ouyangTrainingLanguageModels2022', summary: 'RLHF 三步' }],
    ],
    ['an empty row of a table of papers is skipped', '| ID | Paper | Introduction |\n|---|---|---|\n|   |   |   |\n', []],
  ];
  for (const [name, text, expected] of cases) it(name, () => check(text, expected));
});

describe('paper entries: list items', () => {
  const cases: Array<[string, string, Expected[]]> = [
    [
      "a citation line: authors, the quoted title, year, arXiv link, and a DOI of the same paper (000)",
      '## 在科学中\n\n+   Martin Wessel, Tomáš Horych, Timo Spinde: “介绍MBIB——第一个媒体偏见识别基准任务和数据集收集”，2023; [arXiv:2304.13148](http://arxiv.org/abs/2304.13148). DOI: [https://dx.doi.org/10.1145/3539618.3591882 10.1145/3539618.3591882].\n',
      [{
        key: 'arxiv:2304.13148',
        title: '介绍MBIB——第一个媒体偏见识别基准任务和数据集收集',
        authors: ['Martin Wessel', 'Tomáš Horych', 'Timo Spinde'],
        year: '2023',
        aliases: ['doi:10.1145/3539618.3591882', 'title:介绍mbib-第一个媒体偏见识别基准任务和数据集收集'],
        summary: undefined,
        links: ['http://arxiv.org/abs/2304.13148'],
        shape: 'list-item',
        line: 2,
        endLine: 3,
        topicPath: ['在科学中'],
      }],
    ],
    [
      'a Chinese citation line with full-width punctuation',
      '+   王雅青，刘晓东，高建峰：“LiST：轻量级提示式自训练使参数高效的少样本学习器”，2021年；[arXiv:2110.06274](http://arxiv.org/abs/2110.06274)。\n',
      [{ key: 'arxiv:2110.06274', title: 'LiST：轻量级提示式自训练使参数高效的少样本学习器', authors: ['王雅青', '刘晓东', '高建峰'], year: '2021' }],
    ],
    [
      '**论文** items and the **简介** item after them (004), a non-arXiv PDF keeping a title identity',
      [
        '### 3. GPT 生成式大模型代表',
        '- **论文**：[🔥*GPT-3: Language Models are Few-Shot Learners*](https://arxiv.org/abs/2005.14165)',
        '- **论文**:[🔥*GPT-1: Improving Language Understanding by Generative Pre-Training*](https://cdn.openai.com/research-covers/language-unsupervised/language_understanding_paper.pdf)',
        '- **简介**：单向预训练 + 自回归生成',
      ].join('\n'),
      [
        { key: 'arxiv:2005.14165', title: 'GPT-3: Language Models are Few-Shot Learners', summary: '单向预训练 + 自回归生成', line: 1, endLine: 4 },
        {
          key: 'title:gpt-1-improving-language-understanding-by-generative-pre-training',
          title: 'GPT-1: Improving Language Understanding by Generative Pre-Training',
          aliases: ['title:improving-language-understanding-by-generative-pre-training'],
          summary: '单向预训练 + 自回归生成',
          topicPath: ['3. GPT 生成式大模型代表'],
          line: 2,
          endLine: 4,
        },
      ],
    ],
    [
      "a repeated label is said once ('LoRA：LoRA: …')",
      '- **论文**:[🔥LoRA：LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n',
      [{ key: 'arxiv:2106.09685', title: 'LoRA: Low-Rank Adaptation of Large Language Models' }],
    ],
    [
      "a link whose text is only '論文': the title is the text before it, without venue and year (003)",
      '* The Pile：用於語言建模的 800GB 多樣化文本數據集，Arxiv 2020。[論文](https://arxiv.org/abs/2101.00027)\n* 語言模型是少樣本學習者，NIPS 2020。[論文](https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html)\n',
      [
        { key: 'arxiv:2101.00027', title: 'The Pile：用於語言建模的 800GB 多樣化文本數據集', year: '2020' },
        { key: 'title:語言模型是少樣本學習者', title: '語言模型是少樣本學習者', year: '2020' },
      ],
    ],
    [
      "an English item: the item's own text after the link is its summary, nested notes too",
      '- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — the Transformer paper, see [code](https://github.com/tensorflow/tensor2tensor).\n  - Read twice.\n',
      [{
        key: 'arxiv:1706.03762',
        title: 'Attention Is All You Need',
        summary: 'the Transformer paper, see code. Read twice.',
        codeLinks: ['https://github.com/tensorflow/tensor2tensor'],
        line: 0,
        endLine: 2,
      }],
    ],
    [
      'an arXiv reference in the text of an item, before its title',
      '1. arXiv:1706.03762 — Attention Is All You Need (NeurIPS 2017)\n',
      [{ key: 'arxiv:1706.03762', title: 'Attention Is All You Need', year: '2017' }],
    ],
    [
      'a reference-style link',
      '- [LoRA: Low-Rank Adaptation of Large Language Models][lora] — adapters\n\n[lora]: https://arxiv.org/abs/2106.09685\n',
      [{ key: 'arxiv:2106.09685', title: 'LoRA: Low-Rank Adaptation of Large Language Models', summary: 'adapters', links: ['https://arxiv.org/abs/2106.09685'] }],
    ],
    [
      'example scripts, notebooks and tutorials are not papers (000 集成示例)',
      [
        '## 集成示例',
        '+   [基本 NLP 示例](https://github.com/huggingface/accelerate/blob/main/examples/nlp_example.py)',
        '+   [在 Kaggle 中使用 Accelerate](https://www.kaggle.com/code/muellerzr/multi-gpu-and-accelerate)',
        '+   [使用 Stable-Dreamfusion 进行文本转换为 3D 模型的训练](https://colab.research.google.com/drive/1MXT3yfOFvO0ooKEfiUUvTKwUkrrlCHpF?usp=sharing)',
        '+   [从 Jupyter Notebooks 进行分布式训练](https://docs.fast.ai/tutorial.distributed.html)',
        '+   [PyTorch 加速的快速分布式训练教程](https://pytorch-accelerated.readthedocs.io/en/latest/quickstart.html)',
        '+   [RedPajama-Data](https://github.com/togethercomputer/RedPajama-Data)',
      ].join('\n'),
      [],
    ],
    [
      'an item listing a DOI and two arXiv IDs cites three papers: none is an alias of another',
      '- 见 doi:10.1145/3219819.3220007 和 arXiv:2106.09685 以及 arXiv:1706.03762。\n',
      [
        { key: 'doi:10.1145/3219819.3220007', aliases: [] },
        { key: 'arxiv:2106.09685', aliases: [] },
        { key: 'arxiv:1706.03762', aliases: [] },
      ],
    ],
    [
      'identifiers sentences apart in a prose item are two papers, not one paper under two names',
      '- 这篇 arXiv:1502.00001 提出了新的解码器。后面的工作也用了这个思路，见 https://openreview.net/forum?id=pv2p4vD5-r 的实验。\n',
      [
        { key: 'arxiv:1502.00001', title: undefined, aliases: [] },
        { key: 'openreview:pv2p4vD5-r', aliases: [] },
      ],
    ],
    [
      'the same in English: the title before the ID is kept, the OpenReview paper is another',
      '- Empirical Knowledge Decoder (arXiv:1502.00001) proposes a decoder. Later work, see https://openreview.net/forum?id=pv2p4vD5-r for the experiments.\n',
      [
        { key: 'arxiv:1502.00001', title: 'Empirical Knowledge Decoder', aliases: ['title:empirical-knowledge-decoder'] },
        { key: 'openreview:pv2p4vD5-r', aliases: [] },
      ],
    ],
    [
      'a DOI sentences before the paper link is another paper',
      '- 这个方法来自 doi:10.1000/bench.0 的工作。我们读的是 [Models Knowledge Red-teaming](https://arxiv.org/abs/2407.00003) 这篇。\n',
      [
        { key: 'arxiv:2407.00003', aliases: ['title:models-knowledge-red-teaming'] },
        { key: 'doi:10.1000/bench.0', aliases: [] },
      ],
    ],
    [
      'an item with one arXiv ID and one DOI gives them together: one paper',
      '- Attention Is All You Need, arXiv:1706.03762, doi:10.5555/3295222.3295349\n',
      [{ key: 'arxiv:1706.03762', aliases: ['doi:10.5555/3295222.3295349', 'title:attention-is-all-you-need'] }],
    ],
    [
      'prose in a list item citing a site is not an entry',
      '- **计算机视觉（CV）**: 在视觉领域，视觉Transformer架构的普及使得少监督学习成为主流。大量模型超越了以往的方法[openaccess.thecvf.com](https://openaccess.thecvf.com/content/CVPR2022/html/He_Masked_Autoencoders_CVPR_2022_paper)。\n',
      [],
    ],
  ];
  for (const [name, text, expected] of cases) it(name, () => check(text, expected));
});

describe('paper entries: heading sections', () => {
  const board = [
    '# Multimodal',
    '## 圖片理解',
    '### [Shikra: Unleashing Multimodal LLM\'s Referential Dialogue Magic](https://paperswithcode.com/paper/shikra-unleashing-multimodal-llm-s)[2023年6月27日]',
    '![](https://raw.githubusercontent.com/shikras/shikra/main/assets/teaser.jpg =50%x)',
    '[microsoft/unilm](https://github.com/microsoft/unilm#readme)',
    '#### 摘要',
    '在人類對話中，個人可以指出場景中的相關區域。',
    '本文提出了一種名為 Shikra 的 MLLM。',
    '',
    '---------',
    '相信我，這段不是摘要',
    '### [Drag Your GAN](https://paperswithcode.com/paper/drag-your-gan)[CVPR 2023]',
    '我的筆記：很好玩。',
  ].join('\n');

  it('a heading linking to a paper, with its date, code, abstract and section', () => {
    const entries = entriesOf(board);
    assert.equal(entries.length, 2);
    const [shikra, drag] = entries;
    assert.deepEqual(
      { ...shikra },
      {
        paper: { scheme: 'title', id: 'shikra-unleashing-multimodal-llm-s-referential-dialogue-magic' },
        key: 'title:shikra-unleashing-multimodal-llm-s-referential-dialogue-magic',
        aliases: ['title:unleashing-multimodal-llm-s-referential-dialogue-magic'],
        title: "Shikra: Unleashing Multimodal LLM's Referential Dialogue Magic",
        authors: [],
        year: '2023',
        date: '2023-06-27',
        topicPath: ['Multimodal', '圖片理解'],
        summary: '在人類對話中，個人可以指出場景中的相關區域。 本文提出了一種名為 Shikra 的 MLLM。',
        codeLinks: ['https://github.com/microsoft/unilm', 'https://github.com/shikras/shikra'],
        links: ['https://paperswithcode.com/paper/shikra-unleashing-multimodal-llm-s'],
        shape: 'heading-section',
        line: 2,
        endLine: 8,
      },
    );
    assert.deepEqual(pick(drag, { title: 'Drag Your GAN', year: '2023', date: undefined, summary: '我的筆記：很好玩。', line: 11, endLine: 13 }), {
      title: 'Drag Your GAN',
      year: '2023',
      date: undefined,
      summary: '我的筆記：很好玩。',
      line: 11,
      endLine: 13,
    });
  });

  const cases: Array<[string, string, Expected[]]> = [
    [
      'a heading naming a paper by arXiv ID, with the paragraphs under it',
      '# Reading\n\n## Attention Is All You Need (arXiv:1706.03762)\n\nThe Transformer.\n\nMulti-head attention.\n\n## Next topic\n\nNot about it.\n',
      [{ key: 'arxiv:1706.03762', title: 'Attention Is All You Need', summary: 'The Transformer. Multi-head attention.', topicPath: ['Reading'], line: 2, endLine: 7, links: [] }],
    ],
    [
      'a heading linking straight to arXiv',
      '### [LoRA](https://arxiv.org/abs/2106.09685v2)\n',
      [{ key: 'arxiv:2106.09685', title: 'LoRA', aliases: ['title:lora'], year: '2021', links: ['https://arxiv.org/abs/2106.09685v2'] }],
    ],
    [
      'an autolinked paper URL in a heading in a block quote',
      '> ## <https://arxiv.org/abs/2106.09685> LoRA notes\n> Good.\n',
      [{ key: 'arxiv:2106.09685', title: 'LoRA notes', summary: 'Good.', links: ['https://arxiv.org/abs/2106.09685'] }],
    ],
    ['a heading linking to a dataset is not a paper', '### [silk-road/Luotuo-QA](https://huggingface.co/datasets/silk-road/Luotuo-QA)[2023年5月]\n#### 摘要\n對話問答數據集\n', []],
    ['a heading linking to a blog is not a paper', '## [Our blog](https://example.com/blog/post)\n', []],
  ];
  for (const [name, text, expected] of cases) it(name, () => check(text, expected));
});

describe('paper entries: front matter', () => {
  it('a literature note is an entry of its own, with its tags as topics and its first paragraph as summary', () => {
    const text = [
      '---',
      'title: "LoRA: Low-Rank Adaptation of Large Language Models"',
      'arxiv: 2106.09685',
      'doi: 10.48550/arXiv.2106.09685',
      'openreview: nZeVKeeFYf9',
      'authors: [Edward Hu, Yelong Shen]',
      'date: 2021-06-17',
      'tags: [PEFT, 微调]',
      '---',
      '# LoRA',
      '',
      '低秩适配：冻结预训练权重，只训练两个低秩矩阵。',
      'It works on *any* dense layer.',
      '',
      '## Details',
      '',
      'More.',
    ].join('\n');
    const entry = only(text);
    assert.equal(entry.key, 'arxiv:2106.09685');
    assert.equal(entry.shape, 'front-matter');
    assert.deepEqual(entry.aliases, ['openreview:nZeVKeeFYf9', 'title:lora-low-rank-adaptation-of-large-language-models', 'title:low-rank-adaptation-of-large-language-models']);
    assert.equal(entry.title, 'LoRA: Low-Rank Adaptation of Large Language Models');
    assert.deepEqual(entry.authors, ['Edward Hu', 'Yelong Shen']);
    assert.equal(entry.year, '2021');
    assert.equal(entry.date, '2021-06-17');
    assert.deepEqual(entry.topicPath, ['PEFT', '微调']);
    assert.equal(entry.summary, '低秩适配：冻结预训练权重，只训练两个低秩矩阵。 It works on any dense layer.');
    assert.deepEqual([entry.line, entry.endLine], [0, 17]);
  });

  it('front matter that declares no paper is no entry', () => {
    assert.deepEqual(entriesOf('---\ntitle: My week\ntags: [diary]\n---\nNothing.\n'), []);
  });

  it('keeps a long first paragraph to about 500 characters, cut after a sentence', () => {
    const sentence = '这是一个很长的句子，用来测试摘要的长度限制。';
    const entry = only(`---\narxiv: 1706.03762\n---\n${sentence.repeat(60)}\n`);
    assert.ok(entry.summary && entry.summary.length <= 500 && entry.summary.endsWith('。'), entry.summary);
  });
});

describe('paper entries: line endings', () => {
  it('reads CRLF notes as LF notes, line for line', () => {
    const lf = '# A\n\n| Paper | Notes |\n|---|---|\n| [LoRA](https://arxiv.org/abs/2106.09685) | x |\n\n- **论文**：[GPT-3](https://arxiv.org/abs/2005.14165)\n- **简介**：y\n';
    assert.deepEqual(extractPaperEntries(lf.replace(/\n/g, '\r\n')), extractPaperEntries(lf));
    assert.equal(extractPaperEntries(lf).entries.length, 2);
  });
});

describe('paper entries: what is not an entry', () => {
  const cases: Array<[string, string]> = [
    ['a table, a list and a heading inside a fenced code block', '```md\n| Paper |\n|---|\n| [A](https://arxiv.org/abs/1706.03762) |\n\n- [B](https://arxiv.org/abs/2106.09685)\n### [C](https://arxiv.org/abs/2005.14165)\n```\n'],
    ['indented code', 'Text.\n\n    - [B](https://arxiv.org/abs/2106.09685)\n'],
    ['an HTML comment block', '<!--\n- [B](https://arxiv.org/abs/2106.09685)\n-->\n'],
    ['a reference in an inline code span', '- `arXiv:2106.09685` is how to write it\n'],
    ['a paragraph mentioning a paper', 'We build on [LoRA](https://arxiv.org/abs/2106.09685) and arXiv:1706.03762.\n'],
    ['a bare number that could be an ID', '- 2106.09685 items sold\n'],
  ];
  for (const [name, text] of cases) it(name, () => assert.deepEqual(entriesOf(text), []));
});

describe('paper entries: headings', () => {
  it('every heading has a plain-text breadcrumb, including headings in list items and bold headings', () => {
    const text = [
      '# LLM_Paper_Reading',
      '1. # OpenAI/Google 基础话⾔⼤模型',
      'text',
      '1. # LLM的关键技术：',
      '1. ## ICL',
      '## 2.4 PEFT',
      '## **一、大模型与基础架构**',
      '### [Shikra](https://paperswithcode.com/paper/shikra) `code` <!-- note -->',
    ].join('\n');
    const { headings } = extractPaperEntries(text);
    assert.deepEqual(
      headings.map((h) => [h.line, h.level, h.text, h.path.join(' > ')]),
      [
        [0, 1, 'LLM_Paper_Reading', 'LLM_Paper_Reading'],
        [1, 1, 'OpenAI/Google 基础话言大模型', 'LLM_Paper_Reading > OpenAI/Google 基础话言大模型'],
        [3, 1, 'LLM的关键技术', 'LLM_Paper_Reading > LLM的关键技术'],
        [4, 2, 'ICL', 'LLM_Paper_Reading > LLM的关键技术 > ICL'],
        [5, 2, '2.4 PEFT', 'LLM_Paper_Reading > LLM的关键技术 > 2.4 PEFT'],
        [6, 2, '一、大模型与基础架构', 'LLM_Paper_Reading > LLM的关键技术 > 一、大模型与基础架构'],
        [7, 3, 'Shikra code', 'LLM_Paper_Reading > LLM的关键技术 > 一、大模型与基础架构 > Shikra code'],
      ],
    );
  });

  it('front matter is not read as headings', () => {
    const { headings } = extractPaperEntries('---\ntitle: x\n---\n# Real\n');
    assert.deepEqual(headings.map((h) => [h.line, h.text]), [[3, 'Real']]);
  });
});

describe('paper entries: broken shapes are problems', () => {
  const cases: Array<[string, string, Array<[number, RegExp]>, number]> = [
    ['a row with fewer cells than its header', '| ID | Paper | Introduction |\n|---|---|---|\n| 1 | [LoRA](https://arxiv.org/abs/2106.09685) |\n', [[2, /2 cells but its header has 3/]], 1],
    ['a row with more cells than its header', '| Paper | Notes |\n|---|---|\n| [LoRA](https://arxiv.org/abs/2106.09685) | a | b |\n', [[2, /3 cells but its header has 2/]], 1],
    ['a paper link with an empty title in a list', 'x\n\n- [](https://arxiv.org/abs/2106.09685)\n', [[2, /no text/]], 1],
    ['a paper link with an empty title in a table', '| Paper |\n|---|\n| [](https://arxiv.org/abs/2106.09685) |\n', [[2, /no text/]], 1],
    ['a heading link with no text', '### [](https://paperswithcode.com/paper/drag-your-gan)\n', [[0, /no text/]], 1],
    ['a heading whose link text is a repository name', '### [alex-petrenko/sample-factory](https://paperswithcode.com/paper/counter-strike-deathmatch)\n', [[0, /repository name/]], 1],
    ['an unclosed bracket', '- [Attention Is All You Need(https://arxiv.org/abs/1706.03762)\n', [[0, /'\[' is never closed/]], 1],
    ['an unclosed link destination', '- [Attention Is All You Need](https://arxiv.org/abs/1706.03762\n', [[0, /'\(' is never closed/]], 1],
    ['a heading link broken across two lines (003 EMP-SSL)', '### [EMP-SSL: Towards Self-Supervised Learning in One Training Epoch\n](https://paperswithcode.com/paper/emp-ssl)\n#### 摘要\n一個訓練週期。\n', [[0, /two lines/]], 1],
    ['a paper row with no title', '| ID | Paper | Introduction |\n|---|---|---|\n| 3✡ |  | 只有介绍 |\n', [[2, /no title/]], 0],
  ];
  for (const [name, text, expectedProblems, entryCount] of cases) {
    it(name, () => {
      const { entries, problems } = extractPaperEntries(text);
      assert.deepEqual(problems.map((p) => p.line), expectedProblems.map(([line]) => line), JSON.stringify(problems));
      problems.forEach((problem, index) => assert.match(problem.message, expectedProblems[index][1]));
      assert.equal(entries.length, entryCount, JSON.stringify(entries));
    });
  }

  it('still reads the paper of a broken shape when it can', () => {
    assert.equal(only('- [Attention Is All You Need](https://arxiv.org/abs/1706.03762\n').title, 'Attention Is All You Need');
    assert.equal(only('- [Attention Is All You Need(https://arxiv.org/abs/1706.03762)\n').key, 'arxiv:1706.03762');
    const empty = only('- [](https://arxiv.org/abs/2106.09685)\n');
    assert.deepEqual([empty.key, empty.title, empty.aliases], ['arxiv:2106.09685', undefined, []]);
    const emp = only('### [EMP-SSL: Towards Self-Supervised Learning in One Training Epoch\n](https://paperswithcode.com/paper/emp-ssl)\n#### 摘要\n一個訓練週期。\n');
    assert.deepEqual([emp.title, emp.summary], ['EMP-SSL: Towards Self-Supervised Learning in One Training Epoch', '一個訓練週期。']);
    const repository = only('### [alex-petrenko/sample-factory](https://paperswithcode.com/paper/counter-strike-deathmatch-1)\n');
    assert.deepEqual([repository.key, repository.title], ['title:counter-strike-deathmatch', undefined]);
  });
});

describe('paper entries: hostile input', () => {
  const MB = 1 << 20;
  const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length));
  const cases: Array<[string, string]> = [
    ['a 5 MB line of |', fill('|', 5 * MB)],
    ['a 5 MB line of [', fill('[', 5 * MB)],
    ['a 5 MB line of #', fill('#', 5 * MB)],
    ['a 5 MB line of - [', fill('- [', 5 * MB)],
    ['a 5 MB line of links to papers', `- ${fill('[a](https://arxiv.org/abs/1706.03762) ', 5 * MB)}`],
    ['a 5 MB line of open quotes before a paper', `- ${fill('“', 5 * MB)} [arXiv:1706.03762](https://arxiv.org/abs/1706.03762)`],
    ['lines of | [ # and - [', fill('|\n[\n# [\n- [\n', MB)],
    ['a table of broken paper rows', `| Paper | Intro |\n|---|---|\n${fill('| [x](https://arxiv.org/abs/1706.03762 | [ |\n', MB)}`],
    ['nested paper headings', fill('# [a](https://arxiv.org/abs/1706.03762)\n## [b](https://paperswithcode.com/paper/b)\n### x\n', MB)],
    ['deeply nested list items', fill(Array.from({ length: 120 }, (_, depth) => `${'  '.repeat(depth)}- [a](https://arxiv.org/abs/1706.03762) > ![](x.png)`).join('\n') + '\n\n', MB)],
    ['deeply nested block quotes', fill(`${'> '.repeat(200)}- [a](https://arxiv.org/abs/1706.03762)\n`, MB)],
    ['a front matter that never closes', `---\narxiv: 1706.03762\n${fill('x: [\n', MB)}`],
    ['NUL, lone surrogates and U+FFFD', '# \u0000\uD800\n- [\uDC00\uFFFD](https://arxiv.org/abs/1706.03762)\u0000\n| \uFFFD |\n|---|\n'],
  ];
  for (const [name, text] of cases) {
    it(`returns on ${name}`, () => {
      const result = extractPaperEntries(text);
      assert.ok(Array.isArray(result.entries) && Array.isArray(result.headings) && Array.isArray(result.problems));
    });
  }
});
