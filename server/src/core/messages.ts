/**
 * Every sentence the server shows a user (hover cards, diagnostics, code action titles, Topics
 * labels, the literature-note template's heading, progress), in English and Simplified Chinese.
 * Pure: a table per language, chosen by `messagesFor(locale)` from the editor's display language
 * (LSP `InitializeParams.locale`). The English table is the server's own text, byte for byte.
 *
 * Arguments are passed already escaped for Markdown where the result is Markdown (hover); the
 * functions only arrange them. Data (titles, note text, citation keys, IDs, dates) is never
 * translated.
 */
import { parseArxivId } from './arxivId';
import type { PaperScheme } from './paperId';

export type Locale = 'en' | 'zh-cn';

/** Why online lookups are off; the host knows which, the messages say it. */
export type OfflineCause = 'disabled' | 'untrusted' | 'invalid-api-url';

/** A recognizer problem as diagnostics report it (see `RecognitionProblem`). */
export interface RecognitionProblemText {
  readonly code: 'arxiv-invalid' | 'arxiv-mispadded';
  /** The ID as written. */
  readonly text: string;
  /** The recognizer's English message. */
  readonly message: string;
  /** The re-padded ID, for a mis-padded one. */
  readonly suggestion?: string;
}

/** A literature-note front-matter problem (see `LiteratureNote.problems`). */
export interface LiteratureNoteProblemText {
  readonly message: string;
  /** The value as written and the field it is in, when the reader says so. */
  readonly text?: string;
  readonly field?: string;
}

export interface Messages {
  readonly locale: Locale;

  // Hover: the paper card.
  /** The byline's authors: all of them, or the first three and "et al." */
  authors(authors: readonly string[]): string;
  /** The card's label for how the note writes the paper. */
  schemeLabel(scheme: PaperScheme): string;
  readonly citationKey: string;
  /** Follows "citation key" when the key is tied to an identifier (`id` is a Markdown code span). */
  linkedKey(id: string): string;
  /** Details of the occurrence, each after " · ". */
  readonly declaredHere: string;
  versionHere(version: number): string;
  readonly bareId: string;
  /** The online lookup's state (Markdown; `reason` already escaped). */
  lookupPending(id: string): string;
  lookupMissing(id: string, checkedOn: string): string;
  lookupOffline(reason: string): string;
  lookupFailed(reason: string): string;
  /** "From the arXiv API" with its facts (`facts` is empty or starts with " · "). */
  fromArxivApi(facts: string): string;
  /** "Topics: a; b; 2 more" */
  topics(paths: readonly string[]): string;
  moreTopics(count: number): string;
  readonly yourNotes: string;
  /** Follows a literature note's link in "Your notes". */
  readonly literatureNoteSuffix: string;
  /** The last line of "Your notes" when more are left out (a list item). */
  moreNotes(count: number): string;
  /** "Bibliography: links and N more" */
  bibliography(links: readonly string[], more: number): string;
  /** "Cited N times in M notes of this workspace." */
  citedTimes(times: number, notes: number): string;
  /** A hover link's label: the labels `paperLinks` gives, and 'Code', 'Seed entry'. */
  linkLabel(label: string): string;

  // Diagnostics.
  recognitionProblem(problem: RecognitionProblemText): string;
  literatureNoteProblem(problem: LiteratureNoteProblemText): string;
  arxivMiscased(canonical: string): string;
  citekeyUnknown(key: string): string;
  arxivNotFound(id: string, checkedOn: string): string;
  /** `versions` sorted, as `v1`, `v2` and `latest` (an unversioned citation). */
  mixedVersions(id: string, versions: readonly string[]): string;

  // Code actions.
  changeTo(replacement: string): string;
  readonly writeAsMarkdown: string;
  readonly writeAsArxiv: string;
  readonly writeAsPandoc: string;
  readonly writeInTemplate: string;
  readonly createLiteratureNoteAction: string;
  readonly createLiteratureNoteCommand: string;

  // Document links.
  openPaper(id: string): string;

  // The Topics view.
  readonly myNotes: string;
  userTopicCount(count: number): string;
  citedCount(count: number): string;

  // A new literature note.
  readonly notesHeading: string;

  // The server: progress and why lookups are off.
  readonly indexingNotes: string;
  notesProgress(done: number, total: number): string;
  /** The first index's second pass: reading the paper entries of notes whose references are indexed. */
  entriesProgress(done: number, total: number): string;
  readonly lookingUpMetadata: string;
  arxivIdsProgress(done: number, total: number): string;
  offlineReason(cause: OfflineCause): string;
}

