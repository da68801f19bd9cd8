/**
 * Everything the workspace and the catalog know about one paper, gathered across all of its
 * keys (a reference's arXiv ID, the DOI a literature note adds, the title a seed lists it by).
 * Hover, definition and the Topics view all describe a paper from this.
 */
import type { ArxivMetadata } from '../arxivFeed';
import type { BibliographyEntry } from '../bibliography';
import type { CatalogPaper } from '../catalog';
import type { CatalogIndex } from '../catalogIndex';
import type { PaperEntry } from '../paperEntries';
import { type PaperId, bestKey, isIdentifierKey, parsePaperKey } from '../paperId';
import type { Located, WorkspaceIndex } from '../workspaceIndex';
import type { FeatureContext } from './context';

export type NoteEntry = Located<PaperEntry>;

export type BibliographyEntryRef = Located<BibliographyEntry>;

export interface PaperInfo {
  /** The catalog's key when the catalog knows the paper, else the key asked about. */
  readonly key: string;
  readonly paper: PaperId;
  /** Every key the paper is known by. */
  readonly keys: readonly string[];
  readonly catalog?: CatalogPaper;
  /** Literature notes declaring the paper, sorted. */
  readonly literatureNotes: readonly string[];
  /** Entries in the user's notes that describe the paper (tables, lists, sections), not counting front matter. */
  readonly annotations: readonly NoteEntry[];
  /** Entries of the workspace's bibliography files (`.bib`, CSL-JSON) for the paper, by file then position. */
  readonly bibliography: readonly BibliographyEntryRef[];
  /** What the arXiv API said about it, from the cache (never asked for here). */
  readonly metadata?: ArxivMetadata;
  /** How often the workspace cites the paper, in any of its forms, and in how many notes. */
  readonly citations: { readonly references: number; readonly notes: number };
  readonly title?: string;
  readonly authors: readonly string[];
  readonly year?: string;
  /** The abstract: the user's bibliography's, else arXiv's. */
  readonly abstract?: string;
  /**
   * An arXiv paper that no literature note, catalog entry, bibliography entry or cached answer
   * names: worth asking arXiv about. (An entry's title in a note is the reader's label, often a
   * short name, so it does not count.)
   */
  readonly needsMetadata: boolean;
  /** The paper's arXiv ID when it has one (unversioned). */
  readonly arxivId?: string;
}

/** Identifier keys joined through notes and bibliographies rarely chain further than this. */
const MAX_JOIN_ROUNDS = 4;

/** The keys a paper is known by, and its catalog paper when the catalog knows it. */
export interface PaperKeys {
  /** Identifier keys (arXiv, DOI, OpenReview, citation key). */
  readonly identifiers: ReadonlySet<string>;
  /** Title keys, trusted only when no identifier is known. */
  readonly titles: ReadonlySet<string>;
  /** Every key: identifiers, then titles. */
  readonly keys: readonly string[];
  readonly catalog?: CatalogPaper;
  /** The paper's arXiv key, the first one found. */
  readonly arxivKey?: string;
}

/**
 * A paper has one arXiv ID: keys given together (an entry's key and aliases, a bibliography
 * entry's) that give another one beside a shared DOI or citation key are about another paper (or
 * confused), and following them would chain papers together. Taken as a key and the rest, so a
 * popular paper's thousands of entries are tested without gathering their keys.
 */
function givesAnotherArxivId(key: string, others: readonly string[], arxivKey: string | undefined): boolean {
  const another = (known: string) => known !== arxivKey && known.startsWith('arxiv:');
  return arxivKey !== undefined && (another(key) || others.some(another));
}

/**
 * The keys a paper is known by. Identifiers are trusted: those a user's entry, bibliography
 * entry or literature note gives together (a citekey beside an arXiv ID) and the catalog's
 * aliases all name this paper. Titles are not: two papers may share one, so a title only finds
 * the paper when no identifier is known. References and highlights need no more than this.
 */
export function paperKeys(context: FeatureContext, key: string): PaperKeys {
  return cachedPaperInNotes(context, key).paperKeys;
}

