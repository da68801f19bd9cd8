/**
 * Finds paper references in note text: arXiv IDs and URLs, DOIs, OpenReview links and
 * Pandoc citations. Pure and linear in the length of the text: every pattern either has
 * bounded repetition or starts only where the previous character cannot continue a run,
 * so no character is scanned by more than a constant number of attempts.
 */

import { PaperId, arxivPaper, paperKey } from './paperId';
import { ArxivId, OLD_ARCHIVES, parseArxivId } from './arxivId';
import type { TextSpan } from './textSpan';

export type ReferenceForm = 'arxiv-id' | 'arxiv-url' | 'doi' | 'doi-url' | 'openreview-url' | 'pandoc-citation';

export interface PaperReference {
  /** The exact range of the reference text in the input. */
  readonly start: number;
  readonly end: number;
  /** === input.slice(start, end) */
  readonly text: string;
  readonly paper: PaperId;
  /** paperKey(paper) */
  readonly key: string;
  readonly form: ReferenceForm;
  /** The arXiv version as written (2106.09685v2 -> 2). */
  readonly version?: number;
  /** From the citation form 'arXiv:0706.1234v1 [math.FA]' -> 'math.FA'. */
  readonly category?: string;
  /** An arXiv ID in prose with no prefix and no URL: lower confidence. */
  readonly bare?: true;
  /** Pandoc '[-@key]': the author is suppressed. */
  readonly suppressed?: true;
}

export interface RecognitionProblem extends TextSpan {
  readonly text: string;
  readonly code: 'arxiv-invalid' | 'arxiv-mispadded';
  readonly message: string;
  /** The replacement for `text`, e.g. the re-padded ID. */
  readonly suggestion?: string;
}

export interface RecognitionResult {
  readonly references: PaperReference[];
  readonly problems: RecognitionProblem[];
}

/**
 * Every paper reference in `text`, sorted by start, non-overlapping. `excluded` (sorted,
 * non-overlapping spans: code, HTML comments) — references overlapping an excluded span are
 * dropped, as are problems.
 */
export function findPaperReferences(text: string, options?: { excluded?: readonly TextSpan[] }): RecognitionResult {
  const excluded = options?.excluded ?? [];
  // A link's destination is read on its own for every link of every entry: when the whole text
  // is one URL it owns everything inside it, so the other scans could only find what it hides.
  const url = text.includes('@') ? undefined : wholeUrl(text);
  if (url) return resultOf(dropExcluded([url], excluded));
  // Earlier levels win overlaps: a URL owns everything inside it, an explicit prefix beats
  // a citation key, and a bare number is only trusted where nothing else claimed the text.
  // A braced key `@{...}` is delimited by the writer, so even a URL inside it is just the key.
  const citations = findCitations(text);
  const braced = (candidate: Candidate): boolean => text[candidate.start + 1] === '{';
  const levels: Candidate[][] = [
    citations.filter(braced),
    findUrls(text),
    byStart([...findPrefixedArxivIds(text), ...findDois(text)]),
    citations.filter(candidate => !braced(candidate)),
    byStart([...findBareArxivIds(text), ...findBareOldArxivIds(text)]),
  ];
  let accepted: Candidate[] = [];
  for (const level of levels) accepted = admit(accepted, level);
  return resultOf(dropExcluded(accepted, excluded));
}

function resultOf(kept: readonly Candidate[]): RecognitionResult {
  const references: PaperReference[] = [];
  const problems: RecognitionProblem[] = [];
  for (const candidate of kept) {
    if (candidate.reference) references.push(candidate.reference);
    for (const problem of candidate.problems) problems.push(problem);
  }
  return { references, problems };
}

/**
 * A claimed stretch of text. A candidate without a reference still claims its range: a URL
 * to another site, or an invalid `arXiv:` ID, must hide the numbers inside it.
 */
interface Candidate extends TextSpan {
  readonly reference: PaperReference | undefined;
  readonly problems: readonly RecognitionProblem[];
}

const NO_PROBLEMS: readonly RecognitionProblem[] = [];

function claim(span: TextSpan, reference?: PaperReference, problems = NO_PROBLEMS): Candidate {
  return { start: span.start, end: span.end, reference, problems };
}

// ---------------------------------------------------------------------------------------
// Overlap resolution