export const englishMessages: Messages = Object.freeze({
  locale: 'en',

  authors: (authors: readonly string[]) => (authors.length > 4 ? `${authors.slice(0, 3).join(', ')} et al.` : authors.join(', ')),
  schemeLabel: (scheme: PaperScheme) => {
    switch (scheme) {
      case 'arxiv': return 'arXiv preprint';
      case 'doi': return 'DOI';
      case 'openreview': return 'OpenReview';
      case 'citekey': return 'citation key (not yet linked to a paper: add it to a `.bib` file, or a literature note with `citekey:` in its front matter)';
      case 'title': return 'paper without an identifier';
    }
  },
  citationKey: 'citation key',
  linkedKey: (id: string) => ` for ${id}`,
  declaredHere: 'declared by this literature note',
  versionHere: (version: number) => `v${version} here`,
  bareId: 'bare ID',
  lookupPending: (id: string) => `*Looking up \`arXiv:${id}\` on arXiv… hover again in a moment.*`,
  lookupMissing: (id: string, checkedOn: string) => `*arXiv has no paper \`${id}\` (checked ${checkedOn}).*`,
  lookupOffline: (reason: string) => `*Not in the offline cache: ${reason}.*`,
  lookupFailed: (reason: string) => `*arXiv could not be asked: ${reason}. It is asked again on a later hover.*`,
  fromArxivApi: (facts: string) => `*From the arXiv API${facts}*`,
  topics: (paths: readonly string[]) => `Topics: ${paths.join('; ')}`,
  moreTopics: (count: number) => `${count} more`,
  yourNotes: 'Your notes',
  literatureNoteSuffix: ' — literature note',
  moreNotes: (count: number) => `- and ${count} more`,
  bibliography: (links: readonly string[], more: number) => `Bibliography: ${links.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
  citedTimes: (times: number, notes: number) =>
    `Cited ${times === 1 ? 'once' : `${times} times`} in ${notes} note${notes === 1 ? '' : 's'} of this workspace.`,
  linkLabel: (label: string) => label,

  recognitionProblem: (problem: RecognitionProblemText) => problem.message,
  literatureNoteProblem: (problem: LiteratureNoteProblemText) => problem.message,
  arxivMiscased: (canonical: string) => `arXiv writes this ID as ${canonical}.`,
  citekeyUnknown: (key: string) => `No bibliography file or literature note in this workspace defines the citation key @${key}.`,
  arxivNotFound: (id: string, checkedOn: string) => `arXiv has no paper ${id} (asked on ${checkedOn}).`,
  mixedVersions: (id: string, versions: readonly string[]) => `${id} is cited in this note as ${versions.join(', ')}.`,

  changeTo: (replacement: string) => `Change to ${replacement}`,
  writeAsMarkdown: 'Write as a Markdown link with the title',
  writeAsArxiv: 'Write as arXiv:ID',
  writeAsPandoc: 'Write as a Pandoc citation [@key]',
  writeInTemplate: 'Write in your citation template',
  createLiteratureNoteAction: 'Create a literature note for this paper',
  createLiteratureNoteCommand: 'Create Literature Note',

  openPaper: (id: string) => `Open ${id}`,

  myNotes: 'My notes',
  userTopicCount: (count: number) => `${count} topics`,
  citedCount: (count: number) => `cited ${count}×`,

  notesHeading: 'Notes',

  indexingNotes: 'Paper Notes: indexing notes',
  notesProgress: (done: number, total: number) => `${done}/${total} notes`,
  entriesProgress: (done: number, total: number) => `reading paper entries: ${done}/${total} notes`,
  lookingUpMetadata: 'Paper Notes: looking up arXiv metadata',
  arxivIdsProgress: (done: number, total: number) => `${done}/${total} arXiv IDs`,
  offlineReason: (cause: OfflineCause) => {
    switch (cause) {
      case 'untrusted': return 'online lookups are off in an untrusted workspace';
      case 'invalid-api-url': return 'paperNotes.online.apiBaseUrl is not an http(s) URL';
      default: return 'online lookups are off (paperNotes.online.enabled)';
    }
  },
});

const chineseLinkLabels: Record<string, string> = {
  'arXiv abstract': 'arXiv 摘要页',
  'OpenReview forum': 'OpenReview 讨论页',
  Code: '代码',
  'Seed entry': '清单条目',
};

/**
 * arXiv's rules, as `parseArxivId` states them (arxivId.ts), in Chinese. A reason not listed here
 * is shown in English rather than not at all; a unit test feeds every rule through this table.
 */
const chineseArxivReasons: readonly [RegExp, (...groups: string[]) => string][] = [
  [/^not an arXiv identifier$/, () => '不是 arXiv 标识符'],
  [/^new-style IDs have 4 digits \(YYMM\) before the dot$/, () => '新式 ID 的点号前应为 4 位数字（YYMM）'],
  [/^month (\d+) does not exist$/, (month) => `不存在 ${month} 月`],
  [/^arXiv new-style IDs start in April 2007 \(0704\)$/, () => 'arXiv 新式 ID 始于 2007 年 4 月（0704）'],
  [/^IDs from 0704 to 1412 have 4 digits after the dot$/, () => '0704 至 1412 的 ID 点号后为 4 位数字'],
  [/^IDs from 1501 on have 5 digits after the dot$/, () => '1501 起的 ID 点号后为 5 位数字'],
  [/^paper numbers start at 1$/, () => '论文编号从 1 开始'],
  [/^'(.*)' is not an arXiv archive with old-style IDs$/, (archive) => `'${archive}' 不是使用旧式 ID 的 arXiv 分类`],
  [/^old-style IDs have 7 digits \(YYMMNNN\) after the slash$/, () => '旧式 ID 的斜杠后应为 7 位数字（YYMMNNN）'],
  [/^old-style IDs run from August 1991 \(9108\) to March 2007 \(0703\)$/, () => '旧式 ID 的范围是 1991 年 8 月（9108）至 2007 年 3 月（0703）'],
  [/^versions start at v1$/, () => '版本号从 v1 开始'],
  [/^version numbers have no leading zeros$/, () => '版本号不能有前导零'],
  [/^version number is too large$/, () => '版本号过大'],
];

/** An arXiv validity rule in Chinese; undefined when the table does not know it. */
export function chineseArxivReason(reason: string): string | undefined {
  for (const [pattern, say] of chineseArxivReasons) {
    const match = pattern.exec(reason);
    if (match) return say(...match.slice(1));
  }
  return undefined;
}

/** The padding rule of the era a (re-padded) new-style ID is from. */
function chinesePaddingRule(repaired: string): string {
  return Number(repaired.slice(0, 4)) < 1501 ? '0704 至 1412 的 ID 点号后为 4 位数字' : '1501 起的 ID 点号后为 5 位数字';
}

export const chineseMessages: Messages = Object.freeze({
  locale: 'zh-cn',

  authors: (authors: readonly string[]) => (authors.length > 4 ? `${authors.slice(0, 3).join(', ')} 等` : authors.join(', ')),
  schemeLabel: (scheme: PaperScheme) => {
    switch (scheme) {
      case 'arxiv': return 'arXiv 预印本';
      case 'doi': return 'DOI';
      case 'openreview': return 'OpenReview';
      case 'citekey': return '引用键（尚未关联到论文：请把它加入 `.bib` 文件，或写进某篇文献笔记 front matter 的 `citekey:`）';
      case 'title': return '无标识符的论文';
    }
  },
  citationKey: '引用键',
  linkedKey: (id: string) => `，对应 ${id}`,
  declaredHere: '由本文献笔记声明',
  versionHere: (version: number) => `此处为 v${version}`,
  bareId: '无前缀 ID',
  lookupPending: (id: string) => `*正在 arXiv 上查询 \`arXiv:${id}\`……请稍后再次悬停查看。*`,
  lookupMissing: (id: string, checkedOn: string) => `*arXiv 上没有论文 \`${id}\`（查询于 ${checkedOn}）。*`,
  lookupOffline: (reason: string) => `*离线缓存中没有这篇论文：${reason}。*`,
  lookupFailed: (reason: string) => `*无法向 arXiv 查询：${reason}。之后再次悬停时会重试。*`,
  fromArxivApi: (facts: string) => `*来自 arXiv API${facts}*`,
  topics: (paths: readonly string[]) => `主题：${paths.join('；')}`,
  moreTopics: (count: number) => `另有 ${count} 个`,
  yourNotes: '你的笔记',
  literatureNoteSuffix: ' — 文献笔记',
  moreNotes: (count: number) => `- 另有 ${count} 条`,
  bibliography: (links: readonly string[], more: number) => `参考文献：${links.join('，')}${more > 0 ? `，另有 ${more} 条` : ''}`,
  citedTimes: (times: number, notes: number) =>
    times === 0 ? '本工作区的笔记尚未引用这篇论文。' : `在本工作区的 ${notes} 篇笔记中被引用 ${times} 次。`,
  linkLabel: (label: string) => chineseLinkLabels[label] ?? label,

  recognitionProblem: (problem: RecognitionProblemText) => {
    if (problem.code === 'arxiv-mispadded' && problem.suggestion) {
      return `'${problem.text}' 的编号位数不对：${chinesePaddingRule(problem.suggestion)}；是否应为 ${problem.suggestion}？`;
    }
    if (problem.code === 'arxiv-invalid') {
      const parsed = parseArxivId(problem.text);
      const reason = parsed.ok ? undefined : chineseArxivReason(parsed.reason) ?? parsed.reason;
      if (reason) return `'${problem.text}' 不是有效的 arXiv ID：${reason}。`;
    }
    return problem.message;
  },
  literatureNoteProblem: (problem: LiteratureNoteProblemText) =>
    problem.text !== undefined && problem.field !== undefined ? `'${problem.text}' 不是有效的 ${problem.field} 标识符。` : problem.message,
  arxivMiscased: (canonical: string) => `arXiv 的标准写法是 ${canonical}。`,
  citekeyUnknown: (key: string) => `本工作区中没有任何参考文献文件或文献笔记定义引用键 @${key}。`,
  arxivNotFound: (id: string, checkedOn: string) => `arXiv 上没有论文 ${id}（查询于 ${checkedOn}）。`,
  mixedVersions: (id: string, versions: readonly string[]) =>
    `本笔记以不同版本引用了 ${id}：${versions.map((version) => (version === 'latest' ? '最新版' : version)).join('、')}。`,

  changeTo: (replacement: string) => `改为 ${replacement}`,
  writeAsMarkdown: '改写为带标题的 Markdown 链接',
  writeAsArxiv: '改写为 arXiv:ID',
  writeAsPandoc: '改写为 Pandoc 引用 [@key]',
  writeInTemplate: '按你的引用模板改写',
  createLiteratureNoteAction: '为这篇论文创建文献笔记',
  createLiteratureNoteCommand: '创建文献笔记',

  openPaper: (id: string) => `打开 ${id}`,

  myNotes: '我的笔记',
  userTopicCount: (count: number) => `${count} 个主题`,
  citedCount: (count: number) => `引用 ${count} 次`,

  notesHeading: '笔记',

  indexingNotes: '论文笔记：正在索引笔记',
  notesProgress: (done: number, total: number) => `${done}/${total} 篇笔记`,
  entriesProgress: (done: number, total: number) => `正在读取论文条目：${done}/${total} 篇笔记`,
  lookingUpMetadata: '论文笔记：正在查询 arXiv 元数据',
  arxivIdsProgress: (done: number, total: number) => `${done}/${total} 个 arXiv ID`,
  offlineReason: (cause: OfflineCause) => {
    switch (cause) {
      case 'untrusted': return '在不受信任的工作区中在线查询已关闭';
      case 'invalid-api-url': return 'paperNotes.online.apiBaseUrl 不是 http(s) URL';
      default: return '在线查询已关闭（paperNotes.online.enabled）';
    }
  },
});

/**
 * The messages for an editor's display language: Simplified Chinese for `zh`, `zh-cn`, `zh-CN`,
 * `zh-hans`, `zh-sg` (and `zh_CN`, `zh-Hans-CN`); English for anything else, Traditional
 * Chinese (`zh-tw`, `zh-hk`, `zh-hant`) included, and when no locale is given.
 */
export function messagesFor(locale: string | undefined): Messages {
  return localeOf(locale) === 'zh-cn' ? chineseMessages : englishMessages;
}

export function localeOf(locale: string | undefined): Locale {
  if (typeof locale !== 'string') return 'en';
  const parts = locale.trim().toLowerCase().split(/[-_]/);
  if (parts[0] !== 'zh') return 'en';
  const rest = parts.slice(1);
  if (rest.includes('hant') || rest.some((part) => part === 'tw' || part === 'hk' || part === 'mo')) return 'en';
  return 'zh-cn';
}
