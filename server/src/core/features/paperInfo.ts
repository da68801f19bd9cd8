/**
 * Everything the workspace and the catalog know about one paper, gathered across all of its
 * keys (a reference's arXiv ID, the DOI a literature note adds, the title a seed lists it by).
 * Hover, definition and the Topics view all describe a paper from this.
 */
import type { CatalogPaper } from '../catalog';
import type { PaperEntry } from '../paperEntries';
import { type PaperId, parsePaperKey } from '../paperId';
import type { PaperOccurrence } from '../workspaceIndex';
import type { FeatureContext } from './context';

export interface NoteEntry {
  readonly uri: string;
  readonly entry: PaperEntry;
}

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
  /** References to the paper across the workspace, in any of its forms. */
  readonly citations: readonly PaperOccurrence[];
  readonly title?: string;
  readonly authors: readonly string[];
  readonly year?: string;
}

export function describePaper(context: FeatureContext, key: string): PaperInfo {
  // The keys a paper is known by: the one asked about, those the user's entries and literature
  // notes give alongside it (a citekey beside an arXiv ID), and the catalog's aliases.
  const keys = new Set([key]);
  const addEntryKeys = () => {
    for (const known of [...keys]) for (const { entry } of context.index.entriesOf(known)) for (const alias of [entry.key, ...entry.aliases]) keys.add(alias);
  };
  addEntryKeys();
  const catalog = [...keys].map((known) => context.catalog().paper(known)).find(Boolean);
  if (catalog) {
    for (const alias of [catalog.key, ...catalog.aliases]) keys.add(alias);
    addEntryKeys();
  }
  const literatureNotes = unique([...keys].flatMap((k) => context.index.literatureNotesOf(k))).sort();
  const annotations = uniqueEntries([...keys].flatMap((k) => context.index.entriesOf(k))).filter(({ entry }) => entry.shape !== 'front-matter');
  const citations = [...keys].flatMap((k) => context.index.occurrences(k)).filter((o) => o.kind === 'reference');
  const noteFacts = literatureNotes.map((uri) => context.index.getDocument(uri)?.literatureNote).find((note) => note?.title);
  const entryFacts = annotations.find(({ entry }) => entry.title)?.entry;
  const canonical = catalog?.key ?? key;
  return {
    key: canonical,
    paper: parsePaperKey(canonical) ?? { scheme: 'title', id: canonical },
    keys: [...keys],
    catalog,
    literatureNotes,
    annotations,
    citations,
    // The reader's own literature note names the paper as they want it; then the catalog.
    title: noteFacts?.title ?? catalog?.title ?? entryFacts?.title,
    authors: catalog?.authors.length ? catalog.authors : noteFacts?.authors.length ? noteFacts.authors : (entryFacts?.authors ?? []),
    year: catalog?.year ?? noteFacts?.year ?? entryFacts?.year,
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function uniqueEntries(entries: readonly NoteEntry[]): NoteEntry[] {
  const seen = new Set<string>();
  return entries.filter(({ uri, entry }) => {
    const id = `${uri}#${entry.line}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
