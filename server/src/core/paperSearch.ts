/**
 * Paper search for completion, workspace symbols and the "Search papers" quick pick. The only
 * home of fuse.js (lint-enforced): the rest of the server sees `PaperSearch` and `SearchHit`.
 *
 * A query runs in three steps, so it stays fast on large catalogs (never a fuzzy pass over every
 * paper on every keystroke):
 * 1. exact identity: a query that is a paper's key, alias or bare identifier (`2106.09685`,
 *    `arXiv:2106.09685v2`, `citekey:hu2021lora`, `@hu2021lora`, `hu2021lora`) → reason 'id', first;
 * 2. prefilter: an inverted index built once in the constructor, from grams to paper numbers —
 *    CJK character bigrams (Chinese has no spaces), Latin/digit word trigrams and word prefixes of
 *    1–3 characters — collects the (at most `CANDIDATES`) papers sharing the most (IDF-weighted) grams
 *    with the query, within a bounded budget of postings read;
 * 3. fuse.js ranks only those candidates. A fresh `Fuse` is built per query over the 40–200
 *    candidates (fewer for longer queries): fuse cannot search a subset of a prebuilt index, and indexing a few hundred
 *    pre-normalised records costs far less than the fuzzy pass itself.
 * Ties (scores within `TIE_EPSILON`) go to papers the user has notes about, then cites more,
 * then starred more.
 */
import Fuse from 'fuse.js';
import { isIdentifierKey, keyRank } from './paperId';
import { foldCjkRadicals } from './textNormalise';

export interface SearchablePaper {
  /** The paper's key, e.g. `arxiv:2106.09685`. */
  readonly key: string;
  readonly aliases: readonly string[];
  readonly title?: string;
  readonly translatedTitle?: string;
  readonly authors: readonly string[];
  readonly year?: string;
  /** e.g. the Chinese introduction from a seed. */
  readonly summary?: string;
  /** ✡ stars. */
  readonly importance?: number;
  /** The user has a note or entry about it. */
  readonly noted?: boolean;
  /** Times cited in the workspace. */
  readonly citations?: number;
}

export interface SearchHit {
  readonly paper: SearchablePaper;
  /** Lower is better; 0 is an exact identity match. */
  readonly score: number;
  /** 'id': the query is the paper's key/alias/ID; 'title': fuse matched the (translated) title; 'fuzzy': anything else. */
  readonly reason: 'id' | 'title' | 'fuzzy';
}

export interface SearchOptions {
  /** At most this many hits (default 50). */
  readonly limit?: number;
}

const DEFAULT_LIMIT = 50;
/**
 * The most papers fuse.js ever sees for one query. Its Bitap pass costs about the pattern length
 * times the text length per paper, so longer queries get fewer (the best by prefilter score):
 * `FUSE_CHAR_BUDGET / query length`, between `MIN_CANDIDATES` and `CANDIDATES`.
 */
const CANDIDATES = 200;
const MIN_CANDIDATES = 40;
const FUSE_CHAR_BUDGET = 1200;
/** The most posting entries the prefilter reads for one query (beyond its rarest gram). */
const POSTINGS_BUDGET = 150_000;
/** Longer queries are cut: nobody types more, and fuse's Bitap cost grows with the pattern. */
const MAX_QUERY_CHARS = 128;
/** Only the start of a long summary is searched (prefilter and fuse alike): the introduction says what a paper is. */
const MAX_INDEXED_SUMMARY = 400;
const MAX_FUSE_TEXT = 400;
/** Fuse scores this close are equal for ranking; the tie-breaks decide. */
const TIE_EPSILON = 0.01;

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Folded for matching: compatibility radicals, NFKC (full-width forms), lower case, well-formed UTF-16. */
function normaliseSearchText(text: string): string {
  // Lone surrogates become U+FFFD first so normalisation and regexes see well-formed text.
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return foldCjkRadicals(wellFormed).normalize('NFKC').toLowerCase();
}