/** Merges `candidates` into `accepted`, dropping every candidate that overlaps text already claimed. */
function admit(accepted: readonly Candidate[], candidates: readonly Candidate[]): Candidate[] {
  const merged: Candidate[] = [];
  let next = 0;
  for (const candidate of candidates) {
    while (next < accepted.length && accepted[next].end <= candidate.start) merged.push(accepted[next++]);
    const last = merged[merged.length - 1];
    if (last && last.end > candidate.start) continue;
    if (next < accepted.length && accepted[next].start < candidate.end) continue;
    merged.push(candidate);
  }
  while (next < accepted.length) merged.push(accepted[next++]);
  return merged;
}

function dropExcluded(candidates: readonly Candidate[], excluded: readonly TextSpan[]): Candidate[] {
  // Empty spans cover nothing, and skipping them keeps the scan below from stopping early.
  const spans = excluded.filter(span => span.end > span.start).sort((a, b) => a.start - b.start);
  if (spans.length === 0) return [...candidates];
  const kept: Candidate[] = [];
  let next = 0;
  for (const candidate of candidates) {
    while (next < spans.length && spans[next].end <= candidate.start) next++;
    const span = spans[next];
    if (span === undefined || span.start >= candidate.end) kept.push(candidate);
  }
  return kept;
}

function byStart(candidates: Candidate[]): Candidate[] {
  return candidates.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------
// Shared scanning helpers

const ARCHIVES = [...OLD_ARCHIVES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
/** Archives that may name a category after an ID, old and new. */
const CATEGORY_ARCHIVES = new Set([...OLD_ARCHIVES, 'stat', 'q-fin', 'econ', 'eess']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * Characters a URL or DOI may run through: printable ASCII except space, quotes `"` and
 * backtick, `<`, `>` and `|` (Markdown tables). Anything non-ASCII ends it, so Chinese text
 * and full-width punctuation right after a link are not swallowed.
 */
function isLinkChar(code: number): boolean {
  return code > 32 && code < 127 && code !== 34 && code !== 96 && code !== 60 && code !== 62 && code !== 124;
}

/**
 * The end of a URL or DOI starting at `from`. A closing `)`, `]` or `}` without its opener
 * ends it, which is what makes `[t](url)`, `[a](u1)[b](u2)` and BibTeX's `url={...}` work
 * while keeping `wiki/Foo_(bar)` whole.
 */
function scanLinkEnd(text: string, from: number): number {
  let parens = 0;
  let brackets = 0;
  let braces = 0;
  let at = from;
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!isLinkChar(code)) break;
    if (code === 40) parens++;
    else if (code === 41 && parens-- === 0) break;
    else if (code === 91) brackets++;
    else if (code === 93 && brackets-- === 0) break;
    else if (code === 123) braces++;
    else if (code === 125 && braces-- === 0) break;
  }
  return at;
}

/** Backs `end` over characters that end a sentence rather than a link. */
function trimTrailing(text: string, start: number, end: number, trailing: string): number {
  while (end > start && trailing.includes(text[end - 1])) end--;
  return end;
}

// ---------------------------------------------------------------------------------------
// URLs

/** Hosts whose `/<route>/<arXiv ID>` pages name an arXiv paper. */
const ARXIV_HOSTS = new Map<string, readonly string[]>([
  ['arxiv.org', ['abs', 'pdf', 'html']],
  ['www.arxiv.org', ['abs', 'pdf', 'html']],
  ['export.arxiv.org', ['abs', 'pdf', 'html']],
  ['browse.arxiv.org', ['abs', 'pdf', 'html']],
  ['ar5iv.labs.arxiv.org', ['html', 'abs']],
  ['ar5iv.org', ['html', 'abs']],
  ['www.ar5iv.org', ['html', 'abs']],
  ['alphaxiv.org', ['abs', 'overview']],
  ['www.alphaxiv.org', ['abs', 'overview']],
  ['huggingface.co', ['papers']],
  ['www.huggingface.co', ['papers']],
  ['hf.co', ['papers']],
]);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);
const OPENREVIEW_HOSTS = new Set(['openreview.net', 'www.openreview.net']);
const OPENREVIEW_ROUTES = new Set(['/forum', '/forum/', '/pdf', '/pdf/']);

const KNOWN_HOSTS = [...ARXIV_HOSTS.keys(), ...DOI_HOSTS, ...OPENREVIEW_HOSTS]
  .sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
/**
 * Where a URL starts: a scheme, `www.`, or a paper site's host written without a scheme.
 * A scheme only has to start a word; a bare host must also not continue a path, host or
 * e-mail address (`example.com/arxiv.org/...`, `me@doi.org/`).
 */
