/**
 * Deterministic benchmark corpora (issue 7): papers, catalogs, notes and queries, all from a
 * seeded PRNG, so two runs on two machines measure the same text.
 *
 * Papers are a pure function of their number: paper `n` has the same arXiv ID, title, authors and
 * summary in every catalog, so the 1k catalog is the first 1k papers of the 100k one, and notes
 * can cite papers (by ID, URL, DOI, citation key, linked title) without a catalog being built.
 * Notes cite papers Zipf-distributed over a universe larger than the largest catalog: a few papers
 * are cited everywhere (the LoRA of the workspace), most once or never, some are unknown.
 */
import type { Catalog, CatalogPaper } from '../server/src/core/catalog';
import { pick, seededRandom } from '../test/support/randomNotes';

// ---------------------------------------------------------------------------------------------
// Randomness

// The tests' mulberry32 (test/support/randomNotes.ts): the same seeds give the same text everywhere.
export { pick, seededRandom };

export type Random = () => number;

function between(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Samples ranks 0..n-1 with P(rank) ∝ 1 / (rank + 1)^s. */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(readonly n: number, s = 1) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let rank = 0; rank < n; rank++) {
      total += 1 / Math.pow(rank + 1, s);
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < n; rank++) this.cumulative[rank] /= total;
  }

  sample(random: Random): number {
    const x = random();
    let low = 0;
    let high = this.n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid] < x) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary, most frequent first (the Zipf rank is the list order)

const ENGLISH_WORDS = (
  'learning models language large neural networks deep via training efficient transformer attention data model '
  + 'generation reinforcement representation self-supervised diffusion graph optimization adaptation fine-tuning '
  + 'towards scaling vision reasoning text pre-training multimodal benchmark robust instruction alignment agents '
  + 'retrieval augmented knowledge contrastive understanding image video speech policy reward preference human '
  + 'feedback evaluation sparse mixture experts low-rank quantization distillation pruning compression inference '
  + 'fast memory long context tokens sequence recurrent convolutional encoder decoder autoregressive masked '
  + 'autoencoder variational bayesian probabilistic uncertainty calibration causal fairness privacy federated '
  + 'adversarial attacks defense watermarking hallucination factuality chain-of-thought prompting in-context '
  + 'zero-shot few-shot transfer domain generalization out-of-distribution continual lifelong meta-learning '
  + 'curriculum active semi-supervised unsupervised clustering embedding metric similarity search ranking '
  + 'recommendation question answering summarization translation dialogue code program synthesis mathematical '
  + 'theorem proving planning tool use embodied robot manipulation navigation control offline online world '
  + 'simulation environment exploration value function actor-critic proximal gradient stochastic convergence '
  + 'theory analysis empirical study survey framework system parallel distributed pipeline hardware kernel '
  + 'compiler scheduling throughput latency energy carbon green open foundation chat assistant safety red-teaming '
  + 'constitutional harmless helpful honest interpretability mechanistic circuits probing neurons features '
  + 'superposition emergent abilities laws compute-optimal data-efficient parameter-efficient adapters prefix '
  + 'prompt tuning lora qlora flash rotary position encoding normalization layer residual initialization '
  + 'optimizer adam momentum schedule warmup batch size loss landscape sharpness flatness implicit bias '
  + 'kernel regime lazy feature infinite width mean field dynamics stability generalisation bounds pac-bayes '
  + 'segmentation detection tracking depth estimation 3d point cloud nerf gaussian splatting rendering '
  + 'super-resolution denoising inpainting editing text-to-image text-to-video audio music protein molecule '
  + 'drug discovery materials weather climate medical clinical radiology legal finance education '
  + 'multilingual low-resource chinese cross-lingual tokenization vocabulary byte-level character word subword'
).split(' ');

