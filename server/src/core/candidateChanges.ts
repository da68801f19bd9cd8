/**
 * The keys whose papers the citation search must describe again: kept where changes happen (the
 * workspace index sees each note's and bibliography's old and new contents together), so the
 * search never walks every note to learn what changed. A key is logged when what the files say
 * under it changes: an entry, a literature note's declaration, a bibliography entry, or how
 * often it is cited. Typing prose logs nothing; typing `[@smi` logs `citekey:smi` (its count).
 */
import type { Bibliography } from './bibliography';
import { type DocumentAnalysis, candidatesFingerprint } from './documentAnalysis';

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
    if (previous && candidatesFingerprint(previous) === candidatesFingerprint(analysis)) {
      // Entries, declarations and cited identifiers are as they were: only counts can differ.
      this.logDifferences(referenceCounts(previous), referenceCounts(analysis));
    } else {
      this.logDifferences(previous ? noteContributions(previous) : new Map(), noteContributions(analysis));
    }
  }

  storedBibliography(bibliography: Bibliography): void {
    const before = this.takeForgotten(bibliography.uri, 'bibliography');
    const previous = before?.kind === 'bibliography' ? before.bibliography : undefined;
    this.logDifferences(previous ? bibliographyContributions(previous) : new Map(), bibliographyContributions(bibliography));
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
    for (const key of (source.kind === 'note' ? noteContributions(source.analysis) : bibliographyContributions(source.bibliography)).keys()) this.add(key);
  }

  private logDifferences(before: ReadonlyMap<string, unknown>, after: ReadonlyMap<string, unknown>): void {
    for (const [key, value] of before) if (after.get(key) !== value) this.add(key);
    for (const key of after.keys()) if (!before.has(key)) this.add(key);
  }
}

/** How many references to each key a note holds. */
function referenceCounts(analysis: DocumentAnalysis): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reference of analysis.references) counts.set(reference.key, (counts.get(reference.key) ?? 0) + 1);
  return counts;
}

/**
 * Everything a note says under each key that describing a paper reads, as one comparable string
 * per key: the entries indexed under it (in order: the first one's title and summary are used),
 * the literature note declaring it, and its reference count.
 */
function noteContributions(analysis: DocumentAnalysis): Map<string, string> {
  const said = new Map<string, string>();
  const append = (key: string, text: string) => said.set(key, (said.get(key) ?? '') + text);
  for (const entry of analysis.entries) {
    const text = JSON.stringify([entry.key, entry.aliases, entry.title, entry.authors, entry.year, entry.summary, entry.mentionedBy, entry.shape]);
    for (const key of new Set([entry.key, ...entry.aliases])) append(key, `e${text}`);
  }
  const note = analysis.literatureNote;
  if (note?.declarations.length) {
    const text = JSON.stringify([note.title, note.authors, note.year, note.declarations.map((d) => d.key)]);
    for (const declaration of note.declarations) append(declaration.key, `d${text}`);
  }
  for (const [key, count] of referenceCounts(analysis)) append(key, `r${count}`);
  return said;
}

/** Everything a bibliography says under each key (its entries' citation keys and identifiers). */
function bibliographyContributions(bibliography: Bibliography): Map<string, string> {
  const said = new Map<string, string>();
  for (const entry of bibliography.entries) {
    const text = JSON.stringify([entry.citekey, entry.key, entry.paperKeys, entry.title, entry.authors, entry.year, entry.abstract]);
    for (const key of new Set([entry.key, ...entry.paperKeys])) said.set(key, `${said.get(key) ?? ''}b${text}`);
  }
  return said;
}
