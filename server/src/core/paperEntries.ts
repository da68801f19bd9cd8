/**
 * Paper entries: the places in a note that describe a paper, read from the note's Markdown
 * structure. Four shapes are understood:
 *
 * - a table row with a linked title (or a paper reference), in a table of papers;
 * - a list item with a paper link or reference (a citation line, or a `**论文**：[...]` item
 *   whose following `**简介**：` item is its summary);
 * - a heading that links to (or names) a paper, with the section under it;
 * - the front matter of a literature note.
 *
 * Identity comes from the recognizer (arXiv > DOI > OpenReview), else from the title. Text is
 * made plain (no Markdown), CJK radicals are folded and whitespace collapsed. Broken shapes
 * become problems; nothing here throws on what a user can write. Cost is linear in the note:
 * each block is read on its own, and only blocks that can be entries are parsed inline.
 *
 * What the seeds taught (see test/unit/seedEntries.test.ts):
 * - a paper linked in another paper's Introduction cell is an entry of its own, `mentionedBy`
 *   the row (002 lists related RLHF papers that way);
 * - several short method names in one title cell are several papers (001's 'SA-Solver, Restart, GMS');
 * - a repository image (`raw.githubusercontent.com/<owner>/<repo>/…`) names the paper's code
 *   (003's Shikra has no other code link), and HackMD's `![](url =50%x)` is an image;
 * - a `Label：Title` keeps the label in the title but also gives the title's key without it
 *   (004's 'GPT-1: Improving Language Understanding…' is 002's 'Improving Language Understanding…');
 * - headings written in list items (002's `1. # …` chapters) nest under the document's own heading.
 */
import { frontMatterField, readFrontMatter, type FrontMatter } from './frontMatter';
import { readLiteratureNote } from './literatureNote';
import {
  parseMarkdownDocument,
  type HeadingBlock,
  type InlineNode,
  type ListBlock,
  type ListItemBlock,
  type MarkdownBlock,
  type MarkdownDocument,
  type OpaqueBlock,
  type ParagraphBlock,
  type TableBlock,
  type TableRow,
} from './markdownParser';
import { paperKey, schemeRank, titleId, type PaperId } from './paperId';
import { findPaperReferences, type PaperReference } from './recognize';
import { foldCjkRadicals } from './textNormalise';

export type EntryShape = 'table-row' | 'list-item' | 'heading-section' | 'front-matter';

export interface PaperEntry {
  /** Primary identity: arXiv > DOI > OpenReview > citation key > title (`titleId(title)`). */
  readonly paper: PaperId;
  /** paperKey(paper) */
  readonly key: string;
  /**
   * Other keys of the same paper: other identifiers in the entry, the title key whenever a
   * title is known and the primary is not the title, and the key of the title without a short
   * `Label:` prefix (004's `GPT-1: Improving Language Understanding…` is 002's `Improving
   * Language Understanding…`).
   */
  readonly aliases: readonly string[];
  /** Plain text, no leading decoration (🔥), radicals folded. */
  readonly title?: string;
  readonly authors: readonly string[];
  /** As written near the entry ('2023'), else the year of its arXiv ID. */
  readonly year?: string;
  /** ISO 'YYYY-MM-DD', only when a full date is written. */
  readonly date?: string;
  /** Texts of the headings the entry sits under, outermost first (a heading entry: those above its own heading). */
  readonly topicPath: readonly string[];
  /** Plain text, radicals folded, whitespace collapsed, at most about 1000 characters. */
  readonly summary?: string;
  /** Count of ✡ ⭐ 🌟 ★ marks; absent when none. */
  readonly importance?: number;
  /** Code repositories linked in the entry, as `https://host/owner/repo`. */
  readonly codeLinks: readonly string[];
  /** The paper's own URL(s) as written (the title link). */
  readonly links: readonly string[];
  readonly shape: EntryShape;
  /** 0-based line where the entry starts. */
  readonly line: number;
  /** 0-based, exclusive. */
  readonly endLine: number;
  /**
   * Set when the paper is only mentioned inside another entry (a related paper linked in 002's
   * Introduction column): the key of that entry. Such entries share its lines and shape.
   */
  readonly mentionedBy?: string;
}

export interface EntryProblem {
  readonly line: number;
  readonly message: string;
}

export interface HeadingInfo {
  readonly level: number;
  /** Plain text, radicals folded. */
  readonly text: string;
  readonly line: number;
  /** Outermost first, its own text last. */
  readonly path: readonly string[];
}

export interface EntryExtraction {
  readonly entries: PaperEntry[];
  readonly headings: HeadingInfo[];
  readonly problems: EntryProblem[];
}

/** Every paper entry, heading and shape problem of a note. Never throws. */
/**
 * `parsed`: the note's front matter and block tree when the caller has them already (the index
 * reads each note once); else they are read here.
 */
export function extractPaperEntries(text: string, parsed?: { readonly frontMatter: FrontMatter | undefined; readonly document: MarkdownDocument }): EntryExtraction {
  const extractor = new Extractor(text, parsed);
  try {
    extractor.run();
  } catch (error) {
    // A bug must not take the server down with it: report it as a problem of the note.
    extractor.problems.push({ line: 0, message: `Paper entries could not be read completely: ${String(error)}` });
  }
  return extractor.result();
}

// ---------------------------------------------------------------------------------------
// Limits

/** Inline content longer than this is read only up to it: no entry is that long. */
const MAX_INLINE = 20_000;
const MAX_SUMMARY = 1000;
/** A title read from the text before a link is never longer than this; longer text is prose. */
const MAX_PROSE_TITLE = 200;
const MAX_FRONT_MATTER_SUMMARY = 500;

// ---------------------------------------------------------------------------------------
// Words and patterns

const STARS = /[\u2721\u2B50\u2605]|\u{1F31F}/gu;
const LEADING_DECORATION = /^[\p{Extended_Pictographic}\p{So}\p{Sk}\uFE0F\u200D\u20E3\s*•·>|#~_[【-]+/u;
const PAPER_LABEL = /^\s*(?:论文|論文|paper)\s*[:：]\s*/i;
const SUMMARY_LABEL = /^\s*(?:简介|簡介|介绍|介紹|摘要|概要|总结|總結|summary|abstract|tl;?dr|备注|備註|notes?|说明|說明|description)\s*[:：]\s*/i;
const SUMMARY_HEADING = /^(?:摘要|概要|简介|簡介|介绍|介紹|总结|總結|abstract|summary|tl;?dr|overview)\s*[:：]?$/i;
/** Link texts that say where a link goes, not which paper it is. */
const GENERIC_LINK_TEXT = /^(?:论文|論文|原文|论文链接|論文連結|论文地址|論文地址|链接|連結|地址|paper|papers|pdf|link|here|this|arxiv|abs|html|full ?text|code|代码|代碼|github|repo|blog|博客|解读|解讀|website|project|project page|homepage|主页|主頁|demo|download|下载|下載|video|视频|視頻|slides?|poster)$/i;
const PAPER_LINK_TEXT = /^(?:论文|論文|原文|论文链接|論文連結|论文地址|論文地址|paper|pdf|full ?text)$/i;
const SLIDE_TEXT = /slides?|poster|ppt|课件|講義|讲义|幻灯/i;
const AUTHOR_YEAR = /^\p{Lu}[\p{L}'’-]+(?:\s+(?:and|&)\s+\p{Lu}[\p{L}'’-]+)?(?:\s+et\s+al\.?)?,?\s+\(?((?:19|20)\d{2})[a-z]?\)?$/u;
const NOT_A_LABEL = /^(?:doi|arxiv|pdf|url|link|code|代码|代碼|代码地址|代碼地址|链接|連結|地址|解读|解讀|paper|论文|論文|github|blog)$/i;
const HACKMD_IMAGE_SIZE = /(!\[[^\]\n]*\]\([^)\s]+)[ \t]+=[\d%]*x?[\d%]*\)/g;
const REPO_NAME = /^[\w.-]+\/[\w.-]+$/;
const YEAR = /(?<![\d.\/])((?:19|20)\d{2})(?![\d.\/])/;
const VENUES = 'arxiv|preprint|acl|emnlp|naacl|eacl|coling|nips|neurips|icml|iclr|cvpr|iccv|eccv|aaai|ijcai|kdd|sigir|tacl|jmlr|tpami|interspeech|icassp|siggraph|corl|rss|uai|aistats|colt';