function findPaperKeys(context: FeatureContext, key: string): PaperKeys {
  const identifiers = new Set<string>();
  const titles = new Set<string>();
  let arxivKey: string | undefined;
  const add = (known: string) => {
    if (identifiers.has(known) || titles.has(known)) return;
    if (!isIdentifierKey(known)) titles.add(known);
    else {
      identifiers.add(known);
      if (!arxivKey && known.startsWith('arxiv:')) arxivKey = known;
    }
  };
  // An entry's title is worth keeping only if something names the paper by that title alone (a
  // row without a link, a literature note with only a title): a popular paper's thousands of
  // entries carry thousands of labels that lead nowhere.
  const addFromEntry = (known: string) => {
    if (identifiers.has(known) || titles.has(known)) return;
    if (isIdentifierKey(known) || context.index.namedByTitleAlone(known)) add(known);
  };
  add(key);
  // Each round follows only the identifiers the previous one found.
  const joined = new Set<string>();
  const addFromEntries = () => {
    for (let round = 0; round < MAX_JOIN_ROUNDS; round++) {
      const frontier = [...identifiers].filter((known) => !joined.has(known));
      if (frontier.length === 0) return;
      for (const known of frontier) {
        joined.add(known);
        context.index.forEachEntryOf(known, (entry) => {
          if (givesAnotherArxivId(entry.key, entry.aliases, arxivKey)) return;
          addFromEntry(entry.key);
          for (const alias of entry.aliases) addFromEntry(alias);
        });
        for (const { entry } of context.index.bibliographyEntriesOf(known)) {
          if (givesAnotherArxivId(entry.key, entry.paperKeys, arxivKey)) continue;
          add(entry.key);
          entry.paperKeys.forEach(add);
        }
      }
    }
  };
  addFromEntries();
  const lookup = (keys: Set<string>) => [...keys].map((known) => context.catalog().paper(known)).find(Boolean);
  const catalog = lookup(identifiers) ?? (identifiers.size === 0 ? lookup(titles) : undefined);
  if (catalog) {
    [catalog.key, ...catalog.aliases].forEach(add);
    addFromEntries();
  }
  return { identifiers, titles, keys: [...identifiers, ...titles], catalog, arxivKey };
}

/** What the notes, bibliographies and catalog say about a paper: everything but counts and arXiv's answer. */
interface PaperInNotes {
  readonly paperKeys: PaperKeys;
  readonly literatureNotes: readonly string[];
  readonly annotations: readonly NoteEntry[];
  readonly bibliography: readonly BibliographyEntryRef[];
}

/** Described papers per index and catalog, kept until what is indexed under one of their keys changes. */
const described = new WeakMap<WorkspaceIndex, WeakMap<CatalogIndex, Map<string, { readonly stamp: number; readonly paper: PaperInNotes }>>>();
/** A bound on the cache: it is cleared when it holds more papers than this. */
const MAX_DESCRIBED = 5_000;

/**
 * `paperInNotes` through a cache: a popular paper's thousands of annotations are gathered once,
 * not on every hover, and again only after a change under one of its keys (an entry, literature
 * note or bibliography entry naming it). Typing prose elsewhere keeps it.
 */
function cachedPaperInNotes(context: FeatureContext, key: string, keep = true): PaperInNotes {
  const catalog = context.catalog();
  let byCatalog = described.get(context.index);
  if (!byCatalog) described.set(context.index, (byCatalog = new WeakMap()));
  let papers = byCatalog.get(catalog);
  if (!papers) byCatalog.set(catalog, (papers = new Map()));
  const known = papers.get(key);
  if (known && !context.index.changedSince(known.paper.paperKeys.keys, known.stamp)) return known.paper;
  const stamp = context.index.changeStamp;
  const paper = paperInNotes(context, key);
  if (!keep) return paper;
  if (papers.size >= MAX_DESCRIBED) papers.clear();
  papers.set(key, { stamp, paper });
  return paper;
}

