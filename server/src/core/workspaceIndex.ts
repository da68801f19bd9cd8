/**
 * The workspace index: one analysis per note, keyed by URI, and a reverse index from each
 * paper key to the notes that mention or declare it; beside them the bibliography files
 * (`.bib`, CSL-JSON), indexed by citation key and by the identifiers their entries give.
 * Changes arrive one file at a time (`setDocument` / `setBibliography` / `deleteDocument`) and
 * touch only that file's entries; `snapshot()` lets tests prove the result always equals a
 * rebuild from scratch.
 */
import type { Bibliography, BibliographyEntry } from './bibliography';
import { CandidateChangeLog } from './candidateChanges';
import { DocumentAnalysis, analyseDocument, entryKeysOf, referenceCountsOf, topicsFingerprint } from './documentAnalysis';
import { sameList } from './lists';
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
  /**
   * The notes that mention or declare each paper, with how many references to it each holds, so
   * a hover's "cited N times in M notes" is a count, not a walk over every reference.
   */
  private readonly notesByPaper = new Map<string, Map<string, number>>();
  /** References to each paper across the workspace. */
  private readonly referenceTotals = new Map<string, number>();
  /** The literature notes declaring each paper: few, and asked for on every hover, definition and link. */
  private readonly literatureNotesByPaper = new Map<string, Set<string>>();
  /** The entries describing each paper, under every key and alias of the entry, by note. */
  private readonly entriesByPaper = new KeyedByFile<PaperEntry>();
  /** Each note's entries as indexed, in note order: what an edit that keeps their identities updates in place. */
  private readonly locatedEntries = new Map<string, Array<MutableLocated<PaperEntry>>>();
  /** Title keys that entries name a paper by, with no identifier beside: how many entries do. */
  private readonly titleOnlyEntries = new Map<string, number>();
  private readonly bibliographies = new Map<string, Bibliography>();
  /** Bibliography entries under their citation key and every identifier they give, by file. */
  private readonly bibliographyEntriesByPaper = new KeyedByFile<BibliographyEntry>();

  /** Bumped by every change; `keyStamps` holds the last one that touched what is indexed under each key. */
  private stamp = 0;
  private readonly keyStamps = new Map<string, number>();

  private papersChanges = 0;

  /**
   * Changes whenever the set of papers the notes describe or cite may have changed (not when
   * prose is typed), so the Topics view knows when to refresh.
   */
  get papersGeneration(): number {
    return this.papersChanges;
  }

  /** The current change stamp: pass it to `changedSince` later to learn whether keys were touched meanwhile. */
  get changeStamp(): number {
    return this.stamp;
  }

  /**
   * Whether the entries, literature notes or bibliography entries under any of these keys changed
   * after `stamp` (references are not tracked: caches of them count them afresh). What describes a
   * paper is cached on this, so typing in a note that does not describe it keeps the cache.
   */
  changedSince(keys: Iterable<string>, stamp: number): boolean {
    for (const key of keys) if ((this.keyStamps.get(key) ?? 0) > stamp) return true;
    return false;
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
    this.stamp++;
    const before = topicsFingerprint(previous);
    if (this.forgetBibliography(analysis.uri)) this.changedPapers();
    // Most edits leave a note's entries naming the same papers the same way (prose typed, lines
    // moved): the entries are swapped in where they are indexed and no key counts as changed, so
    // what is known about a popular paper is not gathered again after every keystroke.
    const located = previous && sameEntryIdentities(previous.entries, analysis.entries) ? this.locatedEntries.get(analysis.uri) : undefined;
    this.forget(analysis.uri, located !== undefined);
    // A note new to the index always changes the tree; its fingerprint is made when it is replaced.
    if (!previous || before !== topicsFingerprint(analysis)) this.papersChanges++;
    this.documents.set(analysis.uri, analysis);
    this.candidateChanges.storedNote(analysis);
    for (const [key, count] of referenceCountsOf(analysis)) {
      addCount(this.notesByPaper, key, analysis.uri, count);
      if (count) adjustCount(this.referenceTotals, key, count);
    }
    for (const declaration of analysis.literatureNote?.declarations ?? []) {
      if (!this.literatureNotesByPaper.has(declaration.key)) this.touchTitle(declaration.key);
      addTo(this.literatureNotesByPaper, declaration.key, analysis.uri);
      this.touch(declaration.key);
    }
    if (located) {
      analysis.entries.forEach((entry, i) => (located[i].entry = entry));
      return;
    }
    const indexed: Array<MutableLocated<PaperEntry>> = [];
    for (const entry of analysis.entries) {
      const item = { uri: analysis.uri, entry };
      indexed.push(item);
      for (const key of new Set([entry.key, ...entry.aliases])) {
        this.entriesByPaper.add(key, item);
        this.touch(key);
      }
      if (entry.paper.scheme === 'title' && adjustCount(this.titleOnlyEntries, entry.key, 1) === 1) this.touchTitle(entry.key);
    }
    if (indexed.length) this.locatedEntries.set(analysis.uri, indexed);
  }

  private touch(key: string): void {
    this.keyStamps.set(key, this.stamp);
  }

  /**
   * A title key began or ceased to name a paper alone: the papers whose entries carry it as an
   * alias now gain or lose what is named by it, so everything under their entries' keys is
   * touched, and logged for the citation search.
   */
  private touchTitle(key: string): void {
    if (!key.startsWith('title:')) return;
    const changed = (known: string) => {
      this.touch(known);
      this.candidateChanges.add(known);
    };
    changed(key);
    this.entriesByPaper.forEach(key, (entry) => {
      changed(entry.key);
      entry.aliases.forEach(changed);
    });
  }

  /** Indexes a bibliography file in place of what was indexed under its URI (a note or an older read). */
  setBibliography(bibliography: Bibliography): void {
    this.stamp++;
    if (this.documents.has(bibliography.uri)) this.deleteDocument(bibliography.uri);
    this.forgetBibliography(bibliography.uri);
    this.bibliographies.set(bibliography.uri, bibliography);
    // What the change log compares (entries' keys, identities and descriptions, not offsets) is
    // what the papers depend on.
    if (this.candidateChanges.storedBibliography(bibliography)) this.changedPapers();
    for (const entry of bibliography.entries) {
      const located = { uri: bibliography.uri, entry };
      for (const key of new Set([entry.key, ...entry.paperKeys])) {
        this.bibliographyEntriesByPaper.add(key, located);
        this.touch(key);
      }
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
  bibliographyEntriesOf(key: string): ReadonlyArray<Located<BibliographyEntry>> {
    return this.bibliographyEntriesByPaper.list(key);
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
      this.candidateChanges.deleted(uri);
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
    return [...(this.notesByPaper.get(key)?.keys() ?? [])].sort();
  }

  /**
   * How often the workspace cites a paper known by these keys, and in how many notes. Costs the
   * number of keys for a paper known by one key, not the number of its references.
   */
  citationCount(keys: Iterable<string>): { references: number; notes: number } {
    let references = 0;
    const cited: Array<Map<string, number>> = [];
    for (const key of new Set(keys)) {
      const total = this.referenceTotals.get(key);
      if (!total) continue;
      references += total;
      cited.push(this.notesByPaper.get(key)!);
    }
    if (cited.length <= 1) return { references, notes: cited[0] ? countCiting(cited[0]) : 0 };
    const notes = new Set<string>();
    for (const byNote of cited) for (const [uri, count] of byNote) if (count) notes.add(uri);
    return { references, notes: notes.size };
  }

  /** The first reference to a paper (by note URI, then position) that satisfies `accept`; stops there. */
  firstReference(keys: Iterable<string>, accept: (reference: PaperReference) => boolean = () => true): (PaperOccurrence & { kind: 'reference' }) | undefined {
    const citing = new Set<string>();
    const keySet = new Set(keys);
    for (const key of keySet) for (const [uri, count] of this.notesByPaper.get(key) ?? []) if (count) citing.add(uri);
    for (const uri of [...citing].sort()) {
      for (const reference of this.documents.get(uri)?.references ?? []) {
        if (keySet.has(reference.key) && accept(reference)) return { uri, kind: 'reference', start: reference.start, end: reference.end, key: reference.key, reference };
      }
    }
    return undefined;
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
  entriesOf(key: string): ReadonlyArray<Located<PaperEntry>> {
    return this.entriesByPaper.list(key);
  }

  /** Whether an entry or a literature note names a paper by this title key with no identifier beside it. */
  namedByTitleAlone(key: string): boolean {
    return this.titleOnlyEntries.has(key) || this.literatureNotesByPaper.has(key);
  }

  /** The entries under this key or alias, in no particular order: for joining keys, where order does not matter and sorting would cost. */
  forEachEntryOf(key: string, visit: (entry: PaperEntry) => void): void {
    this.entriesByPaper.forEach(key, visit);
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
    const papers = [...this.notesByPaper.keys()].sort().map((key) => [key, this.notesMentioning(key).map((uri) => `${uri}×${this.notesByPaper.get(key)!.get(uri)}`), this.referenceTotals.get(key) ?? 0]);
    const literatureNotes = [...this.literatureNotesByPaper.keys()].sort().map((key) => [key, this.literatureNotesOf(key)]);
    const described = [...this.entriesByPaper.keys()].sort().map((key) => [key, this.entriesOf(key).map(({ uri, entry }) => `${uri}#${entry.line}`), this.titleOnlyEntries.get(key) ?? 0]);
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
    this.candidateChanges.deleted(uri);
    if (deleted) this.changedPapers();
    return deleted;
  }

  private changedPapers(): void {
    this.papersChanges++;
  }

  private forgetBibliography(uri: string): boolean {
    const previous = this.bibliographies.get(uri);
    if (!previous) return false;
    this.candidateChanges.forgotBibliography(previous);
    this.bibliographies.delete(uri);
    this.stamp++;
    for (const entry of previous.entries) {
      for (const key of new Set([entry.key, ...entry.paperKeys])) {
        this.bibliographyEntriesByPaper.remove(key, uri);
        this.touch(key);
      }
    }
    return true;
  }

  /** `keepEntries`: the note's entries stay indexed, to be swapped for new ones naming the same papers. */
  private forget(uri: string, keepEntries = false): boolean {
    const previous = this.documents.get(uri);
    if (!previous) return false;
    this.candidateChanges.forgotNote(previous);
    this.documents.delete(uri);
    this.stamp++;
    for (const [key, count] of referenceCountsOf(previous)) {
      removeCount(this.notesByPaper, key, uri);
      if (count) adjustCount(this.referenceTotals, key, -count);
    }
    for (const declaration of previous.literatureNote?.declarations ?? []) {
      removeFrom(this.literatureNotesByPaper, declaration.key, uri);
      this.touch(declaration.key);
      if (!this.literatureNotesByPaper.has(declaration.key)) this.touchTitle(declaration.key);
    }
    if (keepEntries) return true;
    this.locatedEntries.delete(uri);
    for (const key of entryKeysOf(previous)) {
      this.entriesByPaper.remove(key, uri);
      this.touch(key);
    }
    for (const entry of previous.entries) {
      if (entry.paper.scheme === 'title' && adjustCount(this.titleOnlyEntries, entry.key, -1) === 0) this.touchTitle(entry.key);
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Which keys changed, for the citation search's overlay (see candidateChanges.ts)

  /** The keys under which what the files say about papers changed, in order, with positions to read from. */
  readonly candidateChanges = new CandidateChangeLog();
}

function addTo(map: Map<string, Set<string>>, key: string, uri: string): void {
  let uris = map.get(key);
  if (!uris) map.set(key, (uris = new Set()));
  uris.add(uri);
}

function addCount(map: Map<string, Map<string, number>>, key: string, uri: string, count: number): void {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = new Map()));
  counts.set(uri, count);
}

function removeCount(map: Map<string, Map<string, number>>, key: string, uri: string): void {
  const counts = map.get(key);
  counts?.delete(uri);
  if (counts?.size === 0) map.delete(key);
}

/** Adds `delta` to a key's count, forgetting the key at zero; returns the new count. */
function adjustCount(counts: Map<string, number>, key: string, delta: number): number {
  const count = (counts.get(key) ?? 0) + delta;
  if (count > 0) counts.set(key, count);
  else counts.delete(key);
  return count;
}

/** Notes that cite (not only declare) a paper. */
function countCiting(byNote: ReadonlyMap<string, number>): number {
  let notes = 0;
  for (const count of byNote.values()) if (count) notes++;
  return notes;
}

function removeFrom(map: Map<string, Set<string>>, key: string, uri: string): void {
  const uris = map.get(key);
  uris?.delete(uri);
  if (uris?.size === 0) map.delete(key);
}
/** An item and the file it is in; made once per item, shared by every key the item is indexed under. */
export interface Located<T> {
  readonly uri: string;
  readonly entry: T;
}

/** The index's own wrapper: its entry is replaced in place when an edit keeps the entries' identities. */
interface MutableLocated<T> {
  readonly uri: string;
  entry: T;
}

/**
 * Whether two analyses of a note have entries naming the same papers in the same order, under
 * the same keys, shapes and nesting: all the index and what is gathered about a paper depend on.
 */
function sameEntryIdentities(before: readonly PaperEntry[], after: readonly PaperEntry[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a.key !== b.key || a.shape !== b.shape || a.mentionedBy !== b.mentionedBy || !sameList(a.aliases, b.aliases)) return false;
  }
  return true;
}

/** Shorter sorted lists are cheap to rebuild; keeping every key's would cost memory for nothing. */
const KEEP_SORTED_FROM = 64;

/**
 * Items under each key, kept per file: the shape of the entries and bibliography-entries indexes.
 * A key's list, by file URI then in the order the file gave them, is built when first asked for
 * and kept until that key changes: a popular paper's thousands of entries are sorted once per
 * edit that touches them, not on every hover.
 */
class KeyedByFile<T> {
  /**
   * Most keys are named in one file only (a bibliography's 100k entries, most papers' notes):
   * those hold that file's items directly, and a map by file only once a second file names them.
   */
  private readonly byKey = new Map<string, Array<Located<T>> | Map<string, Array<Located<T>>>>();
  private readonly sorted = new Map<string, ReadonlyArray<Located<T>>>();

  add(key: string, located: Located<T>): void {
    const held = this.byKey.get(key);
    if (!held) this.byKey.set(key, [located]);
    else if (!Array.isArray(held)) {
      const items = held.get(located.uri);
      if (items) items.push(located);
      else held.set(located.uri, [located]);
    } else if (held[0].uri === located.uri) held.push(located);
    else this.byKey.set(key, new Map([[held[0].uri, held], [located.uri, [located]]]));
    this.sorted.delete(key);
  }

  remove(key: string, uri: string): void {
    const held = this.byKey.get(key);
    if (!held) return;
    if (Array.isArray(held)) {
      if (held[0].uri !== uri) return;
      this.byKey.delete(key);
    } else {
      if (!held.delete(uri)) return;
      if (held.size === 1) this.byKey.set(key, held.values().next().value!);
    }
    this.sorted.delete(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  forEach(key: string, visit: (item: T) => void): void {
    const held = this.byKey.get(key);
    if (!held) return;
    if (Array.isArray(held)) for (const { entry } of held) visit(entry);
    else for (const items of held.values()) for (const { entry } of items) visit(entry);
  }

  /** Shared, not copied: callers only read it. */
  list(key: string): ReadonlyArray<Located<T>> {
    const kept = this.sorted.get(key);
    if (kept) return kept;
    const held = this.byKey.get(key);
    if (!held) return [];
    // One file's items are in the file's order already; the array is the index's own, so a copy.
    if (Array.isArray(held)) return held.slice();
    const list: Array<Located<T>> = [];
    for (const uri of [...held.keys()].sort()) for (const located of held.get(uri)!) list.push(located);
    if (list.length >= KEEP_SORTED_FROM) this.sorted.set(key, list);
    return list;
  }
}