const CHINESE_WORDS = (
  '学习 模型 语言 大 神经网络 深度 训练 高效 注意力 数据 生成 强化学习 表示 自监督 扩散 图 优化 适配 微调 低秩 '
  + '对齐 推理 检索 增强 多模态 视觉 预训练 蒸馏 量化 剪枝 稀疏 专家混合 奖励 偏好 人类反馈 指令 提示 上下文 '
  + '长文本 评测 基准 鲁棒性 泛化 分布外 对比学习 掩码 自回归 编码器 解码器 架构 缩放定律 涌现 能力 思维链 '
  + '工具 智能体 规划 代码 数学 定理证明 机器人 控制 策略 价值函数 离线 在线 世界模型 视频 图像 语音 文本 '
  + '翻译 摘要 问答 对话 知识 图谱 因果 公平性 隐私 联邦学习 安全 对抗 攻击 防御 水印 幻觉 事实性 校准 '
  + '不确定性 贝叶斯 概率 变分 推断 采样 梯度 随机 收敛 理论 分析 实证 综述 框架 系统 加速 并行 分布式 '
  + '显存 吞吐 延迟 硬件 编译 算子 调度 开源 基础 助手 红队 可解释性 神经元 特征 参数 前缀 旋转 位置编码 '
  + '归一化 残差 初始化 优化器 学习率 批大小 损失 分割 检测 跟踪 深度估计 点云 渲染 超分辨率 去噪 编辑 '
  + '蛋白质 分子 药物 天气 医学 法律 金融 教育 多语言 低资源 中文 分词 词表'
).split(' ');

const CHINESE_GLUE = '的 了 在 和 是 我们 这篇 论文 提出 一种 新的 通过 实验 表明 显著 提升 效果 相比 基线 但是 问题 仍然 需要 注意 这里 关键 思路 其实 就是 把 用 来 做 而且 所以 如果 可以 没有 比较 结果 部分 方法'.split(' ');

const SURNAMES = (
  'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Smith Johnson Brown Lee Kim '
  + 'Park Nguyen Garcia Müller Schmidt Dubois Rossi Tanaka Suzuki Sato Ivanov Kowalski Silva Khan Patel Singh Cohen '
  + 'Vaswani Hinton Bengio LeCun Sutskever Radford Brown Touvron Ouyang Rafailov Dettmers Houlsby Devlin Raffel'
).split(' ');
const GIVEN_NAMES = (
  'Wei Jing Hao Yu Xin Lei Tao Yan Ming Jun Fang Hui Ying Bo Chao Jie Ling Rui Kai Yi Alice Bob Carol David Emma '
  + 'Frank Grace Henry Irene Jack Kate Liam Maria Noah Olivia Peter Quinn Rosa Sam Tom Ursula Victor Wendy Yuki Hiro '
  + 'Anna Lukas Pierre Giulia Sofia Mateo Ashish Noam Geoffrey Yoshua Yann Ilya Alec Tom Hugo Long Rafael Tim Neil Jacob Colin'
).split(' ');

const englishZipf = new Zipf(ENGLISH_WORDS.length, 1.05);
const chineseZipf = new Zipf(CHINESE_WORDS.length, 1.05);

function englishWord(random: Random): string {
  return ENGLISH_WORDS[englishZipf.sample(random)];
}