const URL_START = new RegExp(`(?<![A-Za-z0-9])https?://|(?<![\\w.@/:%+-])(?:www\\.|(?:${KNOWN_HOSTS})(?=/))`, 'gi');
/** Sentence punctuation that GitHub also leaves out of autolinks. */
const URL_TRAILING = '.,:;!?*_~\'';

const URL_AT_START = new RegExp(URL_START.source, 'iy');

/** The URL that is all of `text`, if it is one; what `findUrls` would find alone. */
function wholeUrl(text: string): Candidate | undefined {
  URL_AT_START.lastIndex = 0;
  const match = URL_AT_START.exec(text);
  if (!match) return undefined;
  const end = trimTrailing(text, 0, scanLinkEnd(text, match[0].length), URL_TRAILING);
  return end === text.length && end > match[0].length ? classifyUrl(text, 0, end) : undefined;
}

function findUrls(text: string): Candidate[] {
  const found: Candidate[] = [];
  const starts = new RegExp(URL_START);
  for (let match = starts.exec(text); match; match = starts.exec(text)) {
    const start = match.index;
    const end = trimTrailing(text, start, scanLinkEnd(text, start + match[0].length), URL_TRAILING);
    if (end > start + match[0].length) found.push(classifyUrl(text, start, end));
    starts.lastIndex = Math.max(end, start + match[0].length);
  }
  return found;
}

interface UrlParts {
  readonly text: string;
  readonly span: TextSpan;
  readonly host: string;
  readonly path: string;
  /** Offset of `path` in the full text. */
  readonly pathStart: number;
  readonly query: string;
}

function classifyUrl(text: string, start: number, end: number): Candidate {
  const url = text.slice(start, end);
  const scheme = /^https?:\/\//i.exec(url);
  const hostStart = scheme ? scheme[0].length : 0;
  const hostEnd = indexOfAny(url, '/?#', hostStart);
  const pathEnd = indexOfAny(url, '?#', hostEnd);
  const queryEnd = url[pathEnd] === '?' ? indexOfAny(url, '#', pathEnd) : pathEnd;
  const parts: UrlParts = {
    text,
    span: { start, end },
    host: url.slice(hostStart, hostEnd).toLowerCase().replace(/:\d*$/, '').replace(/\.$/, ''),
    path: url.slice(hostEnd, pathEnd),
    pathStart: start + hostEnd,
    query: url.slice(pathEnd + 1, queryEnd),
  };
  return arxivUrl(parts) ?? doiHostUrl(parts) ?? openReviewUrl(parts) ?? embeddedDoiUrl(parts) ?? claim(parts.span);
}

function indexOfAny(text: string, chars: string, from: number): number {
  let at = from;
  while (at < text.length && !chars.includes(text[at])) at++;
  return at;
}

const OLD_ARCHIVE_SEGMENT = new RegExp(`^(?:${ARCHIVES})(?:\\.[A-Za-z][A-Za-z-]*)?$`);

function arxivUrl(url: UrlParts): Candidate | undefined {
  const routes = ARXIV_HOSTS.get(url.host);
  if (!routes) return undefined;
  const secondSlash = url.path.indexOf('/', 1);
  if (secondSlash < 0 || !routes.includes(url.path.slice(1, secondSlash))) return blocker(url);
  const rest = url.path.slice(secondSlash + 1);
  // Old-style IDs have a slash of their own: 'hep-th/9901001'.
  let idEnd = rest.indexOf('/');
  if (idEnd >= 0 && OLD_ARCHIVE_SEGMENT.test(rest.slice(0, idEnd))) idEnd = rest.indexOf('/', idEnd + 1);
  const idText = idEnd < 0 ? rest : rest.slice(0, idEnd);
  const idStart = url.pathStart + secondSlash + 1;
  return explicitArxiv(url.text, url.span, idStart, idText, 'arxiv-url') ?? blocker(url);
}

function doiHostUrl(url: UrlParts): Candidate | undefined {
  if (!DOI_HOSTS.has(url.host)) return undefined;
  const doi = url.path.slice(1);
  if (!DOI_WHOLE.test(decodePercent(doi))) return blocker(url);
  return doiCandidate(url.text, url.span, url.pathStart + 1, decodePercent(doi), doi, 'doi-url');
}