function paperInNotes(context: FeatureContext, key: string): PaperInNotes {
  const found = findPaperKeys(context, key);
  const { identifiers, keys, arxivKey } = found;
  const bibliography = uniqueBibliographyEntries([...identifiers].flatMap((k) => context.index.bibliographyEntriesOf(k)));
  // An entry or literature note found by title counts only if no identifier contradicts it, and
  // one that gives another arXiv ID is about another paper, whatever else it shares. Keys are
  // taken as a first and the rest, like `givesAnotherArxivId`.
  const agrees = (first: string | undefined, rest: readonly string[]) => {
    if (first === undefined) return true;
    if (givesAnotherArxivId(first, rest, arxivKey)) return false;
    const own = isIdentifierKey(first) || rest.some(isIdentifierKey);
    const shared = (known: string) => identifiers.has(known);
    return !own || identifiers.size === 0 || shared(first) || rest.some(shared);
  };
  const literatureNotes = unique(keys.flatMap((k) => context.index.literatureNotesOf(k)))
    .filter((uri) => {
      const [first, ...rest] = (context.index.getDocument(uri)?.literatureNote?.declarations ?? []).map((d) => d.key);
      return agrees(first, rest);
    })
    .sort();
  // An entry is indexed under each of its own keys once: one listed under an earlier key of the
  // paper was taken there. (Cheaper than a set of thousands of entries for a popular paper.)
  const annotations: NoteEntry[] = [];
  keys.forEach((known, i) => {
    const earlier = keys.slice(0, i);
    for (const located of context.index.entriesOf(known)) {
      const entry = located.entry;
      if (i > 0 && (earlier.includes(entry.key) || entry.aliases.some((alias) => earlier.includes(alias)))) continue;
      if (entry.shape !== 'front-matter' && !entry.mentionedBy && agrees(entry.key, entry.aliases)) annotations.push(located);
    }
  });
  return { paperKeys: found, literatureNotes, annotations, bibliography };
}

/**
 * `keep: false`: what is gathered is not kept for later hovers (a build describing every paper of
 * a large library would push out the few papers hovers keep asking about).
 */
export function describePaper(context: FeatureContext, key: string, options: { readonly keep?: boolean } = {}): PaperInfo {
  const { paperKeys: { identifiers, keys, catalog, arxivKey }, literatureNotes, annotations, bibliography } = cachedPaperInNotes(context, key, options.keep);
  const bibliographyFacts = bibliography.map(({ entry }) => entry);
  const citations = context.index.citationCount(identifiers);
  const notes = literatureNotes.map((uri) => context.index.getDocument(uri)?.literatureNote);
  const noteTitle = notes.find((note) => note?.title)?.title;
  const noteAuthors = notes.find((note) => note?.authors.length)?.authors;
  const noteYear = notes.find((note) => note?.year)?.year;
  const entryFacts = annotations.find(({ entry }) => entry.title)?.entry;
  const bibTitle = bibliographyFacts.find((entry) => entry.title)?.title;
  const bibAuthors = bibliographyFacts.find((entry) => entry.authors.length)?.authors;
  const bibYear = bibliographyFacts.find((entry) => entry.year)?.year;
  const canonical = catalog?.key ?? bestKey(identifiers) ?? key;
  const arxivId = arxivKey?.slice('arxiv:'.length);
  const online = arxivId ? context.arxiv?.lookup(arxivId, false) : undefined;
  const metadata = online?.status === 'found' ? online.metadata : undefined;
  return {
    key: canonical,
    paper: parsePaperKey(canonical) ?? { scheme: 'title', id: canonical },
    keys,
    catalog,
    literatureNotes,
    annotations,
    bibliography,
    metadata,
    citations,
    // The reader's own literature note names the paper as they want it; then the catalog, their
    // bibliography, what arXiv says, and last the label an entry in a note gives it.
    title: noteTitle ?? catalog?.title ?? bibTitle ?? metadata?.title ?? entryFacts?.title,
    authors: catalog?.authors.length ? catalog.authors : (noteAuthors ?? bibAuthors ?? (metadata?.authors.length ? metadata.authors : undefined) ?? entryFacts?.authors ?? []),
    year: catalog?.year ?? noteYear ?? bibYear ?? metadata?.published?.slice(0, 4) ?? entryFacts?.year,
    abstract: bibliographyFacts.find((entry) => entry.abstract)?.abstract ?? metadata?.summary,
    needsMetadata: arxivId !== undefined && !metadata && !noteTitle && !catalog && !bibTitle,
    arxivId,
  };
}

/** The key the user cites a paper by: their bibliography's (the one Pandoc resolves), else a literature note's. */
export function ownCitekey(info: PaperInfo): string | undefined {
  return info.bibliography[0]?.entry.citekey ?? info.keys.find((known) => known.startsWith('citekey:'))?.slice('citekey:'.length);
}

function uniqueBibliographyEntries(entries: readonly BibliographyEntryRef[]): BibliographyEntryRef[] {
  const seen = new Set<string>();
  return entries.filter(({ uri, entry }) => {
    const id = `${uri}#${entry.start}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  }).sort((a, b) => (a.uri === b.uri ? a.entry.start - b.entry.start : a.uri < b.uri ? -1 : 1));
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

