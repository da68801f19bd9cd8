/**
 * The keys whose papers the citation search must describe again: kept where changes happen (the
 * workspace index sees each note's and bibliography's old and new contents together), so the
 * search never walks every note to learn what changed. A key is logged when what the files say
 * under it changes: an entry, a literature note's declaration, a bibliography entry, or how
 * often it is cited. Typing prose logs nothing; typing `[@smi` logs `citekey:smi` (its count).
 */
import type { Bibliography } from './bibliography';
import type { DocumentAnalysis } from './documentAnalysis';
import type { LiteratureNote } from './literatureNote';
import { sameList } from './lists';
import type { PaperEntry } from './paperEntries';

/** Past this many logged keys, the log starts afresh: a reader that fell behind rebuilds in full. */
const MAX_LOGGED = 100_000;

type Source = { readonly kind: 'note'; readonly analysis: DocumentAnalysis } | { readonly kind: 'bibliography'; readonly bibliography: Bibliography };

export class CandidateChangeLog {
  private keys: string[] = [];
  /** The position of `keys[0]`: positions only grow, so a reader's position stays meaningful. */
  private start = 0;
  /**
   * Files forgotten whose new content has not arrived yet. Replacing a file forgets it first and
   * stores it after: paired here by URI, the two are compared, so an edit logs only its difference.
   */
  private readonly forgotten = new Map<string, Source>();

  /** The position after the last change logged: pass it to `since` later. */
  get position(): number {
    this.settle();
    return this.start + this.keys.length;
  }

  /** Keys changed after `position` (with repeats), or undefined when the log no longer reaches back so far. */
  since(position: number): string[] | undefined {
    this.settle();
    if (position < this.start) return undefined;
    return this.keys.slice(position - this.start);
  }

  /** A key whose description changed for a reason not tied to one file's contents (a title that began or ceased to name a paper alone). */
  add(key: string): void {
    this.keys.push(key);
    if (this.keys.length > MAX_LOGGED) {
      this.start += this.keys.length;
      this.keys = [];
    }
  }

  /** A file deleted outright: what it said is logged now, and it is not kept waiting for a new version. */
  deleted(uri: string): void {
    this.settleFile(uri);
  }

  /** Files forgotten and not stored again yet (between the two halves of an edit). */
  get unsettled(): number {
    return this.forgotten.size;
  }

  forgotNote(analysis: DocumentAnalysis): void {
    this.settleFile(analysis.uri);
    this.forgotten.set(analysis.uri, { kind: 'note', analysis });
  }

  forgotBibliography(bibliography: Bibliography): void {
    this.settleFile(bibliography.uri);
    this.forgotten.set(bibliography.uri, { kind: 'bibliography', bibliography });
  }

  storedNote(analysis: DocumentAnalysis): void {
    const before = this.takeForgotten(analysis.uri, 'note');
    const previous = before?.kind === 'note' ? before.analysis : undefined;
    if (!previous) {
      for (const key of noteKeys(analysis)) this.add(key);
      return;
    }
    // An edit changes a run of entries, seldom more: those between the unchanged ones at the
    // start and at the end are what changed, and only their keys are logged. A key with no
    // entry in that run has the same entries, in the same order, as before.
    const old = previous.entries;
    const now = analysis.entries;
    let start = 0;
    while (start < old.length && start < now.length && sameEntry(old[start], now[start])) start++;
    let oldEnd = old.length;
    let nowEnd = now.length;
    while (oldEnd > start && nowEnd > start && sameEntry(old[oldEnd - 1], now[nowEnd - 1])) {
      oldEnd--;
      nowEnd--;
    }
    for (let i = start; i < oldEnd; i++) this.addEntryKeys(old[i]);
    for (let i = start; i < nowEnd; i++) this.addEntryKeys(now[i]);
    if (!sameLiteratureNote(previous.literatureNote, analysis.literatureNote)) {
      for (const note of [previous.literatureNote, analysis.literatureNote]) for (const declaration of note?.declarations ?? []) this.add(declaration.key);
    }
    this.logDifferences(referenceCounts(previous), referenceCounts(analysis));
  }

  private addEntryKeys(entry: PaperEntry): void {
    this.add(entry.key);
    for (const alias of entry.aliases) this.add(alias);
  }

