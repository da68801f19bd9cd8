/**
 * Citation keys in the Better BibTeX default style, so keys the extension inserts look like the
 * ones Zotero users already have: the first author's surname in lower case, the first three
 * significant title words, the year — `huLoRALowRank2021`. Keys are ASCII (accents folded,
 * other scripts dropped), and unique: a clash gets `a`, `b`, `c`… in a stable order.
 */
import { runToEnd } from './slices';

/** Words Better BibTeX skips when it picks a title's significant words. */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'for', 'so', 'yet', 'of', 'on', 'in', 'at', 'to', 'by', 'from', 'with',
  'without', 'via', 'into', 'onto', 'over', 'under', 'up', 'as', 'is', 'are', 'be', 'do', 'does', 'we', 'you', 'it', 'its',
  'this', 'that', 'these', 'those', 'than', 'when', 'where', 'how', 'what', 'which', 'who', 'why', 'can', 'all',
]);

export interface KeySource {
  readonly authors: readonly string[];
  readonly title?: string;
  readonly year?: string;
}

/** ASCII letters and digits only: `Câmara` → `Camara`, `LoRA:` → `LoRA`, `低秩` → ''. */
function ascii(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]/g, '');
}

/** The surname of `Edward J. Hu` or `Hu, Edward J.`. */
function surname(author: string): string {
  const name = author.includes(',') ? author.slice(0, author.indexOf(',')) : author.trim().split(/\s+/).pop() ?? '';
  return ascii(name).toLowerCase();
}