/** The record fuse.js sees: pre-normalised fields. */
interface FuseDoc {
  readonly n: number;
  readonly title: string;
  readonly translatedTitle: string;
  readonly ids: readonly string[];
  readonly authors: readonly string[];
  readonly summary: string;
}

const FUSE_KEYS = [
  { name: 'title', weight: 3 },
  { name: 'translatedTitle', weight: 3 },
  { name: 'ids', weight: 2 },
  { name: 'authors', weight: 2 },
  { name: 'summary', weight: 1 },
];
const TITLE_KEYS = new Set(['title', 'translatedTitle']);

/** Grams of a text, with a class prefix: 'c' CJK bigram, 'u' CJK unigram, 't' trigram, 'p' word prefix. */
function textGrams(text: string, into: Set<string>, cjkUnigrams: boolean): void {
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) into.add(`c${chars[i]}${chars[i + 1]}`);
    if (cjkUnigrams) for (const char of chars) into.add(`u${char}`);
  }
  for (const word of latinWords(text)) {
    const chars = Array.from(word);
    for (let length = 1; length <= Math.min(3, chars.length); length++) into.add(`p${chars.slice(0, length).join('')}`);
    for (let i = 0; i + 2 < chars.length; i++) into.add(`t${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  }
}

function latinWords(text: string): string[] {
  return (text.replace(CJK_RUN, ' ').match(WORD) ?? []);
}

/** The grams a query looks up: bigrams of CJK runs (the char for a single one), trigrams of longer words and the prefix of short ones. */
function queryGrams(query: string): string[] {
  const grams = new Set<string>();
  for (const run of query.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) grams.add(`u${chars[0]}`);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(`c${chars[i]}${chars[i + 1]}`);
  }
  for (const word of latinWords(query)) {
    const chars = Array.from(word);
    if (chars.length < 3) {
      grams.add(`p${word}`);
    } else {
      grams.add(`p${chars.slice(0, 3).join('')}`);
      for (let i = 0; i + 2 < chars.length; i++) grams.add(`t${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
    }
  }
  return [...grams];
}

/** The lookup forms of an identifier: the whole key and, for a scheme'd key, the bare ID. */
function identityForms(key: string): string[] {
  const folded = normaliseSearchText(key);
  const colon = folded.indexOf(':');
  if (colon <= 0) return [folded];
  return [folded, folded.slice(colon + 1)];
}

/** What a query could name as an identity: as typed, without `@`/`[@`, `arXiv:` or an arXiv version. */
function queryIdentityForms(query: string): string[] {
  const forms = new Set<string>();
  let text = query.trim().replace(/^\[?@/, '').replace(/\]$/, '');
  forms.add(text);
  if (text.startsWith('arxiv:')) text = text.slice('arxiv:'.length).trim();
  forms.add(text);
  const versionless = /^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})v\d+$/.exec(text);
  if (versionless) {
    forms.add(versionless[1]);
    forms.add(`arxiv:${versionless[1]}`);
  }
  return [...forms].filter(Boolean);
}

/** Relevance outside the query: noted, then cited, then starred. Negative: `a` first. */
function comparePriority(a: SearchablePaper, b: SearchablePaper): number {
  return (Number(b.noted ?? false) - Number(a.noted ?? false))
    || ((b.citations ?? 0) - (a.citations ?? 0))
    || ((b.importance ?? 0) - (a.importance ?? 0));
}