const TITLE_HEADER = /paper|论文|論文|title|标题|標題|题目|題目|文章|文献|文獻|publication/i;
const SUMMARY_HEADER = /introduction|intro|简介|簡介|介绍|介紹|备注|備註|notes?|summary|摘要|description|描述|说明|說明|comments?|remarks?|评价|評價|点评|點評|tl;?dr|contribution|贡献|貢獻/i;
const AUTHOR_HEADER = /author|作者/i;
const DATE_HEADER = /^(?:year|年份|年|date|日期|time|时间|時間|published|发表|發表|发表时间|發表時間)$/i;
const INDEX_HEADER = /^(?:id|#|no\.?|序号|序號|编号|編號|index|rank|importance|重要性|重要程度|stars?|⭐|★)$/i;

const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'gitee.com', 'bitbucket.org', 'codeberg.org', 'huggingface.co']);
const NOT_REPO_OWNERS = new Set([
  'about', 'apps', 'blog', 'chat', 'codespaces', 'collections', 'course', 'customer-stories', 'datasets', 'docs',
  'enterprise', 'explore', 'features', 'issues', 'join', 'learn', 'login', 'marketplace', 'models', 'new',
  'notifications', 'organizations', 'orgs', 'papers', 'posts', 'pricing', 'pulls', 'search', 'security', 'settings',
  'site', 'spaces', 'sponsors', 'tasks', 'topics', 'trending', 'users', 'api', 'explore', 'help', 'dashboard',
]);
/** Hosts (and path prefixes) whose pages are papers, though not by an identifier the recognizer knows. */
const PAPER_PAGES: ReadonlyArray<readonly [string, string]> = [
  ['paperswithcode.com', '/paper/'],
  ['www.paperswithcode.com', '/paper/'],
  ['openaccess.thecvf.com', '/'],
  ['aclanthology.org', '/'],
  ['www.aclweb.org', '/anthology/'],
  ['proceedings.neurips.cc', '/paper'],
  ['papers.nips.cc', '/paper'],
  ['proceedings.mlr.press', '/'],
  ['dl.acm.org', '/doi/'],
  ['ieeexplore.ieee.org', '/document/'],
  ['link.springer.com', '/'],
  ['www.nature.com', '/articles/'],
  ['nature.com', '/articles/'],
  ['www.science.org', '/doi/'],
  ['www.sciencedirect.com', '/science/article/'],
  ['www.semanticscholar.org', '/paper/'],
  ['ojs.aaai.org', '/'],
  ['www.ijcai.org', '/proceedings/'],
  ['jmlr.org', '/papers/'],
  ['www.jmlr.org', '/papers/'],
  ['openreview.net', '/'],
  ['www.biorxiv.org', '/content/'],
  ['www.medrxiv.org', '/content/'],
  ['papers.ssrn.com', '/'],
  ['www.researchgate.net', '/publication/'],
];

// ---------------------------------------------------------------------------------------
// Plain text

const QUOTE_PAIRS: Readonly<Record<string, string>> = { '“': '”', '"': '"', "'": "'", '‘': '’', '「': '」', '『': '』', '《': '》', '【': '】' };

function clean(text: string): string {
  // Most text has none of these: one test spares three replace passes (clean runs on every cell and item).
  const unusual = UNUSUAL_CHARACTERS.test(text)
    ? foldCjkRadicals(text).replace(/\uFFFD+/g, '…').replace(/[\u200B\u200C\uFEFF]/g, '')
    : text;
  // Words apart by one space need no collapsing: testing for anything else is cheaper than replacing.
  return (IRREGULAR_SPACE.test(unusual) ? unusual.replace(/\s+/g, ' ') : unusual).trim();
}

const UNUSUAL_CHARACTERS = /[\u2E80-\u2FDF\uFFFD\u200B\u200C\uFEFF]/;
/** Whitespace other than a lone space: what the collapsing replace would change. */
const IRREGULAR_SPACE = /[^\S ]| \s/;

function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

function cleanTitle(raw: string): string | undefined {
  let title = clean(raw).replace(LEADING_DECORATION, '');
  // 'LoRA：LoRA: Low-Rank…' and 'Scaling Laws：Scaling Laws for…': a label that repeats the title.
  const label = /^([^:：]{1,30}?)\s*[：:]\s*/.exec(title);
  if (label && title.slice(label[0].length).toLowerCase().startsWith(label[1].toLowerCase())) {
    const rest = title.slice(label[0].length);
    if (!/[\p{L}\p{N}]/u.test(rest.charAt(label[1].length))) title = rest;
  }
  // A parenthesis opened and never closed at the end ('…Clusters（Megatron-LM') is a note, not the title.
  const unclosed = /\s*[（(][^()（）]*$/.exec(title);
  if (unclosed && unclosed.index > 0 && hasWords(title.slice(0, unclosed.index))) title = title.slice(0, unclosed.index);
  // What an unclosed '[' leaves behind: 'Attention Is All You Need]'.
  if (/[\]】]$/.test(title) && !/[[【]/.test(title)) title = title.slice(0, -1);
  const close = QUOTE_PAIRS[title.charAt(0)];
  if (close && title.length > 2 && title.endsWith(close)) title = title.slice(1, -1).trim();
  title = title.replace(/[\s,，;；、。.:：]+$/u, '').trim();
  return hasWords(title) ? title : undefined;
}

/** The title without a short `Label:` prefix, when what follows is a title of its own. */
function unlabelledTitle(title: string): string | undefined {
  // One name as the label ('GPT-1:', 'ViT：'), so that 'Pre-Trained Models: Past, Present and Future' keeps its words.
  const match = /^([^\s:：]{1,24})\s*[:：]\s*(.+)$/u.exec(title);
  if (!match) return undefined;
  const rest = match[2].trim();
  if (rest.length < 16 || rest.split(/\s+/).length < 3) return undefined;
  return rest;
}

function titleKeys(title: string | undefined): string[] {
  if (!title) return [];
  const keys: string[] = [];
  const full = titleId(title);
  if (full) keys.push(paperKey(full));
  const rest = unlabelledTitle(title);
  const short = rest ? titleId(rest) : undefined;
  if (short) keys.push(paperKey(short));
  return keys;
}

/** At most `max` characters, cut after a sentence when one ends late enough. */
function limitText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  let cut = -1;
  for (const match of head.matchAll(/[。！？!?；;](?=\s|$|[^\x00-\x7F])|[.](?=\s)/gu)) cut = match.index + 1;
  if (cut >= max * 0.6) return head.slice(0, cut).trim();
  const safe = /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
  return `${safe.trimEnd()}…`;
}

function countStars(text: string): number {
  return text.match(STARS)?.length ?? 0;
}

// ---------------------------------------------------------------------------------------
// Links and URLs

interface UrlParts {
  readonly host: string;
  readonly path: string;
}