function chineseWord(random: Random): string {
  return CHINESE_WORDS[chineseZipf.sample(random)];
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Papers

export interface BenchPaper {
  readonly n: number;
  readonly arxiv: string;
  readonly doi?: string;
  readonly citekey: string;
  readonly title: string;
  readonly translatedTitle?: string;
  readonly authors: string[];
  readonly year: string;
  readonly summary: string;
  readonly importance?: number;
}

/** Paper n's arXiv ID: 10 years × 12 months of 5-digit numbers, unique for any n below 12M. */
export function arxivIdOf(n: number): string {
  const slot = n % 120;
  const year = 15 + Math.floor(slot / 12);
  const month = (slot % 12) + 1;
  const number = Math.floor(n / 120) + 1;
  return `${year}${String(month).padStart(2, '0')}.${String(number).padStart(5, '0')}`;
}

function chineseSentence(random: Random, words: number, englishShare = 0.12): string {
  let text = '';
  for (let i = 0; i < words; i++) {
    if (random() < englishShare) text += ` ${englishWord(random)} `;
    else text += random() < 0.45 ? pick(random, CHINESE_GLUE) : chineseWord(random);
  }
  return `${text.trim()}${pick(random, ['。', '。', '，', '；', '！'])}`;
}

function englishSentence(random: Random, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(random() < 0.3 ? pick(random, ['the', 'a', 'of', 'to', 'and', 'in', 'we', 'is', 'with', 'for']) : englishWord(random));
  return `${capitalise(parts.join(' '))}.`;
}

/** Paper n, the same in every catalog and note that names it. */
export function paperAt(n: number): BenchPaper {
  const random = seededRandom(0x9e3779b9 ^ Math.imul(n + 1, 2654435761));
  const words: string[] = [];
  const length = between(random, 3, 11);
  for (let i = 0; i < length; i++) words.push(englishWord(random));
  const label = random() < 0.2 ? `${capitalise(englishWord(random)).replace(/-/g, '')}${between(random, 1, 4)}: ` : '';
  const title = label + words.map((word, i) => (i === 0 || word.length > 3 ? capitalise(word) : word)).join(' ');
  const authorCount = between(random, 1, 8);
  const authors: string[] = [];
  for (let i = 0; i < authorCount; i++) authors.push(`${pick(random, GIVEN_NAMES)} ${pick(random, SURNAMES)}`);
  const year = String(2015 + Math.floor((n % 120) / 12));
  const translatedTitle = random() < 0.35
    ? Array.from({ length: between(random, 2, 6) }, () => chineseWord(random)).join('')
    : undefined;
  const summary = Array.from({ length: between(random, 2, 6) }, () => chineseSentence(random, between(random, 6, 16))).join('');
  const firstAuthorSurname = authors[0].split(' ')[1].toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '');
  const citekey = `${firstAuthorSurname}${words.slice(0, 3).map((w) => capitalise(w.replace(/[^A-Za-z0-9]/g, ''))).join('')}${year}${n.toString(36)}`;
  return {
    n,
    arxiv: arxivIdOf(n),
    doi: n % 4 === 0 ? `10.${1000 + (n % 9000)}/bench.${n}` : undefined,
    citekey,
    title,
    translatedTitle,
    authors,
    year,
    summary,
    importance: random() < 0.3 ? between(random, 1, 5) : undefined,
  };
}

export function papers(count: number, from = 0): BenchPaper[] {
  return Array.from({ length: count }, (_, i) => paperAt(from + i));
}

/** A compiled catalog of these papers, as `scripts/buildCatalog.mjs` would write it (no topics). */
export function catalogOf(list: readonly BenchPaper[]): Catalog {
  const catalogPapers: CatalogPaper[] = list.map((paper) => ({
    key: `arxiv:${paper.arxiv}`,
    paper: { scheme: 'arxiv', id: paper.arxiv },
    aliases: paper.doi ? [`doi:${paper.doi.toLowerCase()}`] : [],
    title: paper.title,
    translatedTitle: paper.translatedTitle,
    authors: paper.authors,
    year: paper.year,
    importance: paper.importance,
    summaries: [{ text: paper.summary, source: { file: 'bench.md', line: paper.n } }],
    codeLinks: [],
    links: [],
    topics: [],
    sources: [{ file: 'bench.md', line: paper.n }],
  }));
  return { version: 1, seeds: [], topics: [], papers: catalogPapers };
}

// ---------------------------------------------------------------------------------------------
// Notes

export interface BenchNote {
  readonly uri: string;
  readonly text: string;
}