function compareStable(a: SearchablePaper, b: SearchablePaper): number {
  return keyRank(a.key) - keyRank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** A priority in [0, 1): added (scaled down) to prefilter scores so ties favour relevant papers. */
function priority01(paper: SearchablePaper): number {
  const noted = paper.noted ? 0.5 : 0;
  const cited = Math.min(Math.max(paper.citations ?? 0, 0), 100) / 100 * 0.3;
  const starred = Math.min(Math.max(paper.importance ?? 0, 0), 5) / 5 * 0.19;
  return noted + cited + starred;
}

export class PaperSearch {
  private readonly papers: readonly SearchablePaper[];
  private readonly docs: FuseDoc[];
  /** Normalised key/alias/bare-ID → paper numbers. */
  private readonly byIdentity = new Map<string, number[]>();
  /** Gram (prefixed 'T' for title-like fields, 'S' for summaries) → ascending paper numbers. */
  private readonly postings = new Map<string, Int32Array>();
  /** Every paper, most relevant first: the answer to an empty query. */
  private readonly byPriority: readonly number[];
  private readonly priorities: Float64Array;
  /** Scratch accumulator for the prefilter, one slot per paper. */
  private readonly scratch: Float64Array;
  private readonly touched: Int32Array;
  private readonly values: Float64Array;

  constructor(papers: readonly SearchablePaper[]) {
    this.papers = papers.slice();
    const building = new Map<string, number[]>();
    const add = (gram: string, n: number) => {
      const list = building.get(gram);
      if (!list) building.set(gram, [n]);
      else if (list[list.length - 1] !== n) list.push(n);
    };
    this.docs = this.papers.map((paper, n) => {
      const title = normaliseSearchText(paper.title ?? '');
      const translatedTitle = normaliseSearchText(paper.translatedTitle ?? '');
      const authors = paper.authors.map(normaliseSearchText);
      const identities = [paper.key, ...paper.aliases].filter(isIdentifierKey);
      const ids = identities.map(normaliseSearchText);
      const summary = normaliseSearchText((paper.summary ?? '').slice(0, MAX_FUSE_TEXT));
      for (const identity of identities) {
        for (const form of identityForms(identity)) {
          const list = this.byIdentity.get(form);
          if (!list) this.byIdentity.set(form, [n]);
          else if (!list.includes(n)) list.push(n);
        }
      }
      const titleGrams = new Set<string>();
      for (const text of [title, translatedTitle, ...authors, ...ids]) textGrams(text, titleGrams, true);
      for (const gram of titleGrams) add(`T${gram}`, n);
      const summaryGrams = new Set<string>();
      textGrams(summary.slice(0, MAX_INDEXED_SUMMARY), summaryGrams, false);
      for (const gram of summaryGrams) add(`S${gram}`, n);
      return { n, title, translatedTitle, ids, authors, summary };
    });
    for (const [gram, list] of building) this.postings.set(gram, Int32Array.from(list));
    this.priorities = Float64Array.from(this.papers, priority01);
    this.byPriority = this.papers.map((_, n) => n)
      .sort((a, b) => comparePriority(this.papers[a], this.papers[b]) || compareStable(this.papers[a], this.papers[b]));
    this.scratch = new Float64Array(this.papers.length);
    this.touched = new Int32Array(this.papers.length);
    this.values = new Float64Array(this.papers.length);
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const requested = options.limit ?? DEFAULT_LIMIT;
    const limit = Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : DEFAULT_LIMIT;
    if (limit === 0) return [];
    const text = normaliseSearchText(String(query ?? '').slice(0, MAX_QUERY_CHARS)).trim();
    if (!text) return this.byPriority.slice(0, limit).map((n) => ({ paper: this.papers[n], score: 1, reason: 'fuzzy' }));

    const hits: SearchHit[] = [];
    const seen = new Set<number>();
    const exact: number[] = [];
    for (const form of queryIdentityForms(text)) {
      for (const n of this.byIdentity.get(form) ?? []) if (!seen.has(n)) { seen.add(n); exact.push(n); }
    }
    exact.sort((a, b) => comparePriority(this.papers[a], this.papers[b]) || compareStable(this.papers[a], this.papers[b]));
    for (const n of exact) hits.push({ paper: this.papers[n], score: 0, reason: 'id' });
    if (hits.length >= limit) return hits.slice(0, limit);

    const wanted = Math.max(MIN_CANDIDATES, Math.min(CANDIDATES, Math.floor(FUSE_CHAR_BUDGET / Array.from(text).length)));
    const candidates = this.prefilter(text, wanted).filter((n) => !seen.has(n));
    if (candidates.length === 0) return hits;
    const fuse = new Fuse(candidates.map((n) => this.docs[n]), {
      keys: FUSE_KEYS,
      includeScore: true,
      includeMatches: true,
      ignoreLocation: true,
      threshold: 0.4,
      shouldSort: false,
    });
    const fuzzy = fuse.search(text).map((result) => ({
      n: result.item.n,
      score: Math.max(result.score ?? 1, Number.EPSILON),
      title: (result.matches ?? []).some((match) => match.key !== undefined && TITLE_KEYS.has(match.key)),
    }));
    fuzzy.sort((a, b) => a.score - b.score);
    // Runs of scores within TIE_EPSILON of the run's first are ordered by the tie-breaks.
    const ranked: typeof fuzzy = [];
    for (let start = 0; start < fuzzy.length;) {
      let end = start + 1;
      while (end < fuzzy.length && fuzzy[end].score - fuzzy[start].score <= TIE_EPSILON) end++;
      const run = fuzzy.slice(start, end);
      run.sort((a, b) => comparePriority(this.papers[a.n], this.papers[b.n]) || a.score - b.score
        || compareStable(this.papers[a.n], this.papers[b.n]));
      ranked.push(...run);
      start = end;
    }
    for (const hit of ranked) {
      if (hits.length >= limit) break;
      hits.push({ paper: this.papers[hit.n], score: hit.score, reason: hit.title ? 'title' : 'fuzzy' });
    }
    return hits;
  }

  /** At most `wanted` paper numbers sharing the most IDF-weighted grams with the query, best first. */
  private prefilter(text: string, wanted: number): number[] {
    const total = this.papers.length;
    const lists: { list: Int32Array; weight: number }[] = [];
    for (const gram of queryGrams(text)) {
      for (const [field, boost] of [['T', 2], ['S', 1]] as const) {
        const list = this.postings.get(field + gram);
        if (list) lists.push({ list, weight: boost * Math.log(1 + total / list.length) });
      }
    }
    lists.sort((a, b) => a.list.length - b.list.length);
    // Typed scratch arrays, allocated once: this loop reads up to ~POSTINGS_BUDGET entries.
    const scores = this.scratch;
    const priorities = this.priorities;
    const touched = this.touched;
    let count = 0;
    let budget = POSTINGS_BUDGET;
    for (let index = 0; index < lists.length; index++) {
      const { list, weight } = lists[index];
      if (index > 0 && list.length > budget) break;
      budget -= list.length;
      for (let i = 0; i < list.length; i++) {
        const n = list[i];
        if (scores[n] === 0) {
          touched[count++] = n;
          scores[n] = priorities[n] * 1e-3;
        }
        scores[n] += weight;
      }
    }
    const chosen: number[] = [];
    if (count <= wanted) {
      for (let i = 0; i < count; i++) chosen.push(touched[i]);
    } else {
      const values = this.values.subarray(0, count);
      for (let i = 0; i < count; i++) values[i] = scores[touched[i]];
      const threshold = kthLargest(values, wanted);
      for (let i = 0; i < count; i++) if (scores[touched[i]] > threshold) chosen.push(touched[i]);
      for (let i = 0; i < count && chosen.length < wanted; i++) if (scores[touched[i]] === threshold) chosen.push(touched[i]);
    }
    chosen.sort((a, b) => scores[b] - scores[a]);
    for (let i = 0; i < count; i++) scores[touched[i]] = 0;
    return chosen;
  }
}

/** The k-th largest value (1-based) by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const swap = values[i]; values[i] = values[j]; values[j] = swap;
        i++; j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target];
}
