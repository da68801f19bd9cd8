/**
 * Paper search for completion, workspace symbols and the "Search papers" quick pick. The only
 * home of fuse.js (lint-enforced): the rest of the server sees `PaperSearch` and `SearchHit`.
 *
 * A query runs in three steps, so it stays fast on large catalogs (never a fuzzy pass over every
 * paper on every keystroke):
 * 1. exact identity: a query that is a paper's key, alias or bare identifier (`2106.09685`,
 *    `arXiv:2106.09685v2`, `citekey:hu2021lora`, `@hu2021lora`, `hu2021lora`) → reason 'id', first;
 * 2. prefilter: an inverted index built once in the constructor, from grams to paper numbers —
 *    CJK character bigrams (Chinese has no spaces), Latin/digit word trigrams, word prefixes of
 *    1–3 characters and pairs of adjacent words (so a phrase beats the same words scattered) —
 *    collects the (at most `CANDIDATES`) papers sharing the most (IDF-weighted) grams with the
 *    query, within a bounded budget of postings read. Title matches weigh more in short titles,
 *    as they do in fuse, so the papers fuse will rank first are among the few it is given;
 * 3. fuse.js ranks only those candidates. A fresh `Fuse` is built per query over the 40–120
 *    candidates (fewer for longer queries): fuse cannot search a subset of a prebuilt index, and
 *    indexing a few hundred pre-normalised records costs far less than the fuzzy pass itself.
 *    The records are made when a paper first becomes a candidate, and only recent ones are kept:
 *    keeping one per paper would double the catalog's memory.
 * Ties (scores within `TIE_EPSILON`) go to papers the user has notes about, then cites more,
 * then starred more.
 *
 * Building is linear in the catalog's text and sized for a million papers:
 * - papers are numbered most relevant first (the empty query's order), so the start of a posting
 *   list holds its most relevant papers. A query whose grams are too common to read in full
 *   reads each such list only up to one paper number, so the most relevant part of the catalog
 *   is scored on every gram and the rest on the query's rarer grams; no list is read past
 *   `POSTINGS_BUDGET` entries, so none keeps more;
 * - a gram is three integers (kind and field, then up to three code points, or two word hashes),
 *   numbered by open addressing: no string and no array per gram (millions of growing arrays in
 *   a string-keyed Map made building superlinear);
 * - the papers are read once, each appended to its grams' lists: chains of growing blocks in a
 *   pool of byte arrays, holding the gaps between paper numbers in 7-bit groups. Lists come out
 *   sorted, nothing is copied, and the pool (a byte or so per entry) stays small enough that the
 *   garbage collector is not made to walk the heap again for every 64 MB of it;
 * - identities are kept as 32-bit hashes, each lookup confirmed against the paper it finds.
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
const CANDIDATES = 120;
const MIN_CANDIDATES = 40;
const FUSE_CHAR_BUDGET = 800;
/** The most posting entries the prefilter reads for one query (lists read in full, rarest first, then the rest up to one paper number). */
const POSTINGS_BUDGET = 150_000;
/** The most papers stored per gram (the most relevant); a query never reads further into a list than this. */
const MAX_POSTINGS = POSTINGS_BUDGET;
/** Longer queries are cut: nobody types more, and fuse's Bitap cost grows with the pattern. */
const MAX_QUERY_CHARS = 128;
/** Only the start of a long summary is searched (prefilter and fuse alike): the introduction says what a paper is. */
const MAX_INDEXED_SUMMARY = 400;
const MAX_FUSE_TEXT = 400;
/** How many candidates' fuse.js records are kept for the next queries (a few queries' worth: typing refines a query). */
const CACHED_DOCS = 4096;
/** Fuse scores this close are equal for ranking; the tie-breaks decide. */
const TIE_EPSILON = 0.01;
/** Added to a prefilter score, scaled by how relevant the paper is, so equal scores favour relevant papers. */
const PRIORITY_NUDGE = 1e-3;

const CJK_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

interface WellFormable {
  toWellFormed(): string;
}
const ASCII = /^[\x00-\x7f]*$/;
/** Code points of CJK compatibility radicals (see `foldCjkRadicals`). */
const RADICAL = /[\u2E80-\u2FDF]/;