function openReviewUrl(url: UrlParts): Candidate | undefined {
  if (!OPENREVIEW_HOSTS.has(url.host)) return undefined;
  const id = OPENREVIEW_ROUTES.has(url.path) ? queryValue(url.query, 'id') : undefined;
  if (id === undefined || !/^[A-Za-z0-9_-]+$/.test(id)) return blocker(url);
  return claim(url.span, reference(url.text, url.span, { scheme: 'openreview', id }, 'openreview-url'));
}

const DOI_IN_PATH = /\/(10\.\d{4,9}(?:\.\d+)*\/.+)$/;

/** Publisher pages such as `dl.acm.org/doi/10.1145/...` name the DOI in the path or query. */
function embeddedDoiUrl(url: UrlParts): Candidate | undefined {
  const inPath = DOI_IN_PATH.exec(url.path);
  if (inPath) {
    // Publishers append '.pdf' or '/' to the DOI in download links; neither is part of it.
    const written = inPath[1].replace(/\/+$/, '').replace(/\.pdf$/i, '');
    const doiStart = url.pathStart + inPath.index + 1;
    return doiCandidate(url.text, url.span, doiStart, decodePercent(written), written, 'doi-url');
  }
  let parameterStart = url.pathStart + url.path.length + 1;
  for (const parameter of url.query.split('&')) {
    const equals = parameter.indexOf('=');
    const written = parameter.slice(equals + 1);
    if (equals > 0 && DOI_WHOLE.test(decodePercent(written))) {
      return doiCandidate(url.text, url.span, parameterStart + equals + 1, decodePercent(written), written, 'doi-url');
    }
    parameterStart += parameter.length + 1;
  }
  return undefined;
}

function queryValue(query: string, name: string): string | undefined {
  for (const parameter of query.split('&')) {
    if (parameter.startsWith(`${name}=`)) return parameter.slice(name.length + 1);
  }
  return undefined;
}

function blocker(url: UrlParts): Candidate {
  return claim(url.span);
}

function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------
// arXiv IDs

/** What an arXiv ID attempt looks like; anything else after `arXiv:` is just prose. */
const ARXIV_ATTEMPT = new RegExp(`^(?:\\d+\\.\\d|(?:${ARCHIVES})(?:\\.[A-Za-z][A-Za-z-]*)?/\\d)`);

/**
 * An ID written where an arXiv ID is expected (after `arXiv:`, in an arXiv URL or DOI).
 * Undefined when `idText` does not even look like an ID; otherwise a reference, a problem,
 * or both (mis-padded IDs are understood but worth fixing).
 */
function explicitArxiv(text: string, span: TextSpan, idStart: number, idText: string, form: ReferenceForm, category?: string): Candidate | undefined {
  if (!ARXIV_ATTEMPT.test(idText)) return undefined;
  const parsed = parseArxivId(idText);
  const written = idText.replace(/\.pdf$/i, '');
  const idSpan = { start: idStart, end: idStart + written.length };
  if (!parsed.ok) {
    const message = `'${written}' is not a valid arXiv ID: ${parsed.reason}.`;
    return claim(span, undefined, [{ ...idSpan, text: written, code: 'arxiv-invalid', message }]);
  }
  const found = arxivReference(text, span, parsed.value, form, category);
  if (parsed.repaired === undefined) return claim(span, found);
  const message = `'${written}' is mis-padded: ${paddingRule(parsed.value)}; did you mean ${parsed.repaired}?`;
  const problem: RecognitionProblem = { ...idSpan, text: written, code: 'arxiv-mispadded', message, suggestion: parsed.repaired };
  return claim(span, found, [problem]);
}

function paddingRule(id: ArxivId): string {
  return Number(id.id.slice(0, 4)) < 1501
    ? 'IDs from 0704 to 1412 have 4 digits after the dot'
    : 'IDs from 1501 on have 5 digits after the dot';
}

/** `arXiv:ID`, also `ARXIV：ID` (full-width colon) and a space after the colon. */
const PREFIXED_ARXIV = /(?<![\w-])arxiv[ \t]?[:\uFF1A][ \t]?([A-Za-z0-9./-]+)/gi;