export function betterBibtexKey(source: KeySource): string {
  const author = source.authors.length ? surname(source.authors[0]) : '';
  const words = (source.title ?? '')
    .split(/[\s\-–—:：,，.。;；!?'"()（）[\]/]+/)
    .map((word) => ({ word, plain: ascii(word) }))
    .filter(({ word, plain }) => plain && !FUNCTION_WORDS.has(word.toLowerCase()))
    .slice(0, 3)
    .map(({ plain }) => plain[0].toUpperCase() + plain.slice(1));
  const year = /\d{4}/.exec(source.year ?? '')?.[0] ?? '';
  const key = `${author}${words.join('')}${year}`;
  return key || 'paper';
}

/**
 * Unique keys for a set of papers, by paper key. A key a paper already has (a literature note's
 * `citekey:`) is kept; the generated ones take `a`, `b`, … on a clash, in paper-key order so the
 * same library always gets the same keys.
 */
export function assignCitationKeys(papers: ReadonlyArray<KeySource & { readonly key: string; readonly citekey?: string }>): Map<string, string> {
  return runToEnd(assignCitationKeysInSlices(papers));
}

/** Papers whose generated key a slice of `assignCitationKeysInSlices` makes: a few milliseconds. */
const PAPERS_PER_SLICE = 500;

/** `assignCitationKeys` a slice at a time (a library of 100k papers takes a second or two). */
export function* assignCitationKeysInSlices(papers: ReadonlyArray<KeySource & { readonly key: string; readonly citekey?: string }>): Generator<void, Map<string, string>> {
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const paper of papers) {
    if (paper.citekey && !taken.has(paper.citekey)) {
      keys.set(paper.key, paper.citekey);
      taken.add(paper.citekey);
    }
  }
  const byBase = new Map<string, string[]>();
  const ordered = [...papers].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  yield;
  for (let i = 0; i < ordered.length; i++) {
    if (i % PAPERS_PER_SLICE === PAPERS_PER_SLICE - 1) yield;
    const paper = ordered[i];
    if (keys.has(paper.key)) continue;
    const base = betterBibtexKey(paper);
    const same = byBase.get(base);
    if (same) same.push(paper.key);
    else byBase.set(base, [paper.key]);
  }
  yield;
  for (const [base, paperKeys] of byBase) {
    let suffix = 0;
    for (const paperKey of paperKeys) {
      let key = paperKeys.length === 1 ? base : `${base}${letters(suffix++)}`;
      while (taken.has(key)) key = `${base}${letters(suffix++)}`;
      keys.set(paperKey, key);
      taken.add(key);
    }
  }
  return keys;
}

type KeyedPaper = KeySource & { readonly key: string; readonly citekey?: string };

/**
 * A library's citation keys kept up to date as papers join, change and leave, without
 * renumbering. A paper's own key (its bibliography entry's, its literature note's: what Pandoc
 * resolves) is its key whenever no other paper holds the same key as its own: it displaces a
 * paper that was only given it, and a key renamed and renamed back comes back. Otherwise a paper
 * keeps the key it was given for the session; a generated key, once given, is never given to
 * another paper (text may already hold it).
 */
export class CitationKeyBook {
  private readonly byPaper = new Map<string, string>();
  /** Each key given now: its paper, and whether it is that paper's own. */
  private readonly byKey = new Map<string, { readonly paper: string; readonly own: boolean }>();
  /** Generated keys ever given. */
  private readonly generated = new Set<string>();
  /** What each paper's generated key is made from, and its own key. */
  private readonly papers = new Map<string, KeyedPaper>();
  /** The papers claiming each own key. */
  private readonly claims = new Map<string, Set<string>>();

  /** A book from keys assigned from scratch (`assignCitationKeys`). */
  static from(papers: readonly KeyedPaper[]): CitationKeyBook {
    return runToEnd(CitationKeyBook.fromInSlices(papers));
  }

  /** `from`, a slice at a time. */
  static *fromInSlices(papers: readonly KeyedPaper[]): Generator<void, CitationKeyBook> {
    const book = new CitationKeyBook();
    const keys = yield* assignCitationKeysInSlices(papers);
    for (let i = 0; i < papers.length; i++) {
      if (i % PAPERS_PER_SLICE === PAPERS_PER_SLICE - 1) yield;
      const paper = papers[i];
      book.remember(paper);
      const key = keys.get(paper.key);
      if (key !== undefined) book.give(paper.key, key, key === paper.citekey);
    }
    return book;
  }

  get(paperKey: string): string | undefined {
    return this.byPaper.get(paperKey);
  }

  /** A copy, for a library built again over the same papers and more. */
  copy(): CitationKeyBook {
    const book = new CitationKeyBook();
    for (const paper of this.papers.values()) book.remember(paper);
    for (const [paper, key] of this.byPaper) book.give(paper, key, this.byKey.get(key)!.own);
    for (const key of this.generated) book.generated.add(key);
    return book;
  }

  /** Papers that joined or changed, and papers that left. */
  update(changed: Iterable<KeyedPaper>, removed: Iterable<string> = []): void {
    const ownKeys = new Set<string>();
    const rekey = new Set<string>();
    for (const paperKey of removed) {
      const before = this.papers.get(paperKey);
      if (before?.citekey) ownKeys.add(before.citekey);
      this.forget(paperKey);
      this.release(paperKey);
    }
    for (const paper of changed) {
      const before = this.papers.get(paper.key);
      if (before?.citekey) ownKeys.add(before.citekey);
      if (paper.citekey) ownKeys.add(paper.citekey);
      this.forget(paper.key);
      this.remember(paper);
      rekey.add(paper.key);
    }
    // Each own key concerned goes to a paper claiming it: its holder if that still claims it,
    // else the first claimant in key order; whoever held it otherwise gets another key.
    for (const own of [...ownKeys].sort()) {
      const claimants = [...(this.claims.get(own) ?? [])].sort();
      const holder = this.byKey.get(own);
      if (holder && claimants.includes(holder.paper)) {
        if (!holder.own) this.give(holder.paper, own, true);
        continue;
      }
      if (holder) {
        this.release(holder.paper);
        rekey.add(holder.paper);
      }
      const winner = claimants[0];
      if (winner !== undefined) {
        this.release(winner);
        this.give(winner, own, true);
      }
    }
    for (const paperKey of [...rekey].sort()) {
      const paper = this.papers.get(paperKey);
      if (!paper) continue;
      const current = this.byPaper.get(paperKey);
      // An own key held before and not claimed now is not this paper's any more.
      if (current !== undefined && this.byKey.get(current)?.own && current !== paper.citekey) this.release(paperKey);
      if (!this.byPaper.has(paperKey)) this.give(paperKey, this.freeKey(betterBibtexKey(paper)), false);
    }
  }

  private remember(paper: KeyedPaper): void {
    this.papers.set(paper.key, paper);
    if (!paper.citekey) return;
    let claimants = this.claims.get(paper.citekey);
    if (!claimants) this.claims.set(paper.citekey, (claimants = new Set()));
    claimants.add(paper.key);
  }

  private forget(paperKey: string): void {
    const paper = this.papers.get(paperKey);
    if (!paper) return;
    this.papers.delete(paperKey);
    const claimants = paper.citekey ? this.claims.get(paper.citekey) : undefined;
    claimants?.delete(paperKey);
    if (claimants?.size === 0) this.claims.delete(paper.citekey!);
  }

  private give(paperKey: string, key: string, own: boolean): void {
    this.release(paperKey);
    this.byPaper.set(paperKey, key);
    this.byKey.set(key, { paper: paperKey, own });
    if (!own) this.generated.add(key);
  }

  private release(paperKey: string): void {
    const key = this.byPaper.get(paperKey);
    if (key === undefined) return;
    this.byPaper.delete(paperKey);
    if (this.byKey.get(key)?.paper === paperKey) this.byKey.delete(key);
  }

  private freeKey(base: string): string {
    let key = base;
    for (let suffix = 0; this.byKey.has(key) || this.generated.has(key); suffix++) key = `${base}${letters(suffix)}`;
    return key;
  }
}

/** a, b, …, z, aa, ab, … */
function letters(index: number): string {
  let text = '';
  let n = index;
  do {
    text = String.fromCharCode(97 + (n % 26)) + text;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return text;
}
