/**
 * One identity per paper, however it is written. Every feature works on `paperKey(id)`:
 * two references name the same paper exactly when their keys are equal.
 */

export type PaperScheme = 'arxiv' | 'doi' | 'openreview' | 'citekey' | 'title';

export interface PaperId {
  readonly scheme: PaperScheme;
  /**
   * arxiv: the unversioned ID (`2106.09685`, `hep-th/9901001`);
   * doi: the DOI as written (`10.1145/3219819.3220007`), compared case-insensitively;
   * openreview: the forum/note id (case-sensitive);
   * citekey: the Pandoc citation key (case-sensitive);
   * title: for papers known by no identifier (a blog-hosted PDF, a method named in prose), the
   * title folded by `titleId()`, so the same title written twice is the same paper.
   */
  readonly id: string;
}

export function arxivPaper(id: string): PaperId {
  return { scheme: 'arxiv', id };
}

/** The stable key of a paper: equal keys mean the same paper. */
export function paperKey(paper: PaperId): string {
  // DOIs are case-insensitive by definition (ISO 26324); the others are not.
  const id = paper.scheme === 'doi' ? paper.id.toLowerCase() : paper.id;
  return `${paper.scheme}:${id}`;
}

export function parsePaperKey(key: string): PaperId | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = key.slice(0, colon);
  const id = key.slice(colon + 1);
  if (!id) return undefined;
  if (scheme === 'arxiv' || scheme === 'doi' || scheme === 'openreview' || scheme === 'citekey' || scheme === 'title') {
    return { scheme, id };
  }
  return undefined;
}

/** How a paper's identity is shown to a reader. */
export function displayPaperId(paper: PaperId): string {
  switch (paper.scheme) {
    case 'arxiv': return `arXiv:${paper.id}`;
    case 'doi': return `doi:${paper.id}`;
    case 'openreview': return `OpenReview ${paper.id}`;
    case 'citekey': return `@${paper.id}`;
    case 'title': return paper.id;
  }
}

/**
 * The identity of a paper known only by its title: compatibility forms folded (NFKC, so the
 * Kangxi radical ⽂ is 文 and ＧＰＴ is GPT), lower-cased, every run of anything but letters and
 * digits made one '-'. 'Attention Is All You Need!' and 'attention is all you need' are one paper.
 */
export function titleId(title: string): PaperId | undefined {
  // ASCII is its own NFKC form; skipping the normalisation matters when every entry has a title.
  const id = (ASCII.test(title) ? title : title.normalize('NFKC'))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return id ? { scheme: 'title', id } : undefined;
}

const ASCII = /^[\x00-\x7F]*$/;

/** An identifier names one paper; a title may be shared by several. */
export function isIdentifierKey(key: string): boolean {
  return !key.startsWith('title:');
}

const SCHEME_RANK: Readonly<Record<string, number>> = { arxiv: 0, doi: 1, openreview: 2, citekey: 3, title: 4 };

/** How good a scheme is as a paper's main identity: arXiv, then DOI, OpenReview, citation key, title. */
export function schemeRank(scheme: string): number {
  return SCHEME_RANK[scheme] ?? 9;
}

/** How good a key is as a paper's main identity (its scheme's rank). */
export function keyRank(key: string): number {
  return schemeRank(key.slice(0, key.indexOf(':')));
}

/** The best of several keys of one paper, by `keyRank`, then alphabetically for stability. */
export function bestKey(keys: Iterable<string>): string | undefined {
  return [...keys].sort((a, b) => keyRank(a) - keyRank(b) || a.localeCompare(b))[0];
}
