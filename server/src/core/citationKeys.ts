/**
 * Citation keys in the Better BibTeX default style, so keys the extension inserts look like the
 * ones Zotero users already have: the first author's surname in lower case, the first three
 * significant title words, the year — `huLoRALowRank2021`. Keys are ASCII (accents folded,
 * other scripts dropped), and unique: a clash gets `a`, `b`, `c`… in a stable order.
 */

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
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const paper of papers) {
    if (paper.citekey && !taken.has(paper.citekey)) {
      keys.set(paper.key, paper.citekey);
      taken.add(paper.citekey);
    }
  }
  const byBase = new Map<string, string[]>();
  for (const paper of [...papers].sort((a, b) => a.key.localeCompare(b.key))) {
    if (keys.has(paper.key)) continue;
    const base = betterBibtexKey(paper);
    byBase.set(base, [...(byBase.get(base) ?? []), paper.key]);
  }
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

/**
 * Keys for papers that joined (or changed in) a library after its keys were assigned, in place:
 * a key once given is never given to another paper nor taken back, so a key the user was
 * offered stays the paper's for the session. A paper takes its own key (a bibliography's or a
 * literature note's) when that is free, else keeps what it has, else gets a generated key,
 * with the first free suffix on a clash. `taken` holds every key ever given.
 */
export function extendCitationKeys(
  keys: Map<string, string>,
  taken: Set<string>,
  papers: Iterable<KeySource & { readonly key: string; readonly citekey?: string }>,
): void {
  for (const paper of [...papers].sort((a, b) => a.key.localeCompare(b.key))) {
    const current = keys.get(paper.key);
    if (paper.citekey && paper.citekey !== current && !taken.has(paper.citekey)) {
      keys.set(paper.key, paper.citekey);
      taken.add(paper.citekey);
    } else if (current === undefined) {
      const base = betterBibtexKey(paper);
      let key = base;
      for (let suffix = 0; taken.has(key); suffix++) key = `${base}${letters(suffix)}`;
      keys.set(paper.key, key);
      taken.add(key);
    }
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
