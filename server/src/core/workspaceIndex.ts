/**
 * The workspace index: one analysis per note, keyed by URI, and a reverse index from each
 * paper key to the notes that mention or declare it; beside them the bibliography files
 * (`.bib`, CSL-JSON), indexed by citation key and by the identifiers their entries give.
 * Changes arrive one file at a time (`setDocument` / `setBibliography` / `deleteDocument`) and
 * touch only that file's entries; `snapshot()` lets tests prove the result always equals a
 * rebuild from scratch.
 */
import type { Bibliography, BibliographyEntry } from './bibliography';
import { DocumentAnalysis, analyseDocument, candidatesFingerprint, entryKeysOf, paperKeysOf, topicsFingerprint } from './documentAnalysis';
import type { PaperDeclaration } from './literatureNote';
import type { PaperEntry } from './paperEntries';
import type { PaperReference } from './recognize';
import { findSpanAt } from './textSpan';

export type PaperOccurrence =
  | { readonly uri: string; readonly kind: 'reference'; readonly start: number; readonly end: number; readonly key: string; readonly reference: PaperReference }
  | { readonly uri: string; readonly kind: 'declaration'; readonly start: number; readonly end: number; readonly key: string; readonly declaration: PaperDeclaration };

export interface IndexedText {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

export class WorkspaceIndex {
  private readonly documents = new Map<string, DocumentAnalysis>();
  private readonly notesByPaper = new Map<string, Set<string>>();
  /** The literature notes declaring each paper: few, and asked for on every hover, definition and link. */
  private readonly literatureNotesByPaper = new Map<string, Set<string>>();
  /** The entries describing each paper, under every key and alias of the entry, by note. */
  private readonly entriesByPaper = new Map<string, Map<string, PaperEntry[]>>();
  private readonly bibliographies = new Map<string, Bibliography>();
  /** Bibliography entries under their citation key and every identifier they give, by file. */
  private readonly bibliographyEntriesByPaper = new Map<string, Map<string, BibliographyEntry[]>>();

  private papersChanges = 0;
  private candidatesChanges = 0;

  /**
   * Changes whenever the set of papers the notes describe or cite may have changed (not when
   * prose is typed), so caches built from it (the citation search) know when to rebuild.
   */
  get papersGeneration(): number {
    return this.papersChanges;
  }

  /**
   * Changes whenever the papers the citation search offers may have changed: what notes describe
   * or declare, the identifiers they cite, the bibliographies. Not when a citation key is typed.
   */
  get candidatesGeneration(): number {
    return this.candidatesChanges;
  }

  static fromDocuments(texts: Iterable<IndexedText>): WorkspaceIndex {
    const index = new WorkspaceIndex();
    for (const { uri, version, text } of texts) index.setDocument(uri, version, text);
    return index;
  }

  get documentCount(): number {
    return this.documents.size;
  }

  uris(): string[] {
    return [...this.documents.keys()].sort();
  }

  getDocument(uri: string): DocumentAnalysis | undefined {
    return this.documents.get(uri);
  }

  setDocument(uri: string, version: number, text: string): DocumentAnalysis {
    const analysis = analyseDocument(uri, version, text);
    this.setAnalysis(analysis);
    return analysis;
  }

  setAnalysis(analysis: DocumentAnalysis): void {
    const previous = this.documents.get(analysis.uri);
    const before = topicsFingerprint(previous);
    const candidatesBefore = candidatesFingerprint(previous);
    if (this.forgetBibliography(analysis.uri)) this.changedPapers();
    this.forget(analysis.uri);
    if (before !== topicsFingerprint(analysis)) this.papersChanges++;
    if (candidatesBefore !== candidatesFingerprint(analysis)) this.candidatesChanges++;
    this.documents.set(analysis.uri, analysis);
    for (const key of paperKeysOf(analysis)) addTo(this.notesByPaper, key, analysis.uri);
    for (const declaration of analysis.literatureNote?.declarations ?? []) addTo(this.literatureNotesByPaper, declaration.key, analysis.uri);
    for (const entry of analysis.entries) {
      for (const key of new Set([entry.key, ...entry.aliases])) addNested(this.entriesByPaper, key, analysis.uri, entry);
    }
  }