/** Folded for matching: compatibility radicals, NFKC (full-width forms), lower case, well-formed UTF-16. */
function normaliseSearchText(text: string): string {
  // ASCII is its own NFKC form (most titles, authors and IDs): only the case changes.
  if (ASCII.test(text)) return text.toLowerCase();
  // Lone surrogates become U+FFFD first so normalisation and regexes see well-formed text.
  const wellFormed = (text as unknown as WellFormable).toWellFormed();
  const folded = RADICAL.test(wellFormed) ? foldCjkRadicals(wellFormed) : wellFormed;
  return folded.normalize('NFKC').toLowerCase();
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

function fuseDoc(paper: SearchablePaper, n: number): FuseDoc {
  return {
    n,
    title: normaliseSearchText(paper.title ?? ''),
    translatedTitle: normaliseSearchText(paper.translatedTitle ?? ''),
    ids: identities(paper).map(normaliseSearchText),
    authors: paper.authors.map(normaliseSearchText),
    summary: normaliseSearchText((paper.summary ?? '').slice(0, MAX_FUSE_TEXT)),
  };
}

/** The paper's key and aliases that identify it (not `title:` keys). */
function identities(paper: SearchablePaper): string[] {
  return [paper.key, ...paper.aliases].filter(isIdentifierKey);
}

// ---------------------------------------------------------------------------------------------
// Grams as integers

/** What a gram is: */
const BIGRAM = 0;
const UNIGRAM = 1;
const TRIGRAM = 2;
const PREFIX = 3;
const WORD_PAIR = 4;
/** Where it is, added to its kind: title-like fields (titles, authors, IDs), or summaries (no unigrams, no word pairs). */
const TITLE = 0;
const SUMMARY = 8;
/** Title-like fields count double in the prefilter. */
const FIELD_WEIGHTS = [[TITLE, 2], [SUMMARY, 1]] as const;
/** A gram's first key part: kind and field above the 21 bits of its first code point (or word hash). */
const CODE_BITS = 21;
const WORD_HASH_MASK = (1 << CODE_BITS) - 1;

const OTHER_CHAR = 1;
const CJK = 2;
const LETTER = 3;
/** Each code point's class, 0 until first seen: CJK, letter or digit, or a separator (1 MB, committed as used). */
const charClasses = new Uint8Array(0x110000);

function charClass(code: number): number {
  const known = charClasses[code];
  if (known !== 0) return known;
  const char = String.fromCodePoint(code);
  const found = CJK_CHAR.test(char) ? CJK : WORD_CHAR.test(char) ? LETTER : OTHER_CHAR;
  charClasses[code] = found;
  return found;
}

/** One step of the word hash (FNV-1a over code points); the same for papers and queries. */
function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}
const HASH_SEED = 0x811c9dc5 | 0;

function wordHash(chars: readonly string[]): number {
  let hash = HASH_SEED;
  for (const char of chars) hash = hashStep(hash, char.codePointAt(0)!);
  return hash & WORD_HASH_MASK;
}

/** Grams of one text, appended as (a, b, c) triples: `a` is kind, field and first code point. */
class GramBuffer {
  values = new Int32Array(3 * 256);
  count = 0;

  clear(): void {
    this.count = 0;
  }

  push(kind: number, first: number, second: number, third: number): void {
    if (3 * this.count + 3 > this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const at = 3 * this.count++;
    this.values[at] = (kind << CODE_BITS) | first;
    this.values[at + 1] = second;
    this.values[at + 2] = third;
  }
}

/**
 * Walks a paper's text code point by code point and appends its grams: CJK bigrams (and
 * unigrams), word prefixes of 1–3 characters, word trigrams (and pairs of adjacent words). The
 * same grams as `queryGrams` finds with regexes, without making a string per gram.
 */
class GramWalker {
  private field = 0;
  private unigrams = false;
  private pairs = false;
  /** The previous character of the current CJK run, 0 outside one. */
  private previousCjk = 0;
  /** The current word: its length, first three and last two characters, and hash. */
  private length = 0;
  private first = 0;
  private second = 0;
  private beforeLast = 0;
  private last = 0;
  private hash = HASH_SEED;
  /** The hash of the word before the current one in this text, -1 for none. */
  private previousWord = -1;

  constructor(private readonly into: GramBuffer) {}

  walk(text: string, field: number, unigrams: boolean, pairs: boolean): void {
    this.field = field;
    this.unigrams = unigrams;
    this.pairs = pairs;
    this.previousWord = -1;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      this.step(code);
    }
    this.endWord();
    this.previousCjk = 0;
  }

  private step(code: number): void {
    const kind = charClass(code);
    if (kind === CJK) {
      this.endWord();
      this.cjk(code);
    } else if (kind === LETTER) {
      this.previousCjk = 0;
      this.letter(code);
    } else {
      this.endWord();
      this.previousCjk = 0;
    }
  }

  private cjk(code: number): void {
    if (this.previousCjk !== 0) this.into.push(this.field | BIGRAM, this.previousCjk, code, 0);
    if (this.unigrams) this.into.push(this.field | UNIGRAM, code, 0, 0);
    this.previousCjk = code;
  }

  private letter(code: number): void {
    const at = this.length++;
    if (at === 0) this.first = code;
    else if (at === 1) this.second = code;
    if (at < 3) this.into.push(this.field | PREFIX, this.first, at >= 1 ? this.second : 0, at === 2 ? code : 0);
    if (at >= 2) this.into.push(this.field | TRIGRAM, this.beforeLast, this.last, code);
    this.beforeLast = this.last;
    this.last = code;
    this.hash = hashStep(this.hash, code);
  }