  /** Logs what a bibliography says differently from its previous read; returns whether it says anything differently. */
  storedBibliography(bibliography: Bibliography): boolean {
    const before = this.takeForgotten(bibliography.uri, 'bibliography');
    const previous = before?.kind === 'bibliography' ? before.bibliography : undefined;
    if (!previous) {
      // A first read changes every key it names; what it says under each (its entries as text,
      // 100k abstracts for a large export) is only for comparing two reads.
      const keys = bibliographyKeys(bibliography);
      keys.forEach((key) => this.add(key));
      return keys.size > 0;
    }
    return this.logDifferences(bibliographyContributions(previous), bibliographyContributions(bibliography));
  }

  /** A forgotten file of the same kind as the one stored; one of another kind was deleted, and is logged as such. */
  private takeForgotten(uri: string, kind: Source['kind']): Source | undefined {
    const source = this.forgotten.get(uri);
    if (source?.kind === kind) {
      this.forgotten.delete(uri);
      return source;
    }
    this.settleFile(uri);
    return undefined;
  }

  /** Files forgotten and not stored again were deleted: everything they said changed. */
  private settle(): void {
    for (const uri of [...this.forgotten.keys()]) this.settleFile(uri);
  }

  private settleFile(uri: string): void {
    const source = this.forgotten.get(uri);
    if (!source) return;
    this.forgotten.delete(uri);
    for (const key of source.kind === 'note' ? noteKeys(source.analysis) : bibliographyKeys(source.bibliography)) this.add(key);
  }

  /** Logs the keys whose values differ; returns whether any does. */
  private logDifferences(before: ReadonlyMap<string, unknown>, after: ReadonlyMap<string, unknown>): boolean {
    const position = this.start + this.keys.length;
    for (const [key, value] of before) if (after.get(key) !== value) this.add(key);
    for (const key of after.keys()) if (!before.has(key)) this.add(key);
    return this.start + this.keys.length !== position;
  }
}

/** How many references to each key a note holds. */
function referenceCounts(analysis: DocumentAnalysis): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reference of analysis.references) counts.set(reference.key, (counts.get(reference.key) ?? 0) + 1);
  return counts;
}

/** Every key a note says anything under: its entries', its declarations', the ones it cites. */
function noteKeys(analysis: DocumentAnalysis): Set<string> {
  const keys = new Set<string>();
  for (const entry of analysis.entries) {
    keys.add(entry.key);
    for (const alias of entry.aliases) keys.add(alias);
  }
  for (const declaration of analysis.literatureNote?.declarations ?? []) keys.add(declaration.key);
  for (const reference of analysis.references) keys.add(reference.key);
  return keys;
}

/** Whether two entries say the same about their paper (what describing it reads; not where they are). */
function sameEntry(a: PaperEntry, b: PaperEntry): boolean {
  return a.key === b.key && a.title === b.title && a.year === b.year && a.summary === b.summary && a.mentionedBy === b.mentionedBy
    && a.shape === b.shape && sameList(a.aliases, b.aliases) && sameList(a.authors, b.authors);
}

function sameLiteratureNote(a: LiteratureNote | undefined, b: LiteratureNote | undefined): boolean {
  if (!a || !b) return a === b || (a ?? b)!.declarations.length === 0;
  return a.title === b.title && a.year === b.year && sameList(a.authors, b.authors)
    && sameList(a.declarations.map((d) => d.key), b.declarations.map((d) => d.key));
}

/** Every key a bibliography says anything under: its entries' citation keys and identifiers. */
function bibliographyKeys(bibliography: Bibliography): Set<string> {
  const keys = new Set<string>();
  for (const entry of bibliography.entries) {
    keys.add(entry.key);
    for (const key of entry.paperKeys) keys.add(key);
  }
  return keys;
}

/** What a bibliography says under each of its keys, as text to compare two reads by. */
function bibliographyContributions(bibliography: Bibliography): Map<string, string> {
  const said = new Map<string, string>();
  for (const entry of bibliography.entries) {
    const text = JSON.stringify([entry.citekey, entry.key, entry.paperKeys, entry.title, entry.authors, entry.year, entry.abstract]);
    for (const key of new Set([entry.key, ...entry.paperKeys])) said.set(key, `${said.get(key) ?? ''}b${text}`);
  }
  return said;
}