  /** Indexes a bibliography file in place of what was indexed under its URI (a note or an older read). */
  setBibliography(bibliography: Bibliography): void {
    const before = bibliographyFingerprint(this.bibliographies.get(bibliography.uri));
    if (this.documents.has(bibliography.uri)) this.deleteDocument(bibliography.uri);
    this.forgetBibliography(bibliography.uri);
    if (before !== bibliographyFingerprint(bibliography)) this.changedPapers();
    this.bibliographies.set(bibliography.uri, bibliography);
    for (const entry of bibliography.entries) {
      for (const key of new Set([entry.key, ...entry.paperKeys])) addNested(this.bibliographyEntriesByPaper, key, bibliography.uri, entry);
    }
  }

  getBibliography(uri: string): Bibliography | undefined {
    return this.bibliographies.get(uri);
  }

  bibliographyUris(): string[] {
    return [...this.bibliographies.keys()].sort();
  }

  get bibliographyCount(): number {
    return this.bibliographies.size;
  }

  /** Bibliography files with at least one entry (a `references.json` that is not CSL does not count). */
  get bibliographiesWithEntries(): number {
    let count = 0;
    for (const bibliography of this.bibliographies.values()) if (bibliography.entries.length) count++;
    return count;
  }

  /** The bibliography entries naming a paper by this citation key or identifier; by file URI then position. */
  bibliographyEntriesOf(key: string): Array<{ uri: string; entry: BibliographyEntry }> {
    return listNested(this.bibliographyEntriesByPaper, key);
  }

  /** Whether a bibliography entry or a literature note defines this citation key. */
  definesCitekey(key: string): boolean {
    return this.bibliographyEntriesByPaper.has(key) || this.literatureNotesByPaper.has(key);
  }

  /** Removes every note and bibliography under a folder URI (a deleted or excluded folder); returns their URIs. */
  deleteFolder(folderUri: string): string[] {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    const removed = [...this.documents.keys(), ...this.bibliographies.keys()].filter((uri) => uri.startsWith(prefix));
    for (const uri of removed) {
      this.forget(uri);
      this.forgetBibliography(uri);
    }
    if (removed.length) this.changedPapers();
    return removed.sort();
  }

  /** The reference or declaration under `offset` in a note. */
  occurrenceAt(uri: string, offset: number): PaperOccurrence | undefined {
    const analysis = this.documents.get(uri);
    if (!analysis) return undefined;
    const reference = findSpanAt(analysis.references, offset);
    if (reference) return { uri, kind: 'reference', start: reference.start, end: reference.end, key: reference.key, reference };
    const declaration = findSpanAt(analysis.literatureNote?.declarations ?? [], offset);
    if (declaration) return { uri, kind: 'declaration', start: declaration.start, end: declaration.end, key: declaration.key, declaration };
    return undefined;
  }

  /** Every paper key the workspace mentions, declares, describes or lists in a bibliography, sorted. */
  paperKeys(): string[] {
    return [...new Set([...this.notesByPaper.keys(), ...this.entriesByPaper.keys(), ...this.bibliographyEntriesByPaper.keys()])].sort();
  }

  /** URIs of the notes that mention or declare a paper, sorted. */
  notesMentioning(key: string): string[] {
    return [...(this.notesByPaper.get(key) ?? [])].sort();
  }