/** Which papers notes cite: Zipf over a universe larger than the largest catalog (some unknown). */
export const CITED_UNIVERSE = 120_000;
let citedZipf: Zipf | undefined;
function citedPaper(random: Random): number {
  citedZipf ??= new Zipf(CITED_UNIVERSE, 1);
  return citedZipf.sample(random);
}

const OPENREVIEW_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** Cited papers are looked up again and again (Zipf): remember them while notes are made. */
const citedCache = new Map<number, BenchPaper>();
function citedPaperAt(n: number): BenchPaper {
  let paper = citedCache.get(n);
  if (!paper) citedCache.set(n, (paper = paperAt(n)));
  return paper;
}

/** One reference to paper n, in one of the forms people write (every form the recognizer knows). */
function reference(random: Random, n: number): string {
  const paper = citedPaperAt(n);
  const x = random();
  if (x < 0.18) return `arXiv:${paper.arxiv}`;
  if (x < 0.26) return `arXiv：${paper.arxiv}`;
  if (x < 0.30) return `（arXiv：${paper.arxiv}v${between(random, 1, 4)}）`;
  if (x < 0.36) return paper.arxiv;
  if (x < 0.48) return `https://arxiv.org/abs/${paper.arxiv}`;
  if (x < 0.54) return `https://arxiv.org/pdf/${paper.arxiv}v${between(random, 1, 3)}`;
  if (x < 0.70) return `[${paper.title}](https://arxiv.org/abs/${paper.arxiv})`;
  if (x < 0.76 && paper.doi) return random() < 0.5 ? `doi:${paper.doi}` : `https://doi.org/${paper.doi}`;
  if (x < 0.90) return random() < 0.7 ? `[@${paper.citekey}]` : `[see @${paper.citekey}, p. ${between(random, 1, 30)}; @${citedPaperAt(citedPaper(random)).citekey}]`;
  if (x < 0.94) {
    let id = '';
    for (let i = 0; i < 10; i++) id += OPENREVIEW_CHARS[Math.floor(random() * OPENREVIEW_CHARS.length)];
    return `https://openreview.net/forum?id=${id}`;
  }
  return `arXiv:${paper.arxiv}`;
}

/** A paragraph of mixed Chinese and English prose with references at a realistic density. */
function paragraph(random: Random): string {
  const sentences: string[] = [];
  const count = between(random, 2, 6);
  for (let i = 0; i < count; i++) {
    let sentence = random() < 0.6 ? chineseSentence(random, between(random, 8, 24)) : englishSentence(random, between(random, 8, 22));
    if (random() < 0.45) {
      const ref = reference(random, citedPaper(random));
      sentence = random() < 0.5 ? `${ref} ${sentence}` : `${sentence.slice(0, -1)}（${ref}）${sentence.slice(-1)}`;
    }
    if (random() < 0.05) sentence += ` \`${citedPaperAt(citedPaper(random)).arxiv}\` `;
    if (random() < 0.05) sentence += ` $\\mathcal{L} = \\sum_i \\log p(x_i)$ `;
    sentences.push(sentence);
  }
  return sentences.join(random() < 0.6 ? '' : ' ');
}

function paperTable(random: Random): string {
  const rows = ['| 日期 | 论文 | 方向 | 评分 | 一句话 |', '| ---- | ---- | ---- | ---- | ------ |'];
  const count = between(random, 3, 15);
  for (let i = 0; i < count; i++) {
    const paper = citedPaperAt(citedPaper(random));
    const link = random() < 0.8 ? `https://arxiv.org/abs/${paper.arxiv}` : `https://arxiv.org/pdf/${paper.arxiv}`;
    rows.push(`| ${String(between(random, 1, 12)).padStart(2, '0')}-${String(between(random, 1, 28)).padStart(2, '0')} | [${paper.title}](${link}) | ${chineseWord(random)} | ${'⭐'.repeat(between(random, 1, 5))} | ${chineseSentence(random, between(random, 4, 12))} |`);
  }
  return rows.join('\n');
}