function urlParts(url: string): UrlParts | undefined {
  const match = /^(?:https?:)?\/\/([^/?#\s]+)([^?#\s]*)/i.exec(url.trim()) ?? /^((?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+)(\/[^?#\s]*)/i.exec(url.trim());
  if (!match) return undefined;
  return { host: match[1].toLowerCase().replace(/:\d+$/, ''), path: match[2] || '/' };
}

/** `https://host/owner/repo` for a link into a code repository, else undefined. */
function codeRepository(url: string, fromImage = false): string | undefined {
  const parts = urlParts(url);
  if (!parts) return undefined;
  let host = parts.host.replace(/^www\./, '');
  const segments = parts.path.split('/').filter(Boolean);
  if (fromImage) {
    // Images served from a repository say where the paper's code lives.
    if (host === 'raw.githubusercontent.com') host = 'github.com';
    else if (host !== 'github.com' && host !== 'gitlab.com') return undefined;
  }
  if (!CODE_HOSTS.has(host) || segments.length < 2) return undefined;
  const [owner, rawRepo] = segments;
  if (NOT_REPO_OWNERS.has(owner.toLowerCase())) return undefined;
  const repo = rawRepo.replace(/\.git$/i, '');
  if (!/^[\w.-]+$/.test(owner) || !/^[\w.-]+$/.test(repo) || repo === '.' || repo === '..') return undefined;
  return `https://${host}/${owner}/${repo}`;
}

/** A page that is a paper, though not by an identifier the recognizer knows; or a PDF. */
function paperPage(url: string, linkText: string): 'page' | 'pdf' | undefined {
  const parts = urlParts(url);
  if (!parts) return undefined;
  for (const [host, prefix] of PAPER_PAGES) {
    if (parts.host === host && parts.path.startsWith(prefix) && parts.path.length > prefix.length) return 'page';
  }
  if (/\.pdf$/i.test(parts.path) && !SLIDE_TEXT.test(linkText) && !codeRepository(url)) return 'pdf';
  return undefined;
}

/** `paperswithcode.com/paper/<slug>`: the slug as words (no ID: Papers with Code is gone). */
function slugTitle(url: string): string | undefined {
  const parts = urlParts(url);
  if (!parts || !parts.host.endsWith('paperswithcode.com')) return undefined;
  const slug = /^\/paper\/([\w-]+)/.exec(parts.path)?.[1];
  return slug ? slug.replace(/-\d+$/, '').replace(/-/g, ' ') : undefined;
}

/** Bare URLs in plain text. Two URLs written without a space between them are two. */
function bareUrls(text: string): string[] {
  const urls: string[] = [];
  for (const match of text.matchAll(/https?:\/\/[!#-'*-;=?-Z\\^-z~]+/g)) {
    for (const part of match[0].split(/(?=https?:\/\/)/)) {
      const url = part.replace(/[.,;:!?'*_~]+$/, '');
      if (url.length > 8) urls.push(url);
    }
  }
  return urls;
}

function isIdentifier(reference: PaperReference): boolean {
  return !reference.bare && reference.paper.scheme !== 'citekey' && reference.paper.scheme !== 'title';
}

function referencesIn(text: string): PaperReference[] {
  if (!/arxiv|ar5iv|alphaxiv|doi|openreview|10\.\d{4}|huggingface|hf\.co/i.test(text)) return [];
  return findPaperReferences(text).references.filter(isIdentifier);
}

// ---------------------------------------------------------------------------------------
// Inline content of one block

type LinkKind = 'paper' | 'code' | 'other';

interface LinkInfo {
  /** Plain text of the link (uncleaned). */
  readonly text: string;
  readonly href: string;
  /** Offsets of the link text in InlineInfo.plain. */
  readonly start: number;
  readonly end: number;
  readonly reference?: PaperReference;
  readonly kind: LinkKind;
  /** A paper link known only by a '.pdf' path or a '论文' text: trusted where papers are expected. */
  readonly weak?: true;
}

interface InlineInfo {
  readonly raw: string;
  /** Links as their text, code spans as their content, images and HTML dropped. Not cleaned. */
  readonly plain: string;
  readonly links: readonly LinkInfo[];
  readonly images: readonly string[];
  /** Identifier references in the plain text outside code spans (offsets into plain). */
  readonly references: readonly PaperReference[];
}

function classifyLink(text: string, href: string): { kind: LinkKind; reference?: PaperReference; weak?: true } {
  const reference = referencesIn(href)[0];
  if (reference) return { kind: 'paper', reference };
  if (codeRepository(href)) return { kind: 'code' };
  const page = paperPage(href, text);
  if (page === 'page') return { kind: 'paper' };
  if (page === 'pdf' || (PAPER_LINK_TEXT.test(clean(text)) && /^https?:\/\//i.test(href))) return { kind: 'paper', weak: true };
  return { kind: 'other' };
}

/** A link that names a paper on its own, wherever it is written. */
function isStrongPaperLink(link: LinkInfo): boolean {
  return link.kind === 'paper' && (!link.weak || (isTitleText(link.text) && clean(link.text).split(/\s+/).length >= 3));
}

function readInline(doc: MarkdownDocument, raw: string): InlineInfo {
  // Radicals are folded first: '**GPT3原始论⽂**GPT-3' only closes its emphasis when ⽂ is the letter 文.
  // HackMD's sized images, `![](url =50%x)`, are images too (CommonMark reads them as text).
  const source = foldCjkRadicals(raw.length > MAX_INLINE ? raw.slice(0, MAX_INLINE) : raw).replace(HACKMD_IMAGE_SIZE, '$1)');
  const nodes = /[[\]()*_`<>!\\&~]/.test(source) ? doc.inline(source) : [{ kind: 'text', text: source } as const];
  let plain = '';
  let referenceText = '';
  const links: LinkInfo[] = [];
  const images: string[] = [];
  const append = (text: string, visibleToReferences: boolean): void => {
    plain += text;
    referenceText += visibleToReferences ? text : ' '.repeat(text.length);
  };
  const walk = (list: readonly InlineNode[]): void => {
    for (const node of list) {
      switch (node.kind) {
        case 'text':
          // Emphasis markers markdown-it could not pair are markup, not text.
          append(node.text.replace(/\*{2,}|~~/g, ''), true);
          break;
        case 'code':
          append(node.text, false);
          break;
        case 'break':
          append(' ', true);
          break;
        case 'html':
          if (/^<br\b/i.test(node.html)) append(' ', true);
          break;
        case 'image':
          images.push(node.src);
          break;
        case 'link': {
          const start = plain.length;
          walk(node.children);
          const text = plain.slice(start);
          links.push({ text, href: node.href, start, end: plain.length, ...classifyLink(text, node.href) });
          break;
        }
      }
    }
  };
  walk(nodes);
  return { raw, plain, links, images, references: referencesIn(referenceText) };
}

/** Sentences, not a title: a full stop or semicolon inside, or simply too long. */
function isProseText(text: string): boolean {
  return text.length > MAX_PROSE_TITLE || /[。；;！]|\.\s+\p{Lu}/u.test(text.replace(/[。.!！]+$/u, ''));
}

/** The plain text with the given spans cut out (replaced by a space). */
function without(text: string, spans: ReadonlyArray<{ readonly start: number; readonly end: number }>): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of sorted) {
    if (span.start < at) continue;
    out += `${text.slice(at, span.start)} `;
    at = span.end;
  }
  return out + text.slice(at);
}

function withoutUrls(text: string): string {
  return text.replace(/https?:\/\/[!#-'*-;=?-Z\\^-z~]+/g, ' ');
}

/** A link's text says which paper it is (not 'PDF', 'arXiv:2305.01569', a URL or 'Kojima et al. 2021'). */
function isTitleText(text: string): boolean {
  const plain = clean(text).replace(LEADING_DECORATION, '');
  if (!hasWords(plain) || GENERIC_LINK_TEXT.test(plain) || AUTHOR_YEAR.test(plain)) return false;
  // A URL or a bare domain ('[zeta-alpha.com](…)', '[openaccess.thecvf.com](…)') names the site, not the paper.
  if (/^(?:https?:\/\/|www\.)/i.test(plain) || /^[\w-]+(?:\.[\w-]+)+\/?$/.test(plain)) return false;
  const references = referencesIn(plain);
  if (references.length > 0 && !hasWords(without(plain, references).replace(/\b(?:arxiv|doi)\b/gi, ''))) return false;
  return true;
}

/** The title a link gives, with a short `Label:` written just before it ('**LaMDA**: [Language Models…](…)'). */
function titleAtLink(info: InlineInfo, link: LinkInfo, from: number): string | undefined {
  const linkTitle = isTitleText(link.text) ? cleanTitle(link.text) : undefined;
  if (!linkTitle) return undefined;
  const before = clean(info.plain.slice(from, link.start)).replace(PAPER_LABEL, '');
  // The whole text before the link ('LaMDA:', 'Scaling Laws:'), or one word after other text ('…2021)Sparrow:').
  const whole = /^([^\s:：]{1,24}(?:\s[^\s:：]{1,24}){0,2})\s*[:：]$/u.exec(before);
  const word = /(?:^|[\s)）\]】,，。;；])([^\s:：()（）[\]【】,，。;；]{1,24})\s*[:：]$/u.exec(before);
  const label = (whole ?? word)?.[1];
  // A model's name ('LaMDA', 'GPT-1'), not a word of the sentence ('相关：').
  if (label && /[A-Za-z0-9]/.test(label) && !SUMMARY_LABEL.test(before) && !NOT_A_LABEL.test(label) && !linkTitle.toLowerCase().startsWith(label.toLowerCase())) {
    return cleanTitle(`${label}: ${linkTitle}`);
  }
  return linkTitle;
}

/** Trailing ', ACL 2022。' / 'Arxiv 2023' / '(NeurIPS 2020)' taken off a title written in prose; the year is kept. */
function stripVenue(text: string): { title: string; year?: string } {
  let title = text;
  let year: string | undefined;
  for (let pass = 0; pass < 4; pass++) {
    const before = title;
    title = title.replace(/[\s,，、;；.。]+$/u, '');
    const bracketed = new RegExp(`\\s*[(（\\[【]\\s*(?:(?:${VENUES})\\s*)?((?:19|20)\\d{2})\\s*年?\\s*[)）\\]】]$`, 'iu').exec(title);
    const trailing = new RegExp(`(?:^|(?<=[\\s,，、;；.。]|[^\\x00-\\x7F]))(?:(?:${VENUES})[\\s,，、]*)?((?:19|20)\\d{2})\\s*年?$`, 'iu').exec(title);
    const venueOnly = new RegExp(`(?:^|(?<=[\\s,，、;；]|[^\\x00-\\x7F]))(?:${VENUES})$`, 'iu').exec(title);
    const found = bracketed ?? trailing;
    if (found) {
      year ??= found[1];
      title = title.slice(0, found.index);
    } else if (venueOnly && year) {
      title = title.slice(0, venueOnly.index);
    }
    if (title === before) break;
  }
  return { title: title.trim(), year };
}

function yearIn(text: string): string | undefined {
  return YEAR.exec(text)?.[1];
}

function isoDate(text: string): string | undefined {
  const match =
    /(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})(?!\d)/.exec(text) ??
    /(?<![\d.\/])((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.\/])/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function arxivYear(id: string): string | undefined {
  const modern = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  if (modern) return `20${modern[1]}`;
  const old = /\/(\d{2})\d{5}$/.exec(id);
  if (old) return `${Number(old[1]) >= 91 ? 19 : 20}${old[1]}`;
  return undefined;
}

function splitAuthors(text: string): string[] {
  return clean(text)
    .split(/\s*[,，、;；]\s*|\s+and\s+|\s*&\s*/)
    .map((name) => name.trim())
    .filter((name) => hasWords(name) && name.length <= 80);
}

/** Where a bracket or a link destination is left open: the shape of a broken link. */
function unclosedBracket(raw: string): string | undefined {
  let brackets = 0;
  let parens = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      i++;
    } else if (parens >= 0) {
      if (c === '(') parens++;
      else if (c === ')') parens--;
    } else if (c === '[') {
      brackets++;
    } else if (c === ']') {
      if (brackets > 0) brackets--;
      if (raw[i + 1] === '(') {
        parens = 1;
        i++;
      }
    }
  }
  if (parens > 0) return "a link's '(' is never closed";
  if (brackets > 0) return "a '[' is never closed";
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Entries being built

interface Draft {
  identifiers: PaperId[];
  title?: string;
  /** A title for the identity only, when the written one is unusable (a repository name). */
  identityTitle?: string;
  authors: string[];
  year?: string;
  date?: string;
  topicPath: readonly string[];
  summary?: string;
  importance?: number;
  codeLinks: string[];
  links: string[];
  shape: EntryShape;
  line: number;
  endLine: number;
  mentionedBy?: Draft;
}

/** A "title" that is only a Pandoc citation (`[@key]`, `@key`): the paper is named by its key. */
const CITATION_TITLE = /^\[?-?@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*)\]?$/u;

function identityOf(draft: Draft): PaperId | undefined {
  const sorted = [...draft.identifiers].sort((a, b) => schemeRank(a.scheme) - schemeRank(b.scheme));
  if (sorted[0]) return sorted[0];
  const title = (draft.identityTitle ?? draft.title ?? '').trim();
  const citation = CITATION_TITLE.exec(title);
  return citation ? { scheme: 'citekey', id: citation[1].replace(/[:.#$%&\-+?<>~/]+$/, '') } : titleId(title);
}

function finish(draft: Draft): PaperEntry | undefined {
  const paper = identityOf(draft);
  if (!paper) return undefined;
  const key = paperKey(paper);
  const aliases = new Set<string>();
  for (const identifier of draft.identifiers) aliases.add(paperKey(identifier));
  for (const titleKey of titleKeys(draft.title)) aliases.add(titleKey);
  aliases.delete(key);
  const year = draft.year ?? (paper.scheme === 'arxiv' ? arxivYear(paper.id) : undefined);
  const entry: { -readonly [K in keyof PaperEntry]: PaperEntry[K] } = {
    paper,
    key,
    aliases: [...aliases],
    authors: draft.authors,
    topicPath: draft.topicPath,
    codeLinks: uniqueLinks(draft.codeLinks),
    links: [...new Set(draft.links)],
    shape: draft.shape,
    line: draft.line,
    endLine: Math.max(draft.endLine, draft.line + 1),
  };
  if (draft.title) entry.title = draft.title;
  if (year) entry.year = year;
  if (draft.date) entry.date = draft.date;
  const summary = draft.summary ? limitText(clean(draft.summary), MAX_SUMMARY) : '';
  if (hasWords(summary)) entry.summary = summary;
  if (draft.importance) entry.importance = draft.importance;
  return entry;
}

function uniqueLinks(links: readonly string[]): string[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const folded = link.toLowerCase();
    if (seen.has(folded)) return false;
    seen.add(folded);
    return true;
  });
}

function codeLinksOf(info: InlineInfo, withImages: boolean): string[] {
  const found: string[] = [];
  for (const link of info.links) {
    const repository = codeRepository(link.href);
    if (repository) found.push(repository);
  }
  for (const url of bareUrls(info.plain)) {
    const repository = codeRepository(url);
    if (repository) found.push(repository);
  }
  if (withImages) {
    for (const src of info.images) {
      const repository = codeRepository(src, true);
      if (repository) found.push(repository);
    }
  }
  return found;
}

/** The text of a summary written as prose, or undefined when only links and labels are left. */
function summaryText(text: string): string | undefined {
  const references = referencesIn(text);
  let rest = withoutUrls(without(text, references));
  rest = clean(rest)
    .replace(/\[\s*\]|\(\s*\)|（\s*）|【\s*】/g, ' ')
    .replace(/^[\s,，.。;；:：、\-–—|/]+|[\s,，;；:：、\-–—|/]+$/gu, '')
    .trim();
  // What is left of 'DOI: [https://dx.doi.org/… 10.1145/…].' is a label, not a summary.
  const words = rest.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (words.replace(/\s/g, '').length < 2 || /^(?:doi|arxiv|pdf|url|link|code|代码|代碼|链接|連結)$/i.test(words)) return undefined;
  return rest;
}

// ---------------------------------------------------------------------------------------
// The extractor

interface FlatBlock {
  readonly block: HeadingBlock | ParagraphBlock | TableBlock | OpaqueBlock;
  /** Enclosing list items, innermost last. */
  readonly items: readonly ListItemBlock[];
  /** Enclosing lists, innermost last. */
  readonly lists: readonly ListBlock[];
}

interface Mention {
  readonly info: InlineInfo;
  readonly link?: LinkInfo;
  readonly reference: PaperReference;
}

interface Columns {
  readonly paperTable: boolean;
  readonly title: number;
  readonly summary: number;
  readonly authors: number;
  readonly date: number;
  readonly index: number;
}

class Extractor {
  readonly problems: EntryProblem[] = [];
  private readonly drafts: Draft[] = [];
  private readonly headings: HeadingInfo[] = [];
  private readonly frontMatter: FrontMatter | undefined;
  private doc: MarkdownDocument | undefined;
  private readonly flat: FlatBlock[] = [];
  private readonly headingInfo = new Map<HeadingBlock, HeadingInfo>();
  private readonly inlineCache = new Map<HeadingBlock | ParagraphBlock, InlineInfo>();
  private readonly entryItems = new Set<ListItemBlock>();
  private readonly listHasLinks = new Map<ListBlock, boolean>();
  private topicPath: readonly string[] = [];

  constructor(
    private readonly text: string,
    private readonly parsed?: { readonly frontMatter: FrontMatter | undefined; readonly document: MarkdownDocument },
  ) {
    this.frontMatter = parsed ? parsed.frontMatter : readFrontMatter(text);
  }

  run(): void {
    const doc = this.parsed?.document ?? parseMarkdownDocument(this.text, this.frontMatter?.span);
    this.doc = doc;
    this.flatten(doc.blocks, [], []);
    this.readHeadings();
    this.readFrontMatterEntry();
    this.walk(doc.blocks);
    this.readHeadingSections();
  }

  result(): EntryExtraction {
    const entries: PaperEntry[] = [];
    const finished = new Map<Draft, PaperEntry>();
    // Hosts first, so that a mention can name its host's key.
    for (const draft of this.drafts) {
      if (draft.mentionedBy) continue;
      const entry = finish(draft);
      if (entry) finished.set(draft, entry);
    }
    for (const draft of this.drafts) {
      let entry = finished.get(draft);
      if (!entry && draft.mentionedBy) {
        const host = finished.get(draft.mentionedBy);
        const mention = finish(draft);
        if (mention && host && mention.key !== host.key && !host.aliases.includes(mention.key)) entry = { ...mention, mentionedBy: host.key };
      }
      if (entry) entries.push(entry);
    }
    entries.sort((a, b) => a.line - b.line);
    return { entries, headings: this.headings, problems: this.problems.sort((a, b) => a.line - b.line) };
  }

  private get markdown(): MarkdownDocument {
    if (!this.doc) throw new Error('the note has not been parsed');
    return this.doc;
  }

  private inline(raw: string): InlineInfo {
    return readInline(this.markdown, raw);
  }

  /** A heading's or paragraph's inline content, read once however many sections it belongs to. */
  private blockInline(block: HeadingBlock | ParagraphBlock): InlineInfo {
    let info = this.inlineCache.get(block);
    if (!info) {
      info = this.inline(block.inline);
      this.inlineCache.set(block, info);
    }
    return info;
  }

  private problem(line: number, message: string): void {
    this.problems.push({ line, message });
  }

  private emptyDraft(shape: EntryShape, line: number, endLine: number): Draft {
    return { identifiers: [], authors: [], topicPath: this.topicPath, codeLinks: [], links: [], shape, line, endLine };
  }

  // -- structure ---------------------------------------------------------------------

  private flatten(blocks: readonly MarkdownBlock[], items: readonly ListItemBlock[], lists: readonly ListBlock[]): void {
    for (const block of blocks) {
      switch (block.kind) {
        case 'list':
          for (const item of block.items) this.flatten(item.children, [...items, item], [...lists, block]);
          break;
        case 'list-item':
          this.flatten(block.children, [...items, block], lists);
          break;
        case 'blockquote':
          this.flatten(block.children, items, lists);
          break;
        default:
          this.flat.push({ block, items, lists });
      }
    }
  }

  /**
   * Every heading with its breadcrumb. A heading written in a list item (002's `1. # OpenAI/Google
   * …`, a numbered chapter) closes the headings of lower level and list headings of its own level,
   * but not a heading of its own level written outside lists: the chapters sit under the
   * document's `# LLM_Paper_Reading`, and `## 2.4 PEFT` after `1. ## ICL` under `1. # LLM的关键技术`.
   */
  private readHeadings(): void {
    const stack: Array<{ readonly heading: HeadingInfo; readonly inList: boolean }> = [];
    for (const { block, items } of this.flat) {
      if (block.kind !== 'heading') continue;
      const text = clean(this.blockInline(block).plain).replace(/[\s:：]+$/u, '');
      const inList = items.length > 0;
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        if (top.heading.level < block.level || (inList && top.heading.level === block.level && !top.inList)) break;
        stack.pop();
      }
      const heading: HeadingInfo = { level: block.level, text, line: block.line, path: [...stack.map((h) => h.heading.text), text] };
      stack.push({ heading, inList });
      this.headings.push(heading);
      this.headingInfo.set(block, heading);
    }
  }

  /** Tables and lists, in document order, each under the headings read so far. */
  private walk(blocks: readonly MarkdownBlock[]): void {
    for (const block of blocks) {
      switch (block.kind) {
        case 'heading':
          this.topicPath = this.headingInfo.get(block)?.path ?? this.topicPath;
          break;
        case 'table':
          this.readTable(block);
          break;
        case 'list':
          this.readList(block);
          break;
        case 'blockquote':
        case 'list-item':
          this.walk(block.children);
          break;
      }
    }
  }

  /** Not only links, images, identifiers and punctuation. */
  private isProse(info: InlineInfo): boolean {
    return hasWords(withoutUrls(without(info.plain, [...info.links, ...info.references])));
  }

  // -- references --------------------------------------------------------------------

  /**
   * Sorts the references of one cell, item or heading: identifiers of the entry's own paper go
   * to `draft`; papers with a title of their own, or a second ID of the same kind, are other
   * papers (mentions). `onlyMentions`: everything here is another paper (an Introduction cell).
   */
  private sortReferences(draft: Draft, info: InlineInfo, primary: LinkInfo | undefined, mentions: Mention[], onlyMentions = false): boolean {
    const known = new Set([...draft.identifiers.map(paperKey), ...mentions.map((mention) => mention.reference.key)]);
    let several = false;
    // Where the identifiers of the entry's own paper are in this text, if they are in it.
    const own: Array<{ start: number; end: number }> = primary && info.links.includes(primary) ? [primary] : [];
    const consider = (reference: PaperReference, link: LinkInfo | undefined, at: number, end: number): void => {
      if (known.has(reference.key)) return;
      known.add(reference.key);
      const titled = link !== undefined && link !== primary && isTitleText(link.text) && cleanTitle(link.text) !== draft.title;
      const sameScheme = draft.identifiers.some((identifier) => identifier.scheme === reference.paper.scheme);
      // Identifiers given together name one paper only when the text names one paper: in
      // '见 doi:… 和 arXiv:A 以及 arXiv:B' the DOI is no more A's than B's, and an OpenReview link
      // two sentences after an arXiv ID is another paper. Joining them would let hovers chain
      // unrelated papers together.
      const apart = draft.identifiers.length > 0 && own.length > 0 && own.every((span) => isSentenceBetween(info.plain.slice(Math.min(span.end, end), Math.max(span.start, at))));
      if (onlyMentions || titled || sameScheme || apart || (several && draft.identifiers.length > 0)) {
        mentions.push({ info, link, reference });
        return;
      }
      draft.identifiers.push(reference.paper);
      own.push({ start: at, end });
      // '| Attention Is All You Need | [PDF](https://arxiv.org/pdf/1706.03762) |': the paper's URL is in another cell.
      const url = link?.href ?? (reference.form.endsWith('url') ? reference.text : undefined);
      if (url && draft.links.length === 0) draft.links.push(url);
    };
    if (primary?.reference) known.add(primary.reference.key);
    const items: Array<{ reference: PaperReference; link: LinkInfo | undefined; at: number; end: number }> = [];
    for (const link of info.links) {
      if (link.reference && link !== primary) items.push({ reference: link.reference, link, at: link.start, end: link.end });
    }
    for (const reference of info.references) {
      const link = info.links.find((l) => l.start <= reference.start && reference.end <= l.end);
      items.push({ reference, link: link === primary ? undefined : link, at: reference.start, end: reference.end });
    }
    items.sort((a, b) => a.at - b.at);
    several = namesSeveralOfOneScheme(items.map((item) => item.reference), known);
    for (const { reference, link, at, end } of items) consider(reference, link, at, end);
    return several;
  }

  private addMentions(host: Draft, mentions: readonly Mention[]): void {
    const seen = new Set<string>(host.identifiers.map(paperKey));
    for (const { info, link, reference } of mentions) {
      if (seen.has(reference.key)) continue;
      seen.add(reference.key);
      const title = link ? titleAtLink(info, link, previousLinkEnd(info, link)) : undefined;
      const authorYear = link ? AUTHOR_YEAR.exec(clean(link.text)) : null;
      this.drafts.push({
        identifiers: [reference.paper],
        title,
        authors: [],
        year: authorYear?.[1],
        topicPath: host.topicPath,
        codeLinks: [],
        links: link ? [link.href] : reference.form.endsWith('url') ? [reference.text] : [],
        shape: host.shape,
        line: host.line,
        endLine: host.endLine,
        mentionedBy: host,
      });
    }
  }

  // -- front matter ------------------------------------------------------------------

  private readFrontMatterEntry(): void {
    const frontMatter = this.frontMatter;
    const note = readLiteratureNote(frontMatter);
    if (!frontMatter || !note || note.declarations.length === 0) return;
    let lineCount = 1;
    for (let at = this.text.indexOf('\n'); at >= 0; at = this.text.indexOf('\n', at + 1)) lineCount++;
    const dateText = frontMatterField(frontMatter, 'date')?.values[0]?.text ?? note.year ?? '';
    const links = frontMatterField(frontMatter, 'url', 'pdf')?.values.map((value) => value.text) ?? [];
    const code = frontMatterField(frontMatter, 'code', 'github', 'repo', 'repository')?.values ?? [];
    this.drafts.push({
      identifiers: note.declarations.map((declaration) => declaration.paper),
      title: note.title ? cleanTitle(this.inline(note.title).plain) : undefined,
      authors: note.authors.map(clean).filter(hasWords),
      year: yearIn(note.year ?? '') ?? yearIn(dateText),
      date: isoDate(dateText),
      topicPath: note.tags.map((tag) => clean(tag).replace(/^#/, '')).filter(hasWords),
      summary: this.bodySummary(),
      codeLinks: code.map((value) => codeRepository(value.text)).filter((link): link is string => link !== undefined),
      links: links.filter((link) => /^https?:\/\//i.test(link)),
      shape: 'front-matter',
      line: 0,
      endLine: lineCount,
    });
  }

  /** The note's first paragraph(s) of prose: a literature note's summary. */
  private bodySummary(): string | undefined {
    const parts: string[] = [];
    let length = 0;
    for (const block of this.markdown.blocks) {
      if (block.kind !== 'paragraph') {
        if (parts.length > 0) break;
        continue;
      }
      const info = this.blockInline(block);
      if (!this.isProse(info)) continue;
      parts.push(info.plain);
      length += info.plain.length;
      if (length >= MAX_FRONT_MATTER_SUMMARY) break;
    }
    const text = clean(parts.join(' '));
    return text ? limitText(text, MAX_FRONT_MATTER_SUMMARY) : undefined;
  }

  // -- tables ------------------------------------------------------------------------

  private readTable(table: TableBlock): void {
    const header = table.header.cells.map((cell) => clean(this.inline(cell).plain));
    const title = header.findIndex((name) => TITLE_HEADER.test(name) && !SUMMARY_HEADER.test(name));
    const column = (pattern: RegExp): number => header.findIndex((name, index) => index !== title && pattern.test(name));
    const columns: Columns = {
      paperTable: title >= 0,
      title,
      summary: column(SUMMARY_HEADER),
      authors: column(AUTHOR_HEADER),
      date: column(DATE_HEADER),
      index: column(INDEX_HEADER),
    };
    for (const row of table.rows) {
      if (row.cells.every((cell) => !cell.trim())) continue;
      if (!columns.paperTable && !row.cells.some((cell) => /\]\(|\]\[|:\/\/|arxiv|doi|openreview|10\.\d{4}\//i.test(cell))) continue;
      this.readRow(row, table, columns);
    }
  }

  private readRow(row: TableRow, table: TableBlock, columns: Columns): void {
    const cells = row.cells.map((cell) => this.inline(cell));
    let titleColumn = columns.title;
    if (!columns.paperTable) {
      // A table of anything: a row is a paper when a cell links to one or names one by ID.
      titleColumn = cells.findIndex((cell) => cell.links.some(isStrongPaperLink));
      if (titleColumn < 0) titleColumn = cells.findIndex((cell) => cell.references.length > 0);
      if (titleColumn < 0) return;
    }
    const titleCell = cells[titleColumn];
    if (!titleCell) return;
    const headerCells = table.header.writtenCells;
    if (row.writtenCells < headerCells) {
      this.problem(row.line, `This table row has ${row.writtenCells} cell${row.writtenCells === 1 ? '' : 's'} but its header has ${headerCells}: its paper entry may be incomplete.`);
    } else if (row.writtenCells > headerCells) {
      this.problem(row.line, `This table row has ${row.writtenCells} cells but its header has ${headerCells}: the extra cells are not read.`);
    }
    if (!hasWords(titleCell.plain) && titleCell.links.length === 0) {
      if (columns.paperTable && cells.some((cell, index) => index !== columns.index && hasWords(cell.plain))) {
        this.problem(row.line, 'This row of a table of papers has no title.');
      }
      return;
    }

    const draft = this.emptyDraft('table-row', row.line, row.line + 1);
    const titleLink =
      titleCell.links.find((link) => link.kind === 'paper') ?? (columns.paperTable ? titleCell.links.find((link) => isTitleText(link.text)) : undefined);
    if (titleLink) {
      draft.links.push(titleLink.href);
      if (titleLink.reference) draft.identifiers.push(titleLink.reference.paper);
      if (!hasWords(titleLink.text)) this.problem(row.line, 'The link to this paper has no text, so the entry has no title.');
      else draft.title = titleAtLink(titleCell, titleLink, previousLinkEnd(titleCell, titleLink)) ?? this.titleBefore(titleCell, titleLink);
    } else {
      const rest = without(titleCell.plain, [...titleCell.references, ...titleCell.links]);
      const names = splitNames(titleCell, rest);
      if (names.length > 1) {
        this.splitRow(draft, names, cells, columns, titleColumn);
        return;
      }
      draft.title = cleanTitle(stripVenue(clean(withoutUrls(rest))).title);
    }
    if (!draft.title && !columns.paperTable) draft.title = this.titleElsewhere(cells, columns, titleColumn);
    const unclosed = unclosedBracket(row.cells[titleColumn] ?? '');
    if (unclosed) this.problem(row.line, `This paper entry looks broken: ${unclosed}.`);

    // IDs in the title cell, or in a cell of nothing but links (an 'arXiv' column), name this
    // paper; a cell of prose (the Introduction) names other papers.
    const mentions: Mention[] = [];
    this.sortReferences(draft, titleCell, titleLink, mentions);
    cells.forEach((cell, index) => {
      if (index !== titleColumn) this.sortReferences(draft, cell, undefined, mentions, index === columns.summary || this.isProse(cell));
    });
    if (!draft.title && draft.identifiers.length === 0) return;

    this.fillRow(draft, cells, columns, titleColumn, row);
    const dateText = columns.date >= 0 ? clean(cells[columns.date]?.plain ?? '') : '';
    draft.date = isoDate(dateText);
    draft.year = yearIn(dateText) ?? yearIn(withoutUrls(without(titleCell.plain, [...titleCell.references, ...titleCell.links])));
    if (columns.authors >= 0 && cells[columns.authors]) draft.authors = splitAuthors(cells[columns.authors].plain);
    draft.codeLinks = cells.flatMap((cell) => codeLinksOf(cell, false));
    this.drafts.push(draft);
    this.addMentions(draft, mentions);
  }

  /** '| Attention Is All You Need | [PDF](https://arxiv.org/pdf/1706.03762) |': the name is in another cell. */
  private titleElsewhere(cells: readonly InlineInfo[], columns: Columns, titleColumn: number): string | undefined {
    for (const [index, cell] of cells.entries()) {
      if (index === titleColumn || index === columns.summary || index === columns.index) continue;
      const title = cleanTitle(withoutUrls(without(cell.plain, [...cell.references, ...cell.links.filter((link) => !isTitleText(link.text))])));
      if (title && /\p{L}/u.test(title)) return title;
    }
    return undefined;
  }

  /** Summary (the Introduction column, else the other text cells) and importance of a row. */
  private fillRow(draft: Draft, cells: readonly InlineInfo[], columns: Columns, titleColumn: number, row: TableRow): void {
    if (columns.summary >= 0) {
      draft.summary = cells[columns.summary]?.plain;
    } else {
      const skip = new Set([titleColumn, columns.index, columns.authors, columns.date]);
      draft.summary = cells
        .filter((cell, index) => !skip.has(index) && !/^[\d\s\u2721\u2B50\u2605\u{1F31F}☆]*$/u.test(cell.plain))
        .map((cell) => summaryText(cell.plain))
        .filter((text): text is string => text !== undefined)
        .join('; ');
    }
    const importance = countStars(row.cells.join(' '));
    if (importance > 0) draft.importance = importance;
  }

  private splitRow(template: Draft, names: readonly string[], cells: readonly InlineInfo[], columns: Columns, titleColumn: number): void {
    const row = { line: template.line, cells: cells.map((cell) => cell.raw), writtenCells: cells.length };
    for (const name of names) {
      const title = cleanTitle(name);
      if (!title) continue;
      const draft: Draft = { ...template, identifiers: [], authors: [], codeLinks: [], links: [], title };
      this.fillRow(draft, cells, columns, titleColumn, row);
      this.drafts.push(draft);
    }
  }

  /** The title from the text before a paper link whose own text is only 'PDF', '论文' or 'arXiv:…'. */
  private titleBefore(info: InlineInfo, link: LinkInfo | undefined): string | undefined {
    const end = link?.start ?? info.plain.length;
    const before = without(info.plain.slice(0, end), info.references.filter((reference) => reference.end <= end));
    return cleanTitle(stripVenue(clean(withoutUrls(before)).replace(PAPER_LABEL, '')).title);
  }

  // -- lists -------------------------------------------------------------------------

  private readList(list: ListBlock): void {
    // Consecutive `**论文**` items wait for the `**简介**` item that describes them.
    let waiting: Draft[] = [];
    let waitingLabelled = false;
    for (const item of list.items) {
      const first = item.children[0];
      let waits: Draft[] = [];
      let labelled = false;
      if (first?.kind === 'paragraph') {
        const start = clean(first.inline.slice(0, 200)).replace(/[*_]/g, '');
        if (waiting.length > 0 && SUMMARY_LABEL.test(start)) {
          const info = this.blockInline(first);
          const summary = clean(info.plain).replace(SUMMARY_LABEL, '');
          for (const draft of waiting) {
            draft.summary = draft.summary ? `${draft.summary} ${summary}` : summary;
            draft.endLine = Math.max(draft.endLine, this.lastContentLine(item));
            draft.codeLinks.push(...codeLinksOf(info, false));
          }
        } else if (/\]\(|\]\[|:\/\/|arxiv|ar5iv|doi|openreview|10\.\d{4}\//i.test(first.inline) || PAPER_LABEL.test(start)) {
          const draft = this.readItem(item, first);
          labelled = PAPER_LABEL.test(start);
          if (draft) waits = labelled && waitingLabelled ? [...waiting, draft] : [draft];
        }
      }
      waiting = waits;
      waitingLabelled = labelled;
      this.walk(item.children);
    }
  }

  private readItem(item: ListItemBlock, first: ParagraphBlock): Draft | undefined {
    const info = this.blockInline(first);
    const labelled = PAPER_LABEL.test(clean(info.plain));
    const primary =
      info.links.find((link) => link.kind === 'paper' && (labelled || isStrongPaperLink(link))) ??
      (labelled ? info.links.find((link) => link.kind !== 'code' && hasWords(link.text)) : undefined);
    if (!primary && info.references.length === 0 && !labelled) return undefined;
    const draft = this.emptyDraft('list-item', item.line, this.lastContentLine(item));
    const firstReference = info.references[0];
    const anchor = primary ?? firstReference;
    const anchorStart = anchor?.start ?? info.plain.length;
    let after = anchor?.end ?? info.plain.length;

    const quoted = /[“"]([^”"]{2,400})[”"]|《([^》]{2,400})》|「([^」]{2,400})」|『([^』]{2,400})』/u.exec(info.plain.slice(0, anchorStart));
    if (quoted) {
      // 'Authors: “Title”, 2023; [arXiv:…](…)'
      draft.title = cleanTitle(quoted[1] ?? quoted[2] ?? quoted[3] ?? quoted[4] ?? '');
      const byline = clean(info.plain.slice(0, quoted.index)).replace(PAPER_LABEL, '').replace(/[\s:：,，]+$/u, '');
      if (byline && !/[。！？!?]|https?:/.test(byline) && byline.length <= 4000) draft.authors = splitAuthors(byline);
      draft.year = yearIn(withoutUrls(info.plain.slice(quoted.index + quoted[0].length, anchorStart)));
    } else if (primary && isTitleText(primary.text)) {
      draft.title = titleAtLink(info, primary, previousLinkEnd(info, primary));
    } else {
      // '… 800GB 多樣化文本數據集，Arxiv 2020。[論文](…)': the title is the text before the link.
      const before = info.plain.slice(0, anchorStart).replace(/[\s(（[【]+$/u, '');
      const { title, year } = stripVenue(clean(withoutUrls(without(before, info.references))).replace(PAPER_LABEL, ''));
      // A long text before a link is prose citing a source, not a title.
      draft.title = isProseText(title) || LEAD_WORDS.test(title.trim()) ? undefined : cleanTitle(title);
      draft.year = year;
      if (!draft.title && !primary && firstReference) {
        // 'arXiv:1706.03762 Attention Is All You Need'
        const tail = info.plain.slice(firstReference.end);
        const rest = stripVenue(clean(withoutUrls(without(tail, referencesIn(tail)))));
        const tailTitle = rest.title.replace(/^[\s)）\]】:：,，\-–—]+/u, '');
        // 'arXiv:… 提出了新的解码器。后面的工作…' is a sentence about the paper, not its title.
        draft.title = isProseText(tailTitle) ? undefined : cleanTitle(tailTitle);
        draft.year ??= rest.year;
        after = info.plain.length;
      }
    }
    if (primary) {
      draft.links.push(primary.href);
      if (primary.reference) draft.identifiers.push(primary.reference.paper);
      if (!hasWords(primary.text)) this.problem(item.line, 'The link to this paper has no text, so the entry has no title.');
    } else if (firstReference?.form.endsWith('url')) {
      draft.links.push(firstReference.text);
    }
    const mentions: Mention[] = [];
    // 'arXiv:A 和 arXiv:B' with no paper link lists papers: the words before them title none.
    if (this.sortReferences(draft, info, primary, mentions) && !primary) draft.title = undefined;
    if (!draft.title && draft.identifiers.length === 0) {
      if (labelled) this.problem(item.line, 'This paper item names no paper: it has neither a title nor an identifier.');
      return undefined;
    }
    const broken = unclosedBracket(first.inline);
    if (broken) this.problem(first.line, `This paper entry looks broken: ${broken}.`);

    const elsewhere = withoutUrls(without(info.plain, [...info.references, ...info.links]));
    draft.year ??= yearIn(elsewhere);
    draft.date = isoDate(elsewhere);
    const importance = countStars(info.plain);
    if (importance > 0) draft.importance = importance;
    // The item's own text after the paper link, its further paragraphs and nested notes.
    const more = item.children
      .filter((child): child is ParagraphBlock => child.kind === 'paragraph' && child !== first)
      .map((paragraph) => this.blockInline(paragraph))
      .filter((paragraph) => this.isProse(paragraph));
    const own = summaryText(info.plain.slice(after).replace(/^[\s)）\]】]+/u, ''));
    draft.summary = [own, ...more.map((paragraph) => paragraph.plain), ...this.nestedNotes(item)].filter(Boolean).join(' ') || undefined;
    draft.codeLinks = [...codeLinksOf(info, false), ...more.flatMap((paragraph) => codeLinksOf(paragraph, false))];
    this.entryItems.add(item);
    this.drafts.push(draft);
    this.addMentions(draft, mentions);
    return draft;
  }

  /** The text of an entry item's nested items that hold no links: notes on the paper. */
  private nestedNotes(item: ListItemBlock): string[] {
    const texts: string[] = [];
    for (const child of item.children) {
      if (child.kind !== 'list') continue;
      for (const nested of child.items) {
        const paragraph = nested.children[0];
        if (paragraph?.kind !== 'paragraph' || /\]\(|\]\[|:\/\/|arxiv|doi|openreview/i.test(paragraph.inline)) continue;
        texts.push(this.blockInline(paragraph).plain);
      }
    }
    return texts;
  }

  private lastContentLine(item: ListItemBlock): number {
    const last = item.children[item.children.length - 1];
    return last ? Math.max(item.line + 1, last.endLine) : item.line + 1;
  }

  // -- heading sections --------------------------------------------------------------

  private readHeadingSections(): void {
    for (let index = 0; index < this.flat.length; index++) {
      const { block } = this.flat[index];
      if (block.kind === 'heading') this.readHeadingSection(block, index);
    }
  }

  private readHeadingSection(heading: HeadingBlock, index: number): void {
    const headingInfo = this.headingInfo.get(heading);
    if (!headingInfo) return;
    let info = this.blockInline(heading);
    // '### [EMP-SSL: Towards … Epoch' with '](https://…)' on the next line: one link broken in two.
    const next = this.flat[index + 1]?.block;
    const unclosed = unclosedBracket(heading.inline);
    if (unclosed && next?.kind === 'paragraph' && next.line === heading.endLine && next.inline.startsWith('](')) {
      const repaired = this.inline(`${heading.inline}${next.inline.split('\n')[0]}`);
      if (repaired.links.some((link) => link.kind === 'paper')) {
        info = repaired;
        this.problem(heading.line, "This heading's paper link is broken across two lines; a heading is one line, so it is not a link.");
      }
    } else if (unclosed && referencesIn(heading.inline).length > 0) {
      this.problem(heading.line, `This heading names a paper but looks broken: ${unclosed}.`);
    }
    const paperLink = info.links.find(isStrongPaperLink);
    if (!paperLink && info.references.length === 0) return;

    // The section: up to the next heading of the same or a higher level, or a thematic break.
    let end = index + 1;
    while (end < this.flat.length) {
      const block = this.flat[end].block;
      if (block.kind === 'rule' || (block.kind === 'heading' && block.level <= heading.level)) break;
      end++;
    }
    const section = this.flat.slice(index + 1, end);
    const lastLine = section.length > 0 ? section[section.length - 1].block.endLine : heading.endLine;
    const draft: Draft = {
      identifiers: [],
      authors: [],
      topicPath: headingInfo.path.slice(0, -1),
      codeLinks: [],
      links: [],
      shape: 'heading-section',
      line: heading.line,
      endLine: Math.max(heading.line + 1, lastLine),
    };
    if (paperLink) {
      draft.links.push(paperLink.href);
      if (paperLink.reference) draft.identifiers.push(paperLink.reference.paper);
      const text = clean(paperLink.text);
      if (!hasWords(text)) {
        this.problem(heading.line, 'This heading links to a paper but the link has no text, so the entry has no title.');
        draft.identityTitle = slugTitle(paperLink.href);
      } else if (REPO_NAME.test(text) && !paperLink.reference) {
        // 003's '### [alex-petrenko/sample-factory](…/paper/counter-strike-deathmatch-with-large-scale)'.
        this.problem(heading.line, `This heading's link text '${text}' is a repository name, not the paper's title.`);
        draft.identityTitle = slugTitle(paperLink.href) ?? text;
      } else {
        draft.title = titleAtLink(info, paperLink, previousLinkEnd(info, paperLink)) ?? this.titleBefore(info, paperLink);
      }
    } else {
      const url = info.references.find((reference) => reference.form.endsWith('url'));
      if (url) draft.links.push(url.text);
    }
    if (!draft.title && !draft.identityTitle) {
      // '## Attention Is All You Need (arXiv:1706.03762)', '## <https://arxiv.org/abs/…> LoRA notes'
      const rest = without(info.plain, [...info.references, ...info.links.filter((link) => !isTitleText(link.text))]);
      draft.title = cleanTitle(stripVenue(clean(withoutUrls(rest)).replace(/\[[^\]]*\]|【[^】]*】|\(\s*\)|（\s*）/g, ' ')).title);
    }
    const mentions: Mention[] = [];
    this.sortReferences(draft, info, paperLink, mentions);
    const outside = withoutUrls(without(info.plain, [...info.links, ...info.references]));
    draft.date = isoDate(outside);
    draft.year = yearIn(outside);
    const importance = countStars(info.plain);
    if (importance > 0) draft.importance = importance;
    draft.summary = this.sectionSummary(section);
    // Code: links in the heading and in the section's own paragraphs (lists there are about other things).
    draft.codeLinks = codeLinksOf(info, false);
    for (const flat of section) {
      if (flat.block.kind === 'paragraph' && flat.lists.length === 0) draft.codeLinks.push(...codeLinksOf(this.blockInline(flat.block), true));
    }
    if (!draft.title && draft.identifiers.length === 0 && !draft.identityTitle) return;
    this.drafts.push(draft);
    this.addMentions(draft, mentions);
  }

  /** The text of a `#### 摘要` subsection when there is one, else the section's prose. */
  private sectionSummary(section: readonly FlatBlock[]): string {
    let blocks = section;
    const abstractAt = section.findIndex(({ block }) => block.kind === 'heading' && SUMMARY_HEADING.test(this.headingInfo.get(block)?.text ?? ''));
    if (abstractAt >= 0) {
      const level = (section[abstractAt].block as HeadingBlock).level;
      let stop = abstractAt + 1;
      while (stop < section.length) {
        const block = section[stop].block;
        if (block.kind === 'heading' && block.level <= level) break;
        stop++;
      }
      blocks = section.slice(abstractAt + 1, stop);
    }
    const texts: string[] = [];
    let length = 0;
    for (const flat of blocks) {
      if (length > MAX_SUMMARY * 2) break;
      if (flat.block.kind !== 'paragraph') continue;
      // Lists of links in a section are lists of other things (003's datasets under a survey).
      if (flat.items.some((item) => this.entryItems.has(item)) || flat.lists.some((list) => this.listContainsLinks(list))) continue;
      const paragraph = this.blockInline(flat.block);
      if (!this.isProse(paragraph)) continue;
      texts.push(paragraph.plain);
      length += paragraph.plain.length;
    }
    return texts.join(' ');
  }

  private listContainsLinks(list: ListBlock): boolean {
    let known = this.listHasLinks.get(list);
    if (known === undefined) {
      known = list.items.some((item) => containsLinks(item.children));
      this.listHasLinks.set(list, known);
    }
    return known;
  }
}

/** 001's 'SA-Solver, Restart, GMS': several short method names in one cell are several papers. */
function splitNames(cell: InlineInfo, rest: string): string[] {
  if (cell.links.length > 0 || cell.references.length > 0) return [];
  const parts = clean(rest).split(/\s*[,，、;；]\s*/).filter(hasWords);
  if (parts.length < 2) return [];
  return parts.every((part) => part.length <= 40 && part.split(/\s+/).length <= 4 && !/[:：]/.test(part)) ? parts : [];
}

function containsLinks(blocks: readonly MarkdownBlock[]): boolean {
  return blocks.some((block) => {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        return /\]\(|\]\[|:\/\//.test(block.inline);
      case 'list':
        return block.items.some((item) => containsLinks(item.children));
      case 'list-item':
      case 'blockquote':
        return containsLinks(block.children);
      default:
        return false;
    }
  });
}

function previousLinkEnd(info: InlineInfo, link: LinkInfo): number {
  let from = 0;
  for (const other of info.links) {
    if (other.end <= link.start && other.end > from) from = other.end;
  }
  return from;
}

/** Words that lead into a citation ('见 arXiv:…', '这篇 arXiv:…', 'see arXiv:…'): never a title. */
const LEAD_WORDS = /^(?:这篇|这篇论文|这篇文章|该文|该论文|见|参见|详见|参考|如|例如|比如|即|来自|出自|see|cf\.?|e\.g\.?|in|from|via)$/iu;

/** Longest text between two identifiers of one paper ('. DOI: ', ', ', ' (NeurIPS 2017) '). */
const MAX_IDENTIFIER_GAP = 40;

/** The text between two identifiers is prose (a sentence end, or more than a label's length), so they name two papers. */
function isSentenceBetween(text: string): boolean {
  const gap = clean(withoutUrls(text)).replace(IDENTIFIER_LABEL, ' ');
  return gap.length > MAX_IDENTIFIER_GAP || /[。；;！!？?]|\.\s+\p{L}/u.test(gap);
}

/** Words that introduce an identifier ('. DOI: …', '，论文：…'), not a sentence. */
const IDENTIFIER_LABEL = /\b(?:doi|pdf|arxiv|openreview|paper|code|url|link|abs|html)\b|论文|代码|链接|地址|全文/giu;

/** Two different papers of one scheme (two arXiv IDs, two DOIs) among references not yet sorted. */
function namesSeveralOfOneScheme(references: readonly PaperReference[], known: ReadonlySet<string>): boolean {
  const seen = new Map<string, string>();
  for (const reference of references) {
    if (known.has(reference.key)) continue;
    const first = seen.get(reference.paper.scheme);
    if (first !== undefined && first !== reference.key) return true;
    seen.set(reference.paper.scheme, reference.key);
  }
  return false;
}