  /** Every occurrence of a paper in one note, in text order. */
  occurrencesIn(uri: string, key: string): PaperOccurrence[] {
    const analysis = this.documents.get(uri);
    if (!analysis) return [];
    const found: PaperOccurrence[] = [];
    for (const declaration of analysis.literatureNote?.declarations ?? []) {
      if (declaration.key === key) found.push({ uri, kind: 'declaration', start: declaration.start, end: declaration.end, key, declaration });
    }
    for (const reference of analysis.references) {
      if (reference.key === key) found.push({ uri, kind: 'reference', start: reference.start, end: reference.end, key, reference });
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** Every occurrence of a paper across the workspace, by note URI then position. */
  occurrences(key: string): PaperOccurrence[] {
    return this.notesMentioning(key).flatMap((uri) => this.occurrencesIn(uri, key));
  }

  /** URIs of the literature notes that declare a paper, sorted. */
  literatureNotesOf(key: string): string[] {
    return [...(this.literatureNotesByPaper.get(key) ?? [])].sort();
  }

  /** The entries, across the workspace, that describe a paper under this key or alias; by note URI then line. */
  entriesOf(key: string): Array<{ uri: string; entry: PaperEntry }> {
    return listNested(this.entriesByPaper, key);
  }

  /** Every declaration of a paper, by literature note URI then position. */
  declarations(key: string): Array<PaperOccurrence & { kind: 'declaration' }> {
    return this.literatureNotesOf(key).flatMap((uri) =>
      (this.documents.get(uri)?.literatureNote?.declarations ?? [])
        .filter((declaration) => declaration.key === key)
        .map((declaration) => ({ uri, kind: 'declaration' as const, start: declaration.start, end: declaration.end, key, declaration })),
    );
  }

  /** A canonical, comparable picture of the whole index, for rebuild-equivalence tests. */
  snapshot(): unknown {
    const documents = this.uris().map((uri) => {
      const analysis = this.documents.get(uri)!;
      return {
        uri,
        version: analysis.version,
        references: analysis.references.map((r) => [r.start, r.end, r.key, r.version ?? null]),
        declarations: (analysis.literatureNote?.declarations ?? []).map((d) => [d.start, d.end, d.key]),
        entries: analysis.entries.map((e) => [e.line, e.endLine, e.key, ...e.aliases]),
      };
    });
    const papers = [...this.notesByPaper.keys()].sort().map((key) => [key, this.notesMentioning(key)]);
    const literatureNotes = [...this.literatureNotesByPaper.keys()].sort().map((key) => [key, this.literatureNotesOf(key)]);
    const described = [...this.entriesByPaper.keys()].sort().map((key) => [key, this.entriesOf(key).map(({ uri, entry }) => `${uri}#${entry.line}`)]);
    const bibliographies = this.bibliographyUris().map((uri) => {
      const bibliography = this.bibliographies.get(uri)!;
      return { uri, version: bibliography.version, entries: bibliography.entries.map((e) => [e.start, e.end, e.key, ...e.paperKeys]) };
    });
    const cited = [...this.bibliographyEntriesByPaper.keys()].sort().map((key) => [key, this.bibliographyEntriesOf(key).map(({ uri, entry }) => `${uri}#${entry.start}`)]);
    return { documents, papers, literatureNotes, described, bibliographies, cited };
  }

  /** Removes a note or a bibliography. */
  deleteDocument(uri: string): boolean {
    const deleted = this.forget(uri) || this.forgetBibliography(uri);
    if (deleted) this.changedPapers();
    return deleted;
  }

  private changedPapers(): void {
    this.papersChanges++;
    this.candidatesChanges++;
  }

  private forgetBibliography(uri: string): boolean {
    const previous = this.bibliographies.get(uri);
    if (!previous) return false;
    this.bibliographies.delete(uri);
    for (const entry of previous.entries) {
      for (const key of new Set([entry.key, ...entry.paperKeys])) removeNested(this.bibliographyEntriesByPaper, key, uri);
    }
    return true;
  }

  private forget(uri: string): boolean {
    const previous = this.documents.get(uri);
    if (!previous) return false;
    this.documents.delete(uri);
    for (const key of paperKeysOf(previous)) removeFrom(this.notesByPaper, key, uri);
    for (const declaration of previous.literatureNote?.declarations ?? []) removeFrom(this.literatureNotesByPaper, declaration.key, uri);
    for (const key of entryKeysOf(previous)) removeNested(this.entriesByPaper, key, uri);
    return true;
  }
}

/** What of a bibliography the papers depend on: its entries' keys, identities and descriptions (not their offsets). */
function bibliographyFingerprint(bibliography: Bibliography | undefined): string {
  if (!bibliography) return '';
  return JSON.stringify(bibliography.entries.map((e) => [e.key, e.paperKeys, e.title, e.authors, e.year, e.abstract]));
}

function addTo(map: Map<string, Set<string>>, key: string, uri: string): void {
  let uris = map.get(key);
  if (!uris) map.set(key, (uris = new Set()));
  uris.add(uri);
}

function removeFrom(map: Map<string, Set<string>>, key: string, uri: string): void {
  const uris = map.get(key);
  uris?.delete(uri);
  if (uris?.size === 0) map.delete(key);
}

/** Items of one key, kept per file: the shape of the entries and bibliography-entries indexes. */
type Nested<T> = Map<string, Map<string, T[]>>;

function addNested<T>(map: Nested<T>, key: string, uri: string, item: T): void {
  let files = map.get(key);
  if (!files) map.set(key, (files = new Map()));
  let items = files.get(uri);
  if (!items) files.set(uri, (items = []));
  items.push(item);
}

function removeNested<T>(map: Nested<T>, key: string, uri: string): void {
  const files = map.get(key);
  files?.delete(uri);
  if (files?.size === 0) map.delete(key);
}

/** A key's items by file URI, then in the order the file gave them. */
function listNested<T>(map: Nested<T>, key: string): Array<{ uri: string; entry: T }> {
  const files = map.get(key);
  if (!files) return [];
  return [...files.keys()].sort().flatMap((uri) => files.get(uri)!.map((entry) => ({ uri, entry })));
}