function findPrefixedArxivIds(text: string): Candidate[] {
  const found: Candidate[] = [];
  // Cheap tests first: most text has none, and the full patterns test every position.
  if (!text.includes(':') && !text.includes('\uFF1A')) return found;
  for (const match of text.matchAll(PREFIXED_ARXIV)) {
    const start = match.index;
    const idStart = start + match[0].length - match[1].length;
    // A sentence may end right after the ID: 'see arXiv:1706.03762.'
    const end = trimTrailing(text, idStart, start + match[0].length, './-');
    const category = categoryAfter(text, end);
    const candidate = explicitArxiv(text, { start, end }, idStart, text.slice(idStart, end), 'arxiv-id', category);
    if (candidate) found.push(candidate);
  }
  return found;
}

const BARE_NEW_ARXIV = /(?<![\w./-])\d{4}\.\d{4,5}(?:[vV]\d+)?(?!\w|\.\d)/g;
const BARE_OLD_ARXIV = new RegExp(`(?<![\\w./-])(?:${ARCHIVES})(?:\\.[A-Za-z][A-Za-z-]*)?/\\d{7}(?:[vV]\\d+)?(?!\\w|\\.\\d)`, 'g');

/** What every match of BARE_NEW_ARXIV / BARE_OLD_ARXIV contains, found far faster than they are. */
const BARE_NEW_CORE = /\d{4}\.\d{4}/;
const BARE_OLD_CORE = /\/\d{7}/;

function findBareArxivIds(text: string): Candidate[] {
  return BARE_NEW_CORE.test(text) ? findBare(text, BARE_NEW_ARXIV) : [];
}

function findBareOldArxivIds(text: string): Candidate[] {
  return BARE_OLD_CORE.test(text) ? findBare(text, BARE_OLD_ARXIV) : [];
}

/** Bare IDs are a guess, so anything short of a perfectly written ID is ignored, not reported. */
function findBare(text: string, pattern: RegExp): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(pattern)) {
    const parsed = parseArxivId(match[0]);
    if (!parsed.ok || parsed.repaired !== undefined) continue;
    const span = { start: match.index, end: match.index + match[0].length };
    found.push(claim(span, arxivReference(text, span, parsed.value, 'arxiv-id', categoryAfter(text, span.end), true)));
  }
  return found;
}

const CATEGORY = /[ \t]?\[([a-z]+(?:-[a-z]+)?)(\.[A-Za-z]+(?:-[a-z]+)?)?\]/y;

/** The primary category of the citation form 'arXiv:0706.1234v1 [math.FA]'. */
function categoryAfter(text: string, at: number): string | undefined {
  CATEGORY.lastIndex = at;
  const match = CATEGORY.exec(text);
  if (!match || !CATEGORY_ARCHIVES.has(match[1])) return undefined;
  return match[1] + (match[2] ?? '');
}