  private endWord(): void {
    if (this.length === 0) return;
    const hash = this.hash & WORD_HASH_MASK;
    if (this.pairs && this.previousWord >= 0) this.into.push(this.field | WORD_PAIR, this.previousWord, hash, 0);
    this.previousWord = hash;
    this.length = 0;
    this.hash = HASH_SEED;
  }
}

/** Every gram of one paper, title-like fields first, from the text fuse.js sees (`fuseDoc`). */
function paperGrams(paper: SearchablePaper, walker: GramWalker): void {
  walker.walk(normaliseSearchText(paper.title ?? ''), TITLE, true, true);
  walker.walk(normaliseSearchText(paper.translatedTitle ?? ''), TITLE, true, true);
  for (const author of paper.authors) walker.walk(normaliseSearchText(author), TITLE, true, true);
  // No word pairs in IDs: `2106.09685` is one pair per paper, and an ID is found by its identity anyway.
  for (const id of identities(paper)) walker.walk(normaliseSearchText(id), TITLE, true, false);
  const summary = normaliseSearchText((paper.summary ?? '').slice(0, MAX_FUSE_TEXT));
  walker.walk(summary.slice(0, MAX_INDEXED_SUMMARY), SUMMARY, false, false);
}

function latinWords(text: string): string[] {
  return (text.replace(CJK_RUN, ' ').match(WORD) ?? []);
}

/**
 * The grams a query looks up (title-field kinds): bigrams of CJK runs (the char for a single
 * one), trigrams of longer words and the prefix of short ones, and each pair of adjacent words.
 */
function queryGrams(query: string): GramBuffer {
  const grams = new GramBuffer();
  const code = (char: string | undefined) => char?.codePointAt(0) ?? 0;
  for (const run of query.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) grams.push(UNIGRAM, code(chars[0]), 0, 0);
    for (let i = 0; i + 1 < chars.length; i++) grams.push(BIGRAM, code(chars[i]), code(chars[i + 1]), 0);
  }
  let previousWord = -1;
  for (const word of latinWords(query)) {
    const chars = Array.from(word);
    grams.push(PREFIX, code(chars[0]), code(chars[1]), code(chars[2]));
    for (let i = 0; i + 2 < chars.length; i++) grams.push(TRIGRAM, code(chars[i]), code(chars[i + 1]), code(chars[i + 2]));
    const hash = wordHash(chars);
    if (previousWord >= 0) grams.push(WORD_PAIR, previousWord, hash, 0);
    previousWord = hash;
  }
  return grams;
}

function hashGram(a: number, b: number, c: number): number {
  let hash = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  return hash ^ (hash >>> 15);
}

/** Grams → dense numbers (0, 1, 2, … in first-seen order), by open addressing on the three parts. */
class GramTable {
  /** Four ints per slot, for locality: the gram's three parts, then its number + 1 (0: an empty slot). */
  private slots = new Int32Array(4 << 12);
  /** Slots − 1 (a power of two − 1). */
  private mask = (1 << 12) - 1;
  size = 0;

  /** The gram's number, -1 if unknown. */
  find(a: number, b: number, c: number): number {
    return this.slots[this.slotOf(a, b, c) + 3] - 1;
  }

  /** The gram's number, the next one if it is new. */
  add(a: number, b: number, c: number): number {
    const at = this.slotOf(a, b, c);
    if (this.slots[at + 3] !== 0) return this.slots[at + 3] - 1;
    this.slots[at] = a;
    this.slots[at + 1] = b;
    this.slots[at + 2] = c;
    this.slots[at + 3] = ++this.size;
    if (8 * this.size > this.slots.length) this.grow();
    return this.size - 1;
  }

  /** Where the gram is, or the empty slot where it would go (an index into `slots`). */
  private slotOf(a: number, b: number, c: number): number {
    const { slots, mask } = this;
    for (let slot = hashGram(a, b, c) & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      if (slots[at + 3] === 0 || (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c)) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] !== 0) this.slots.set(old.subarray(at, at + 4), this.slotOf(old[at], old[at + 1], old[at + 2]));
    }
  }
}