function paperList(random: Random): string {
  const items: string[] = [];
  const count = between(random, 2, 10);
  for (let i = 0; i < count; i++) {
    const x = random();
    if (x < 0.5) {
      const paper = citedPaperAt(citedPaper(random));
      items.push(`- [${paper.title}](https://arxiv.org/abs/${paper.arxiv}) —— ${chineseSentence(random, between(random, 5, 15))}`);
    } else if (x < 0.7) {
      items.push(`${i + 1}. ${chineseSentence(random, between(random, 5, 15))}`);
    } else {
      items.push(`- ${paragraph(random)}`);
    }
  }
  return items.join('\n');
}

function codeBlock(random: Random): string {
  const lines = ['```python', 'import torch', `# see ${citedPaperAt(citedPaper(random)).arxiv}`];
  for (let i = between(random, 2, 12); i > 0; i--) {
    lines.push(`x_${i} = torch.randn(${between(random, 1, 4096)}, ${between(random, 1, 4096)})  # ${englishWord(random)} ${between(random, 1000, 2599)}.${between(random, 10000, 99999)}`);
  }
  lines.push('```');
  return lines.join('\n');
}

function heading(random: Random, level: number): string {
  const hashes = '#'.repeat(level);
  if (random() < 0.15) {
    const paper = citedPaperAt(citedPaper(random));
    return `${hashes} [${paper.title}](https://arxiv.org/abs/${paper.arxiv})`;
  }
  return `${hashes} ${random() < 0.6 ? Array.from({ length: between(random, 1, 3) }, () => chineseWord(random)).join('') : capitalise(englishWord(random))}`;
}

function frontMatter(random: Random, literature: number | undefined): string {
  if (literature !== undefined) {
    const paper = citedPaperAt(literature);
    return [
      '---',
      `title: "${paper.title}"`,
      `arxiv: ${paper.arxiv}`,
      `citekey: ${paper.citekey}`,
      `authors: ${paper.authors.join(', ')}`,
      `year: ${paper.year}`,
      `tags: [${chineseWord(random)}, ${englishWord(random)}]`,
      '---',
    ].join('\n');
  }
  return ['---', `title: ${chineseWord(random)}${chineseWord(random)}笔记`, `date: 2026-${String(between(random, 1, 12)).padStart(2, '0')}-${String(between(random, 1, 28)).padStart(2, '0')}`, `tags: [${chineseWord(random)}]`, '---'].join('\n');
}

/** A note of about `targetBytes` UTF-8 bytes. Literature notes (front matter declaring a paper) are about paper `literature`. */
/** A sentence to type into a note: Chinese prose, sometimes with a reference. */
export function editSnippet(random: Random): string {
  const sentence = chineseSentence(random, between(random, 3, 12));
  return random() < 0.2 ? `${sentence}（${reference(random, citedPaper(random))}）` : sentence;
}

export function noteText(random: Random, targetBytes: number, literature?: number): string {
  const blocks: string[] = [];
  if (literature !== undefined || random() < 0.5) blocks.push(frontMatter(random, literature));
  blocks.push(heading(random, 1));
  let bytes = blocks.reduce((sum, block) => sum + Buffer.byteLength(block), 0);
  while (bytes < targetBytes) {
    const x = random();
    let block: string;
    if (x < 0.5) block = paragraph(random);
    else if (x < 0.62) block = heading(random, between(random, 2, 3));
    else if (x < 0.74) block = paperTable(random);
    else if (x < 0.88) block = paperList(random);
    else if (x < 0.95) block = codeBlock(random);
    else block = `> ${paragraph(random)}\n\n<!-- ${citedPaperAt(citedPaper(random)).arxiv} TODO -->`;
    blocks.push(block);
    bytes += Buffer.byteLength(block) + 2;
  }
  return `${blocks.join('\n\n')}\n`;
}