function arxivReference(text: string, span: TextSpan, id: ArxivId, form: ReferenceForm, category?: string, bare?: true): PaperReference {
  return reference(text, span, arxivPaper(id.id), form, { version: id.version, category, bare });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ReferenceDetails = Pick<PaperReference, 'version' | 'category' | 'bare' | 'suppressed'>;

/** Optional details are left out rather than set to undefined, so references compare cleanly. */
function reference(text: string, span: TextSpan, paper: PaperId, form: ReferenceForm, details?: ReferenceDetails): PaperReference {
  const found: Mutable<PaperReference> = { start: span.start, end: span.end, text: text.slice(span.start, span.end), paper, key: paperKey(paper), form };
  if (details?.version !== undefined) found.version = details.version;
  if (details?.category !== undefined) found.category = details.category;
  if (details?.bare) found.bare = true;
  if (details?.suppressed) found.suppressed = true;
  return found;
}

// ---------------------------------------------------------------------------------------
// DOIs

/**
 * A DOI's prefix, with an optional `doi:` label. It may not continue a word, number or
 * path, which also keeps each digit run scanned by one attempt only.
 */
const DOI_START = /(?<![\w./-])(doi[ \t]?[:\uFF1A][ \t]?)?10\.\d{4,9}(?:\.\d+)*\//gi;
const DOI_WHOLE = /^10\.\d{4,9}(?:\.\d+)*\/\S+$/;
/** DOIs may contain most punctuation, but a sentence rarely ends with a DOI's last character. */
const DOI_TRAILING = '.,;:!?\'*';
const ARXIV_DOI = /^10\.48550\/arxiv\./i;

function findDois(text: string): Candidate[] {
  const found: Candidate[] = [];
  if (!text.includes('10.')) return found;
  const starts = new RegExp(DOI_START);
  for (let match = starts.exec(text); match; match = starts.exec(text)) {
    const start = match.index;
    const prefixEnd = start + match[0].length;
    const end = trimTrailing(text, prefixEnd, scanLinkEnd(text, prefixEnd), DOI_TRAILING);
    if (end > prefixEnd) {
      const doiStart = start + (match[1]?.length ?? 0);
      const doi = text.slice(doiStart, end);
      found.push(doiCandidate(text, { start, end }, doiStart, doi, doi, 'doi'));
    }
    starts.lastIndex = Math.max(end, prefixEnd);
  }
  return found;
}

/** `written` is the DOI as it appears at `doiStart`; `doi` is it decoded. arXiv's DataCite DOIs name the arXiv paper. */
function doiCandidate(text: string, span: TextSpan, doiStart: number, doi: string, written: string, form: ReferenceForm): Candidate {
  const arxivPrefix = ARXIV_DOI.exec(written);
  if (arxivPrefix) {
    const idStart = doiStart + arxivPrefix[0].length;
    const candidate = explicitArxiv(text, span, idStart, written.slice(arxivPrefix[0].length), form);
    if (candidate) return candidate;
  }
  return claim(span, doiReference(text, span, doi, form));
}

function doiReference(text: string, span: TextSpan, doi: string, form: ReferenceForm): PaperReference {
  return reference(text, span, { scheme: 'doi', id: doi }, form);
}

// ---------------------------------------------------------------------------------------
// Pandoc citations

/** Pandoc's internal key punctuation: allowed only when a key character follows. */
const KEY_PUNCTUATION = ':.#$%&-+?<>~/';
/**
 * An `@` after these is part of a word, e-mail address, path or escape (`user@x.org`,
 * `medium.com/@user`, `\@`), not a citation.
 */
const NOT_BEFORE_CITATION = '/.@\\+=%&~';

function findCitations(text: string): Candidate[] {
  const found: Candidate[] = [];
  let at = text.indexOf('@');
  while (at >= 0) {
    const candidate = citationAt(text, at);
    if (candidate) found.push(candidate);
    at = text.indexOf('@', candidate ? candidate.end : at + 1);
  }
  return found;
}

/**
 * pandoc-crossref's labels (`@fig:arch`, `[@sec:intro]`, `@tbl:`, `@eq:`, `@lst:`) point inside
 * the document, not at papers: they are not citations.
 */
const CROSSREF_LABEL = /^(?:fig|sec|tbl|eq|lst):/;

function citationAt(text: string, at: number): Candidate | undefined {
  const before = at > 0 ? text.charCodeAt(at - 1) : -1;
  const suppressed = before === 45 /* - */;
  const opener = suppressed ? at - 1 : at;
  if (!canStartCitation(text, opener)) return undefined;
  const keyEnd = text[at + 1] === '{' ? bracedKeyEnd(text, at + 2) : plainKeyEnd(text, at + 1);
  if (keyEnd === undefined) return undefined;
  const span = { start: at, end: keyEnd };
  const id = text[at + 1] === '{' ? text.slice(at + 2, keyEnd - 1) : text.slice(at + 1, keyEnd);
  if (CROSSREF_LABEL.test(id)) return undefined;
  return claim(span, reference(text, span, { scheme: 'citekey', id }, 'pandoc-citation', suppressed ? { suppressed: true } : undefined));
}

function canStartCitation(text: string, at: number): boolean {
  if (at === 0) return true;
  const code = text.charCodeAt(at - 1);
  return !isWordChar(code) && !NOT_BEFORE_CITATION.includes(text[at - 1]);
}

/** The end of `@key`, or undefined when no key starts at `from`. */
function plainKeyEnd(text: string, from: number): number | undefined {
  if (from >= text.length || !isWordChar(text.charCodeAt(from))) return undefined;
  let at = from + 1;
  while (at < text.length) {
    if (isWordChar(text.charCodeAt(at))) at++;
    else if (KEY_PUNCTUATION.includes(text[at]) && at + 1 < text.length && isWordChar(text.charCodeAt(at + 1))) at += 2;
    else break;
  }
  return at;
}

/** The end of `@{key}` (after the `}`), or undefined when the braces are empty or unclosed. */
function bracedKeyEnd(text: string, from: number): number | undefined {
  let at = from;
  while (at < text.length && text[at] !== '}' && text[at] !== '{' && text[at] !== '\n') at++;
  if (text[at] !== '}' || at === from) return undefined;
  return at + 1;
}