/** `array` or a copy at least `length` long (doubling, so growing is amortised linear). */
function grownTo(array: Int32Array, length: number): Int32Array {
  if (length <= array.length) return array;
  const grown = new Int32Array(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

// ---------------------------------------------------------------------------------------------
// Posting lists

/** Pool chunks are 4 MB; a block never straddles two. Positions are chunk × 2^22 + offset (as uint32: up to 4 GB). */
const CHUNK_BITS = 22;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** A block's last 4 bytes are the position of the next block. */
const LINK_BYTES = 4;
/** Paper numbers are below 2^31: at most five 7-bit groups. */
const MAX_VARINT = 5;
const FIRST_BLOCK = 16;
const MAX_BLOCK = 4096;
/** Room made in the first chunk for each paper: a first block for each of a few hundred grams. */
const FIRST_CHUNK_PER_PAPER = 4096;

/** The size in bytes of a list's next block, after `stored` entries: a list's blocks grow with it, up to `MAX_BLOCK`. */
function blockSize(stored: number): number {
  return Math.min(MAX_BLOCK, Math.max(FIRST_BLOCK, stored));
}

/**
 * Every gram's posting list — the ascending numbers of the papers that have it, its first
 * `MAX_POSTINGS` only — as a chain of blocks in one pool of byte arrays, appended to while the
 * papers are read once: no array per gram, no second pass, no copying. Entries are the gaps
 * between paper numbers in 7-bit groups (most take one byte: the lists that matter are long),
 * so the pool stays small enough not to make the garbage collector walk a large heap again and
 * again while it grows (V8 does so for every 64 MB of new typed arrays).
 */
class PostingPool {
  readonly chunks: Uint8Array[] = [];
  private free = 0;
  /** Where the current chunk ends. */
  private end = 0;

  /**
   * @param firstChunk the size of the first chunk: a small search (an overlay of a few changed
   * papers, built again after every change) should not allocate, and make the collector reclaim,
   * a full chunk each time.
   */
  constructor(private readonly firstChunk = CHUNK_MASK + 1) {}

  /** Room for a block of `size` bytes, in the current chunk or a new one. */
  allocate(size: number): number {
    if (this.free + size > this.end) {
      const length = this.chunks.length === 0 ? Math.min(CHUNK_MASK + 1, Math.max(size, this.firstChunk)) : CHUNK_MASK + 1;
      this.free = this.chunks.length * (CHUNK_MASK + 1);
      this.end = this.free + length;
      this.chunks.push(new Uint8Array(length));
    }
    const block = this.free;
    this.free += size;
    return block;
  }

  /** Writes `value` (≥ 0) in 7-bit groups at `position`; returns the position after it. */
  writeVarint(position: number, value: number): number {
    const chunk = this.chunks[position >>> CHUNK_BITS];
    let at = position & CHUNK_MASK;
    while (value >= 0x80) {
      chunk[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    chunk[at++] = value;
    return (position & ~CHUNK_MASK) | at;
  }

  writeLink(position: number, block: number): void {
    const chunk = this.chunks[position >>> CHUNK_BITS];
    const at = position & CHUNK_MASK;
    chunk[at] = block & 0xff;
    chunk[at + 1] = (block >>> 8) & 0xff;
    chunk[at + 2] = (block >>> 16) & 0xff;
    chunk[at + 3] = block >>> 24;
  }
}

/** Reads one posting list in order: `next()` is the next paper number, -1 after the last. */
class PostingReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;
  private link = 0;
  private read = 0;
  private last = -1;

  constructor(private readonly chunks: readonly Uint8Array[], head: number, private readonly stored: number) {
    this.enter(head);
  }

  next(): number {
    if (this.read === this.stored) return -1;
    if (this.at + MAX_VARINT > this.link) this.enter(this.linkTarget());
    const chunk = this.chunk;
    let byte = chunk[this.at++];
    let gap = byte & 0x7f;
    for (let shift = 7; byte >= 0x80; shift += 7) {
      byte = chunk[this.at++];
      gap |= (byte & 0x7f) << shift;
    }
    this.read++;
    this.last += gap;
    return this.last;
  }

  private enter(block: number): void {
    this.chunk = this.chunks[block >>> CHUNK_BITS];
    this.at = block & CHUNK_MASK;
    this.link = this.at + blockSize(this.read) - LINK_BYTES;
  }

  private linkTarget(): number {
    const { chunk, link } = this;
    return (chunk[link] | (chunk[link + 1] << 8) | (chunk[link + 2] << 16) | (chunk[link + 3] << 24)) >>> 0;
  }
}

/** What building keeps about each gram, four ints per gram number: */
const LAST_PAPER = 0; // the last paper read that has it, + 1
const PAPERS_WITH = 1; // how many papers have it, stored or not
const TAIL = 2; // where its next entry goes
const LINK = 3; // where its current block's link is

/** The grams of all papers and their posting lists. */
class Postings {
  constructor(
    readonly grams: GramTable,
    /** Gram number → how many papers have it, stored or not (its document frequency, for IDF). */
    readonly papersWith: Int32Array,
    /** Gram number → its first block. */
    private readonly heads: Int32Array,
    private readonly pool: PostingPool,
  ) {}

  reader(gram: number): PostingReader {
    return new PostingReader(this.pool.chunks, this.heads[gram], Math.min(this.papersWith[gram], MAX_POSTINGS));
  }
}

/**
 * Reads every paper's grams once, in paper order, appending each paper to the lists of its
 * grams. Grams are numbered in the order first seen, so the common ones have low numbers and
 * their build state (`LAST_PAPER` …) stays in a few cache lines.
 */
/** Papers a slice of a build in slices takes (`PaperSearch.buildSlice`): a few milliseconds. */
const PAPERS_PER_SLICE = 256;

/** The postings of every paper, a slice of papers per step. */
function* buildPostings(papers: readonly SearchablePaper[]): Generator<void, Postings> {
  const grams = new GramTable();
  const pool = new PostingPool(FIRST_CHUNK_PER_PAPER * (papers.length + 1));
  let state: Int32Array = new Int32Array(4 * 1024);
  let heads: Int32Array = new Int32Array(1024);
  const buffer = new GramBuffer();
  const walker = new GramWalker(buffer);
  for (let n = 0; n < papers.length; n++) {
    if (n % PAPERS_PER_SLICE === PAPERS_PER_SLICE - 1) yield;
    buffer.clear();
    paperGrams(papers[n], walker);
    const { values } = buffer;
    for (let at = 0; at < 3 * buffer.count; at += 3) {
      const known = grams.size;
      const gram = grams.add(values[at], values[at + 1], values[at + 2]);
      if (gram === known) {
        state = grownTo(state, 4 * grams.size);
        heads = grownTo(heads, grams.size);
        heads[gram] = startList(pool, state, 4 * gram);
      }
      if (state[4 * gram + LAST_PAPER] !== n + 1) appendPosting(pool, state, 4 * gram, n);
    }
  }
  const papersWith = new Int32Array(grams.size);
  for (let gram = 0; gram < grams.size; gram++) papersWith[gram] = state[4 * gram + PAPERS_WITH];
  return new Postings(grams, papersWith, heads.slice(0, grams.size), pool);
}

/** Gives the gram whose state is at `state[at…]` its first block; returns where it is. */
function startList(pool: PostingPool, state: Int32Array, at: number): number {
  const block = pool.allocate(FIRST_BLOCK);
  state[at + TAIL] = block;
  state[at + LINK] = block + FIRST_BLOCK - LINK_BYTES;
  return block;
}

/** Appends paper `n` to the list of the gram whose state is at `state[at…]`; papers come in ascending order, once each. */
function appendPosting(pool: PostingPool, state: Int32Array, at: number, n: number): void {
  const gap = n + 1 - state[at + LAST_PAPER];
  state[at + LAST_PAPER] = n + 1;
  const stored = state[at + PAPERS_WITH]++;
  if (stored >= MAX_POSTINGS) return;
  if (state[at + TAIL] + MAX_VARINT > state[at + LINK]) {
    const size = blockSize(stored);
    const block = pool.allocate(size);
    pool.writeLink(state[at + LINK], block);
    state[at + TAIL] = block;
    state[at + LINK] = block + size - LINK_BYTES;
  }
  state[at + TAIL] = pool.writeVarint(state[at + TAIL], gap);
}

// ---------------------------------------------------------------------------------------------
// Identities and relevance

/** The lookup forms of a normalised identifier: the whole key and, for a scheme'd key, the bare ID. */
function identityForms(folded: string): string[] {
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

/** Every form a paper can be named by: its normalised keys and aliases, and their bare IDs. */
function paperIdentityForms(paper: SearchablePaper): Set<string> {
  return new Set(identities(paper).flatMap((id) => identityForms(normaliseSearchText(id))));
}

/** FNV-1a over UTF-16 code units. */
function hashString(text: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < text.length; i++) hash = hashStep(hash, text.charCodeAt(i));
  return hash;
}

/**
 * Normalised key, alias or bare ID → the papers named so. Only a 32-bit hash of each form is
 * kept, by open addressing (a Map of a million papers' forms holds some 200 MB of strings); a
 * lookup confirms each paper it finds against the paper's own forms.
 */
class IdentityIndex {
  /** Two ints per slot: a form's hash, then the number + 1 of a paper with that form (0: an empty slot). */
  private readonly slots: Int32Array;

  constructor(private readonly papers: readonly SearchablePaper[]) {
    const forms = papers.reduce((sum, paper) => sum + 2 * (1 + paper.aliases.length), 0);
    let capacity = 1024;
    while (capacity < 2 * forms) capacity *= 2;
    this.slots = new Int32Array(2 * capacity);
    for (let n = 0; n < papers.length; n++) {
      for (const form of paperIdentityForms(papers[n])) this.add(hashString(form), n);
    }
  }

  /** The numbers of the papers named `form`. */
  find(form: string): number[] {
    const hash = hashString(form);
    const found: number[] = [];
    for (let at = this.slotOf(hash); this.slots[at + 1] !== 0; at = this.next(at)) {
      const n = this.slots[at + 1] - 1;
      if (this.slots[at] === hash && paperIdentityForms(this.papers[n]).has(form)) found.push(n);
    }
    return found;
  }

  private add(hash: number, n: number): void {
    let at = this.slotOf(hash);
    while (this.slots[at + 1] !== 0) at = this.next(at);
    this.slots[at] = hash;
    this.slots[at + 1] = n + 1;
  }

  private slotOf(hash: number): number {
    return 2 * (hashGram(hash, 0, 0) & (this.slots.length / 2 - 1));
  }

  private next(at: number): number {
    return (at + 2) % this.slots.length;
  }
}

/** Relevance outside the query: noted, then cited, then starred. Negative: `a` first. */
function comparePriority(a: SearchablePaper, b: SearchablePaper): number {
  return (Number(b.noted ?? false) - Number(a.noted ?? false))
    || ((b.citations ?? 0) - (a.citations ?? 0))
    || ((b.importance ?? 0) - (a.importance ?? 0));
}

/** Most relevant first, then by key (arXiv before DOI before …, then alphabetically): the papers' numbering. */
function relevanceOrder(papers: readonly SearchablePaper[]): SearchablePaper[] {
  const ranks = papers.map((paper) => keyRank(paper.key));
  const order = papers.map((_, i) => i);
  order.sort((a, b) => comparePriority(papers[a], papers[b]) || ranks[a] - ranks[b]
    || (papers[a].key < papers[b].key ? -1 : papers[a].key > papers[b].key ? 1 : 0));
  return order.map((i) => papers[i]);
}

/**
 * How much a title-like match counts for a paper with this title: √(7 / its words). fuse.js
 * weighs a field by 1/√words, so among papers that share the query's grams it ranks those with
 * short titles first; they should be among its candidates. Relative to a title of 7 words, so
 * titles keep their weight against summaries.
 */
function titleWeight(title: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < title.length; i++) {
    const code = title.charCodeAt(i);
    const separator = (code >= 9 && code <= 13) || code === 32 || code === 160 || code === 0x3000;
    if (!separator && !inWord) words++;
    inWord = !separator;
  }
  return Math.sqrt(TYPICAL_TITLE_WORDS / Math.max(1, words));
}
const TYPICAL_TITLE_WORDS = 7;

// ---------------------------------------------------------------------------------------------
// Search

/** One posting list a query reads: a gram, how many papers have it, and what sharing it is worth. */
interface QueryList {
  readonly field: number;
  readonly gram: number;
  readonly papersWith: number;
  readonly weight: number;
}

/** A paper fuse.js scored, in the search that holds it. */
interface Scored {
  readonly search: PaperSearch;
  readonly n: number;
  readonly score: number;
  readonly title: boolean;
}

export class PaperSearch {
  // Set by `build`, which the constructor runs to its end unless asked to build in slices.
  /** Most relevant first: paper number `n` is `papers[n]`, and the answer to an empty query is the start. */
  private papers!: readonly SearchablePaper[];
  /** What fuse.js saw for recent candidates, made again when needed (keeping every paper's would double the catalog's memory). */
  private readonly docs = new Map<number, FuseDoc>();
  private byIdentity!: IdentityIndex;
  private postings!: Postings;
  /** Scratch for the prefilter, one slot per paper, allocated once. */
  private scores!: Float64Array;
  private touched!: Int32Array;
  private values!: Float64Array;
  /** Each paper's weight for matches in title-like fields (`titleWeight`). */
  private titleWeights!: Float32Array;
  /** The rest of a build in slices; undefined once built. */
  private building: Generator<void, void> | undefined;
  /** 1 for papers `withhold` took out of every answer; made on first use. */
  private withheld: Uint8Array | undefined;
  /** Papers known by a title key (not an identity), by key; made on first use. */
  private byTitleKey: Map<string, number> | undefined;

  /**
   * `inSlices`: build a slice at a time through `buildSlice` (a large catalog takes seconds to
   * build, which a server builds between requests); anything else asked of the search first
   * finishes the build.
   */
  constructor(papers: readonly SearchablePaper[], options: { readonly inSlices?: boolean } = {}) {
    this.building = this.build(papers);
    if (!options.inSlices) this.finishBuilding();
  }

  /** Does a slice of the build (a few milliseconds); false once the search is built. */
  buildSlice(): boolean {
    if (this.building?.next().done) this.building = undefined;
    return this.building !== undefined;
  }

  private finishBuilding(): void {
    while (this.buildSlice());
  }

  private *build(given: readonly SearchablePaper[]): Generator<void, void> {
    const papers = relevanceOrder(given);
    yield;
    this.byIdentity = new IdentityIndex(papers);
    yield;
    this.postings = yield* buildPostings(papers);
    yield;
    this.titleWeights = new Float32Array(papers.length);
    for (let n = 0; n < papers.length; n++) {
      if (n % PAPERS_PER_SLICE === PAPERS_PER_SLICE - 1) yield;
      this.titleWeights[n] = titleWeight(papers[n].title ?? '');
    }
    this.scores = new Float64Array(papers.length);
    this.touched = new Int32Array(papers.length);
    this.values = new Float64Array(papers.length);
    this.papers = papers;
  }

  get size(): number {
    this.finishBuilding();
    return this.papers.length;
  }

  /**
   * Takes the paper with this key out of every later answer (an overlay answers for it now), as
   * if it had never been given: its place among the candidates goes to the next paper. Returns
   * whether this search had it.
   */
  withhold(key: string): boolean {
    this.finishBuilding();
    const numbers = isIdentifierKey(key) ? this.byIdentity.find(normaliseSearchText(key)) : [this.titleKeyNumber(key) ?? -1];
    let found = false;
    for (const n of numbers) {
      if (n < 0 || this.papers[n].key !== key) continue;
      this.withheld ??= new Uint8Array(this.papers.length);
      this.withheld[n] = 1;
      found = true;
    }
    return found;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return PaperSearch.searchAll([this], query, options);
  }

  /**
   * Several searches answering as one: the order one `PaperSearch` over all of their papers
   * (less those withheld) gives, because fuse.js scores each paper on its own and ties are
   * broken by the same relevance order. Only the candidates can differ: each search's prefilter
   * picks its own best `wanted` papers, by gram weights from its own papers, so a small search
   * beside a large one offers every paper that shares a gram with the query (at most `wanted`),
   * where one search over all would have given some of those places to others. On papers a
   * prefilter does not cut short (≤ `MIN_CANDIDATES` sharing a gram) the answers are the same.
   */
  static searchAll(searches: readonly PaperSearch[], query: string, options: SearchOptions = {}): SearchHit[] {
    for (const search of searches) search.finishBuilding();
    const requested = options.limit ?? DEFAULT_LIMIT;
    const limit = Number.isFinite(requested) ? Math.max(0, Math.floor(requested)) : DEFAULT_LIMIT;
    if (limit === 0) return [];
    const text = normaliseSearchText(String(query ?? '').slice(0, MAX_QUERY_CHARS)).trim();
    if (!text) return PaperSearch.mostRelevant(searches, limit).map(({ search, n }) => ({ paper: search.papers[n], score: 1, reason: 'fuzzy' }));

    const exact = searches.flatMap((search) => search.exactMatches(text).map((n) => ({ search, n })));
    exact.sort(PaperSearch.compareRelevance);
    const hits: SearchHit[] = exact.map(({ search, n }) => ({ paper: search.papers[n], score: 0, reason: 'id' }));
    if (hits.length >= limit) return hits.slice(0, limit);

    const wanted = Math.max(MIN_CANDIDATES, Math.min(CANDIDATES, Math.floor(FUSE_CHAR_BUDGET / Array.from(text).length)));
    const scored: Scored[] = [];
    for (const search of searches) {
      const named = exact.filter((hit) => hit.search === search).map((hit) => hit.n);
      scored.push(...search.fuzzy(text, search.prefilter(text, wanted).filter((n) => !named.includes(n))));
    }
    for (const hit of PaperSearch.rankScored(scored)) {
      if (hits.length >= limit) break;
      hits.push({ paper: hit.search.papers[hit.n], score: hit.score, reason: hit.title ? 'title' : 'fuzzy' });
    }
    return hits;
  }

  /**
   * The relevance order across searches: what numbers papers within one (`relevanceOrder`), then
   * the search and the number, for papers with equal keys.
   */
  private static compareRelevance(a: { search: PaperSearch; n: number }, b: { search: PaperSearch; n: number }): number {
    if (a.search === b.search) return a.n - b.n;
    const x = a.search.papers[a.n];
    const y = b.search.papers[b.n];
    return comparePriority(x, y) || keyRank(x.key) - keyRank(y.key) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  }

  /** Best score first; runs of scores within `TIE_EPSILON` ordered by the tie-breaks, then relevance. */
  private static rankScored(scored: Scored[]): Scored[] {
    scored.sort((a, b) => a.score - b.score);
    const ranked: Scored[] = [];
    for (let start = 0; start < scored.length;) {
      let end = start + 1;
      while (end < scored.length && scored[end].score - scored[start].score <= TIE_EPSILON) end++;
      const run = scored.slice(start, end);
      run.sort((a, b) => comparePriority(a.search.papers[a.n], b.search.papers[b.n]) || a.score - b.score || PaperSearch.compareRelevance(a, b));
      ranked.push(...run);
      start = end;
    }
    return ranked;
  }

  /** The `limit` most relevant papers not withheld, across the searches: the answer to an empty query. */
  private static mostRelevant(searches: readonly PaperSearch[], limit: number): Array<{ search: PaperSearch; n: number }> {
    const found: Array<{ search: PaperSearch; n: number }> = [];
    for (const search of searches) {
      const withheld = search.withheld;
      let taken = 0;
      for (let n = 0; n < search.size && taken < limit; n++) {
        if (withheld?.[n]) continue;
        found.push({ search, n });
        taken++;
      }
    }
    return found.sort(PaperSearch.compareRelevance).slice(0, limit);
  }

  /** Papers the query names by key, alias or bare identifier, most relevant (lowest number) first. */
  private exactMatches(text: string): number[] {
    const found = new Set<number>();
    for (const form of queryIdentityForms(text)) for (const n of this.byIdentity.find(form)) if (!this.withheld?.[n]) found.add(n);
    return [...found].sort((a, b) => a - b);
  }

  /** fuse.js over the candidates, in no particular order. */
  private fuzzy(text: string, candidates: readonly number[]): Scored[] {
    if (candidates.length === 0) return [];
    const fuse = new Fuse(candidates.map((n) => this.docOf(n)), {
      keys: FUSE_KEYS,
      includeScore: true,
      includeMatches: true,
      ignoreLocation: true,
      threshold: 0.4,
      shouldSort: false,
      // Every text is already folded to lower case.
      isCaseSensitive: true,
    });
    return fuse.search(text).map((result) => ({
      search: this,
      n: result.item.n,
      score: Math.max(result.score ?? 1, Number.EPSILON),
      title: (result.matches ?? []).some((match) => match.key !== undefined && TITLE_KEYS.has(match.key)),
    }));
  }

  private titleKeyNumber(key: string): number | undefined {
    if (!this.byTitleKey) {
      this.byTitleKey = new Map();
      for (let n = 0; n < this.papers.length; n++) if (!isIdentifierKey(this.papers[n].key)) this.byTitleKey.set(this.papers[n].key, n);
    }
    return this.byTitleKey.get(key);
  }

  private docOf(n: number): FuseDoc {
    let doc = this.docs.get(n);
    if (!doc) {
      if (this.docs.size >= CACHED_DOCS) this.docs.clear();
      doc = fuseDoc(this.papers[n], n);
      this.docs.set(n, doc);
    }
    return doc;
  }

  /** The posting lists of the query's grams in both fields, rarest first. */
  private queryLists(text: string): QueryList[] {
    const { grams, papersWith } = this.postings;
    const total = this.papers.length;
    const seen = new Set<number>();
    const lists: QueryList[] = [];
    const query = queryGrams(text);
    for (let at = 0; at < 3 * query.count; at += 3) {
      for (const [field, boost] of FIELD_WEIGHTS) {
        const gram = grams.find(query.values[at] | (field << CODE_BITS), query.values[at + 1], query.values[at + 2]);
        if (gram < 0 || seen.has(gram)) continue;
        seen.add(gram);
        lists.push({ field, gram, papersWith: papersWith[gram], weight: boost * Math.log(1 + total / papersWith[gram]) });
      }
    }
    return lists.sort((a, b) => a.papersWith - b.papersWith);
  }

  /**
   * At most `wanted` paper numbers sharing the most IDF-weighted grams with the query, best
   * first. Lists are read in full, rarest first, while they fit in `POSTINGS_BUDGET`; the rest
   * only below the paper number where the remaining budget runs out.
   */
  private prefilter(text: string, wanted: number): number[] {
    const lists = this.queryLists(text);
    const total = this.papers.length;
    let count = 0;
    let budget = POSTINGS_BUDGET;
    let index = 0;
    for (; index < lists.length && lists[index].papersWith <= budget; index++) {
      budget -= lists[index].papersWith;
      count = this.accumulate(lists[index], total, count);
    }
    const rest = lists.slice(index);
    const below = this.commonCutoff(rest, budget);
    for (const list of rest) count = this.accumulate(list, below, count);
    if (this.withheld) count = this.dropWithheld(count);
    const chosen = this.best(count, wanted);
    for (let i = 0; i < count; i++) this.scores[this.touched[i]] = 0;
    return chosen;
  }

  /**
   * The paper number below which lists too common to read in full are read, sharing `budget` by
   * their sizes (no list is read further than its stored part: `MAX_POSTINGS` is the budget).
   */
  private commonCutoff(lists: readonly QueryList[], budget: number): number {
    const size = lists.reduce((sum, list) => sum + list.papersWith, 0);
    return Math.max(1, Math.floor(this.papers.length * (budget / size)));
  }

  /** Adds `list.weight` to the score of each paper of the list numbered below `below`; returns the new touched count. */
  private accumulate(list: QueryList, below: number, count: number): number {
    const { scores, touched } = this;
    const total = this.papers.length;
    const { weight } = list;
    const weights = list.field === TITLE ? this.titleWeights : undefined;
    const reader = this.postings.reader(list.gram);
    for (let n = reader.next(); n >= 0 && n < below; n = reader.next()) {
      if (scores[n] === 0) {
        touched[count++] = n;
        scores[n] = PRIORITY_NUDGE * (1 - n / total);
      }
      scores[n] += weights ? weight * weights[n] : weight;
    }
    return count;
  }

  /** Takes withheld papers out of the touched ones (their scores cleared); returns the new touched count. */
  private dropWithheld(count: number): number {
    const { scores, touched, withheld } = this;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const n = touched[i];
      if (withheld![n]) scores[n] = 0;
      else touched[kept++] = n;
    }
    return kept;
  }

  /** The `wanted` touched papers with the highest scores, best first. */
  private best(count: number, wanted: number): number[] {
    const { scores, touched } = this;
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
    return chosen.sort((a, b) => scores[b] - scores[a]);
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