/**
 * `count` notes averaging about `averageBytes` (log-normal sizes, a long tail of big notes);
 * 8% are literature notes about a cited paper.
 */
export function notes(count: number, averageBytes: number, seed: number): BenchNote[] {
  const random = seededRandom(seed);
  const result: BenchNote[] = [];
  for (let i = 0; i < count; i++) {
    // Log-normal with sigma 0.8: mean = median · e^(σ²/2).
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const target = Math.min(400_000, Math.max(300, Math.round((averageBytes / Math.exp(0.32)) * Math.exp(0.8 * gaussian))));
    const literature = random() < 0.08 ? citedPaper(random) : undefined;
    const folder = literature !== undefined ? 'literature' : pick(random, ['reading-log', 'topics', 'projects', '组会', 'inbox']);
    result.push({ uri: `file:///bench/${folder}/note-${String(i).padStart(5, '0')}.md`, text: noteText(random, target, literature) });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Queries

export type QueryKind = 'prefix' | 'words' | 'typo' | 'chinese' | 'author' | 'id';

export interface BenchQuery {
  readonly kind: QueryKind;
  readonly text: string;
  /** The paper the query was made from (a prefix may fairly match many others). */
  readonly source: number;
}

function typo(random: Random, word: string): string {
  if (word.length < 4) return word;
  const at = between(random, 1, word.length - 2);
  switch (between(random, 0, 2)) {
    case 0: return word.slice(0, at) + word.slice(at + 1); // deletion
    case 1: return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2); // transposition
    default: return word.slice(0, at) + pick(random, 'aeiourstnl'.split('')) + word.slice(at + 1); // substitution
  }
}

/**
 * What people type after `[@`: title prefixes as they grow, a few title words, typos, Chinese
 * (from translated titles and summaries), author names and IDs. Made from papers among the first
 * `catalogSize`, Zipf-weighted like citations (people look for the papers they cite).
 */
export function queries(count: number, catalogSize: number, seed: number): BenchQuery[] {
  const random = seededRandom(seed);
  const zipf = new Zipf(catalogSize, 0.8);
  const result: BenchQuery[] = [];
  const kinds: QueryKind[] = ['prefix', 'prefix', 'words', 'typo', 'chinese', 'chinese', 'author', 'id'];
  for (let i = 0; result.length < count; i++) {
    const kind = kinds[i % kinds.length];
    const paper = paperAt(zipf.sample(random));
    const words = paper.title.replace(/^[^:]*\d: /, '').toLowerCase().split(' ');
    let text: string;
    switch (kind) {
      case 'prefix': {
        const full = words.join(' ');
        text = full.slice(0, between(random, 2, Math.min(14, full.length)));
        break;
      }
      case 'words': {
        const start = between(random, 0, Math.max(0, words.length - 2));
        text = words.slice(start, start + between(random, 2, 3)).join(' ');
        break;
      }
      case 'typo': {
        const start = between(random, 0, Math.max(0, words.length - 2));
        text = words.slice(start, start + 2).map((word) => (word.length >= 5 ? typo(random, word) : word)).join(' ');
        break;
      }
      case 'chinese': {
        const source = paper.translatedTitle ?? paper.summary.replace(/[^\p{Script=Han}]/gu, '');
        const chars = Array.from(source);
        const length = Math.min(chars.length, between(random, 2, 6));
        const start = between(random, 0, Math.max(0, chars.length - length));
        text = chars.slice(start, start + length).join('');
        break;
      }
      case 'author':
        text = random() < 0.5 ? paper.authors[0].split(' ')[1].toLowerCase() : paper.authors[0].toLowerCase();
        break;
      case 'id':
        text = random() < 0.5 ? paper.arxiv : paper.arxiv.slice(0, between(random, 4, 8));
        break;
    }
    if (text.trim()) result.push({ kind, text, source: paper.n });
  }
  return result;
}
