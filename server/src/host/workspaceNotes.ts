/**
 * Keeps the index in step with the world: notes and bibliography files on disk in the workspace
 * folders, and open editors, whose text always takes precedence over the file on disk. Edits are
 * coalesced and applied before the next request is answered, so a burst of keystrokes
 * re-analyses a note once. A bibliography rewritten by a reference manager arrives as a watched
 * change (or a delete and a create) and is read again.
 */
import { type Bibliography, type BibliographyFormat, bibliographyFormatOf, parseBibliography } from '../core/bibliography';
import { type DocumentAnalysis, analyseDocument } from '../core/documentAnalysis';
import type { WorkspaceIndex } from '../core/workspaceIndex';
import type { IndexSummary } from '../protocol';
import { type BibliographyFileRead, BibliographyReader } from './bibliographyReader';
import type { SkippedRead } from './fileReading';
import type { Logger } from './logger';
import { NoteAnalyser, type NoteFileAnalysis } from './noteAnalyser';
import { NoteFilter, isFolder, listIndexedFiles, pathToUri, uriToPath } from './noteFiles';
import type { PaperNotesSettings } from './settings';

export type FileChange = 'created' | 'changed' | 'deleted';

/** The first index's passes: every note's references, then the entries of the notes read so. */
export type IndexPass = 'references' | 'entries';

/** Notes read from disk carry this version; editors' versions come from the client. */
const DISK_VERSION = -1;
const READ_CONCURRENCY = 8;
const EDIT_SETTLE_MS = 30;

export class WorkspaceNotes {
  private filters: NoteFilter[] = [];
  private readonly openEditors = new Map<string, { version: number; text: string }>();
  private readonly pendingEdits = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Latest disk read started per URI: an older read that finishes later must not win. */
  private readonly readTickets = new Map<string, number>();
  private nextTicket = 0;
  private readonly bibliographyReader: BibliographyReader;
  private readonly noteAnalyser: NoteAnalyser;
  /** Bibliography files new to the index being read and parsed (one read again keeps its old keys meanwhile). */
  private newBibliographiesBeingRead = 0;
  /** Full indexes with bibliography files new to the index not all read yet. */
  private unknownBibliographiesToRead = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly logger: Logger,
    private settings: PaperNotesSettings,
    private folderUris: readonly string[] = [],
    /** Told after the index changed in a way the Topics view shows (not on every keystroke). */
    private readonly onDidChange: (uri: string) => void = () => undefined,
    /** Told when a bibliography file was read again or left the index (its diagnostics change). */
    private readonly onBibliographyChange: (uri: string) => void = () => undefined,
    bibliographyReader?: BibliographyReader,
    /** Analyses notes read from disk, on worker threads; editors' text is analysed in place. */
    noteAnalyser?: NoteAnalyser,
  ) {
    this.bibliographyReader = bibliographyReader ?? new BibliographyReader(logger);
    this.noteAnalyser = noteAnalyser ?? new NoteAnalyser(logger);
    this.filters = this.makeFilters();
  }

  get folders(): readonly string[] {
    return this.folderUris;
  }

  /** Whether a bibliography new to the index is being read, or a full index has such bibliographies left to read (their keys are not known yet). */
  get readingBibliographies(): boolean {
    return this.newBibliographiesBeingRead > 0 || this.unknownBibliographiesToRead > 0;
  }

  get currentSettings(): PaperNotesSettings {
    return this.settings;
  }

  /** Replaces the settings; returns true when the set of notes may have changed and a re-index is due. */
  updateSettings(settings: PaperNotesSettings): boolean {
    const filesOf = (s: PaperNotesSettings) => JSON.stringify([s.include, s.exclude, s.maxFileSize, s.bibliographyInclude, s.bibliographyMaxFileSize]);
    const changed = filesOf(settings) !== filesOf(this.settings);
    this.settings = settings;
    if (changed) {
      this.filters = this.makeFilters();
      // Reads in flight were started under the old rules; their answers no longer count.
      this.readTickets.clear();
    }
    return changed;
  }

  /** Replaces the workspace folders; notes no longer inside any folder leave the index (unless open). */
  setFolders(folderUris: readonly string[]): void {
    this.folderUris = [...folderUris];
    this.filters = this.makeFilters();
    this.readTickets.clear();
    this.dropNotesThatAreNoLongerNotes();
  }

  /**
   * Reads every note of every folder from disk into the index. Open editors keep their text.
   * Notes new to the index are read in two passes: first their references (`analyseReferences`,
   * several times faster), so references, definitions and links answer for the whole workspace
   * early; then their entries (the full analysis, the file read again). Notes already indexed are
   * analysed in full at once, so a re-index never hides what hovers show.
   */
  async indexAll(onProgress: (done: number, total: number, pass: IndexPass) => void, isCancelled: () => boolean = () => false, onReferencesRead: () => void = () => undefined): Promise<IndexSummary> {
    const started = Date.now();
    this.dropNotesThatAreNoLongerNotes();
    const files: string[] = [];
    for (const filter of this.filters) files.push(...(await listIndexedFiles(filter, this.tellUnlistable)));
    // Indexed files the listing did not see were deleted unseen, or created after their folder
    // was listed: reading them again settles which (a missing file leaves the index).
    const listed = new Set(files.map(pathToUri));
    for (const uri of this.indexedUris()) {
      const filePath = uriToPath(uri);
      if (!listed.has(uri) && !this.openEditors.has(uri) && filePath) files.push(filePath);
    }
    // Bibliographies are read beside the second pass: a reference manager's large export takes
    // seconds of a core on its worker; the notes' references come first, and their entries do not
    // wait for it. A bibliography the index does not hold yet has keys no one knows until then
    // (readingBibliographies); one read again keeps its old keys meanwhile.
    const noteFiles: string[] = [];
    const bibliographyFiles: string[] = [];
    for (const file of files) (this.isBibliographyPath(file) ? bibliographyFiles : noteFiles).push(file);
    const unknownBibliographies = bibliographyFiles.some((file) => !this.index.getBibliography(pathToUri(file)));
    if (unknownBibliographies) this.unknownBibliographiesToRead++;
    try {
      const first = await this.readAll(noteFiles, true, (done, total) => onProgress(done, total, 'references'), isCancelled);
      this.flush();
      const referencesMs = Date.now() - started;
      const bibliographies = this.readAll(bibliographyFiles, false, () => undefined, isCancelled);
      if (!isCancelled()) onReferencesRead();
      // Whatever is still waiting for its entries: not opened, changed or deleted meanwhile.
      const pending = [...this.index.uris()].filter((uri) => this.index.getDocument(uri)?.entriesPending && !this.openEditors.has(uri));
      const second = await this.readAll(
        pending.flatMap((uri) => uriToPath(uri) ?? []),
        false,
        (done, total) => onProgress(done, total, 'entries'),
        isCancelled,
      );
      const third = await bibliographies;
      this.flush();
      return { ...this.counts(), skipped: first.skipped + second.skipped + third.skipped, durationMs: Date.now() - started, referencesMs };
    } finally {
      if (unknownBibliographies) this.unknownBibliographiesToRead--;
    }
  }

  /** Reads files into the index, a few at a time; `referencesFirst` as for readIntoIndex. */
  private async readAll(files: readonly string[], referencesFirst: boolean, onProgress: (done: number, total: number) => void, isCancelled: () => boolean): Promise<{ skipped: number }> {
    let done = 0;
    let skipped = 0;
    let next = 0;
    const worker = async () => {
      while (next < files.length && !isCancelled()) {
        const file = files[next++];
        if ((await this.readIntoIndex(pathToUri(file), file, referencesFirst)) === 'skipped') skipped++;
        onProgress(++done, files.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
    return { skipped };
  }

  counts(): { documents: number; references: number; papers: number; bibliographies: number; bibliographyEntries: number } {
    let references = 0;
    const papers = new Set<string>();
    for (const uri of this.index.uris()) {
      for (const reference of this.index.getDocument(uri)?.references ?? []) {
        references++;
        papers.add(reference.key);
      }
    }
    const bibliographyUris = this.index.bibliographyUris();
    const bibliographyEntries = bibliographyUris.reduce((sum, uri) => sum + (this.index.getBibliography(uri)?.entries.length ?? 0), 0);
    return { documents: this.index.documentCount, references, papers: papers.size, bibliographies: bibliographyUris.length, bibliographyEntries };
  }

  /** An editor opened or changed a note: its text now wins over the disk. */
  setEditorText(uri: string, version: number, text: string): void {
    this.openEditors.set(uri, { version, text });
    this.readTickets.delete(uri);
    this.pendingEdits.add(uri);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), EDIT_SETTLE_MS);
  }

  /** A closed editor falls back to the file on disk, or leaves the index if it is not a note. */
  async closeEditor(uri: string): Promise<void> {
    this.openEditors.delete(uri);
    this.pendingEdits.delete(uri);
    const filePath = uriToPath(uri);
    if (filePath && this.isIndexedPath(filePath)) await this.readIntoIndex(uri, filePath);
    else this.forget(uri);
  }

  /** Applies coalesced editor changes now; every request calls this first so answers are never stale. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const uris = [...this.pendingEdits];
    this.pendingEdits.clear();
    for (const uri of uris) {
      const editor = this.openEditors.get(uri);
      if (editor) this.setDocument(uri, editor.version, editor.text);
    }
  }

  /** A watched file was created, changed or deleted on disk (a deleted folder arrives as one event). */
  async fileChanged(uri: string, change: FileChange): Promise<void> {
    if (this.openEditors.has(uri)) return;
    const filePath = uriToPath(uri);
    if (!filePath) return;
    if (change === 'deleted') {
      this.readTickets.delete(uri);
      this.forget(uri);
      const prefix = uri.endsWith('/') ? uri : `${uri}/`;
      const bibliographiesUnder = this.index.bibliographyUris().filter((known) => known.startsWith(prefix));
      const removedUnder = this.index.deleteFolder(uri);
      for (const removed of removedUnder) this.onDidChange(removed);
      for (const removed of bibliographiesUnder) this.onBibliographyChange(removed);
      for (const removed of removedUnder) {
        // An open editor under a deleted folder still shows its text: keep it indexed.
        const editor = this.openEditors.get(removed);
        if (editor) this.setDocument(removed, editor.version, editor.text);
      }
      return;
    }
    const inWorkspace = this.filters.filter((filter) => filter.relative(filePath) !== undefined && !filter.isExcludedFolder(filePath));
    if (inWorkspace.length === 0) return;
    if (change === 'created' && (await isFolder(filePath))) {
      // A folder moved or copied in arrives as one event: read the notes inside it, and settle
      // notes indexed under the same path before (a folder replaced by another).
      const listed = new Set<string>();
      for (const filter of inWorkspace) {
        for (const note of await listIndexedFiles(filter, this.tellUnlistable, filePath)) {
          listed.add(pathToUri(note));
          await this.readIntoIndex(pathToUri(note), note);
        }
      }
      const prefix = uri.endsWith('/') ? uri : `${uri}/`;
      for (const stale of this.indexedUris()) {
        if (stale.startsWith(prefix) && !listed.has(stale) && !this.openEditors.has(stale)) this.forget(stale);
      }
    } else if (this.isIndexedPath(filePath)) {
      await this.readIntoIndex(uri, filePath);
    }
  }

  private readonly tellUnlistable = (folder: string, error: Error): void =>
    this.logger.warnOnce(`list:${folder}`, `Cannot list ${folder}: ${error.message}`);

  /**
   * Reads one note from disk into the index, unless an editor has it open. `referencesFirst`:
   * a note the index does not hold yet is analysed for its references only (see indexAll).
   */
  private async readIntoIndex(uri: string, filePath: string, referencesFirst = false): Promise<'indexed' | 'skipped' | 'gone'> {
    if (this.openEditors.has(uri)) return 'indexed';
    const ticket = ++this.nextTicket;
    this.readTickets.set(uri, ticket);
    // A bibliography path always has a format (NoteFilter.isBibliography).
    const format = this.isBibliographyPath(filePath) ? bibliographyFormatOf(filePath) : undefined;
    if (!format) return this.analyseIntoIndex(uri, filePath, ticket, referencesFirst);
    // A bibliography is read and parsed on a worker thread; the file may be read again, opened,
    // excluded or its folder removed meanwhile: then this read's answer no longer counts.
    const current = () => !this.openEditors.has(uri) && this.readTickets.get(uri) === ticket && this.isBibliographyPath(filePath);
    let answer: BibliographyFileRead | undefined;
    const isNew = !this.index.getBibliography(uri);
    if (isNew) this.newBibliographiesBeingRead++;
    try {
      answer = await this.bibliographyReader.parseFile(uri, DISK_VERSION, filePath, this.settings.bibliographyMaxFileSize, format, current);
    } catch (error) {
      if (!current()) return 'indexed';
      this.readTickets.delete(uri);
      this.forget(uri);
      this.logger.warnOnce(`bibliography:${uri}`, `Could not read the bibliography ${filePath}: ${(error as Error).stack ?? error}`);
      return 'skipped';
    } finally {
      if (isNew) this.newBibliographiesBeingRead--;
    }
    if (!answer || !this.isBibliographyPath(filePath) || !this.claimRead(uri, ticket)) return 'indexed';
    if (answer.kind === 'skip') return this.skip(uri, filePath, answer);
    if (answer.invalidUtf8) this.tellInvalidUtf8(uri, filePath);
    this.indexBibliography(answer.bibliography);
    return 'indexed';
  }

  /**
   * A note on disk, read and analysed off this thread: an editor may open it, or a newer read or
   * a settings change supersede this one, meanwhile; then its answer does not count.
   */
  private async analyseIntoIndex(uri: string, filePath: string, ticket: number, referencesFirst: boolean): Promise<'indexed' | 'skipped' | 'gone'> {
    const held = this.index.getDocument(uri);
    const referencesOnly = referencesFirst && (!held || held.entriesPending === true);
    let answer: NoteFileAnalysis | undefined;
    try {
      answer = await this.noteAnalyser.analyseFile(uri, DISK_VERSION, filePath, this.settings.maxFileSize, referencesOnly);
    } catch (error) {
      this.logger.warnOnce(`analyse:${uri}:${DISK_VERSION}`, `Could not analyse ${filePath}: ${(error as Error).stack ?? error}`);
    }
    if (!this.claimRead(uri, ticket)) return 'indexed';
    if (!answer) {
      this.forget(uri);
      return 'skipped';
    }
    if (answer.kind === 'skip') return this.skip(uri, filePath, answer);
    if (answer.invalidUtf8) this.tellInvalidUtf8(uri, filePath);
    const { analysis } = answer;
    return this.storeAnalysis(uri, DISK_VERSION, () => analysis) ? 'indexed' : 'skipped';
  }

  /**
   * Whether a read's answer still counts, settling its ticket if so: not when an editor opened
   * the file, or a newer read started, while it was in flight (that one's answer wins).
   */
  private claimRead(uri: string, ticket: number): boolean {
    if (this.openEditors.has(uri) || this.readTickets.get(uri) !== ticket) return false;
    this.readTickets.delete(uri);
    return true;
  }

  /** A file that cannot be read leaves the index; one that vanished is simply gone, the others are worth telling once. */
  private skip(uri: string, filePath: string, read: SkippedRead): 'skipped' | 'gone' {
    this.forget(uri);
    if (read.reason === 'missing') return 'gone';
    this.logger.warnOnce(`skip:${uri}:${read.reason}`, `Skipped ${filePath}: ${read.detail}.`);
    return 'skipped';
  }

  private tellInvalidUtf8(uri: string, filePath: string): void {
    this.logger.warnOnce(`utf8:${uri}`, `${filePath} is not valid UTF-8; invalid bytes were read as U+FFFD.`);
  }

  /** Stops the bibliography and note analysis workers. */
  async dispose(): Promise<void> {
    await Promise.all([this.bibliographyReader.dispose(), this.noteAnalyser.dispose()]);
  }

  /** Indexes one note or bibliography; a failure in the core costs that file, never the others or later requests. */
  private setDocument(uri: string, version: number, text: string): boolean {
    const format = this.bibliographyFormatOfUri(uri);
    if (format) return this.setBibliography(uri, version, text, format);
    return this.storeAnalysis(uri, version, () => analyseDocument(uri, version, text));
  }

  private storeAnalysis(uri: string, version: number, analyse: () => DocumentAnalysis): boolean {
    // A file the settings turned from a bibliography into a note loses its bibliography problems.
    const wasBibliography = this.index.getBibliography(uri) !== undefined;
    try {
      // The index counts changes the Topics view shows (and a bibliography dropped for a note).
      const before = this.index.papersGeneration;
      this.index.setAnalysis(analyse());
      if (before !== this.index.papersGeneration) this.onDidChange(uri);
      if (wasBibliography) this.onBibliographyChange(uri);
      return true;
    } catch (error) {
      this.forget(uri);
      this.logger.warnOnce(`analyse:${uri}:${version}`, `Could not analyse ${uri}: ${(error as Error).stack ?? error}`);
      return false;
    }
  }

  /** An editor's bibliography text: parsed in place, as editors' edits are applied synchronously. */
  private setBibliography(uri: string, version: number, text: string, format: BibliographyFormat): boolean {
    try {
      this.indexBibliography(parseBibliography(uri, version, text, format));
      return true;
    } catch (error) {
      this.forget(uri);
      this.logger.warnOnce(`bibliography:${uri}:${version}`, `Could not read the bibliography ${uri}: ${(error as Error).stack ?? error}`);
      return false;
    }
  }

  private indexBibliography(bibliography: Bibliography): void {
    const before = this.index.papersGeneration;
    this.index.setBibliography(bibliography);
    if (before !== this.index.papersGeneration) this.onDidChange(bibliography.uri);
    this.onBibliographyChange(bibliography.uri);
  }

  private forget(uri: string): void {
    const wasBibliography = this.index.getBibliography(uri) !== undefined;
    if (!this.index.deleteDocument(uri)) return;
    this.onDidChange(uri);
    if (wasBibliography) this.onBibliographyChange(uri);
  }

  /**
   * The bibliography format of a file, when it is one: matched by the bibliography globs, or a
   * `.bib` opened from outside the workspace folders (never analysed as a Markdown note).
   */
  private bibliographyFormatOfUri(uri: string): BibliographyFormat | undefined {
    const filePath = uriToPath(uri) ?? uri;
    if (this.isBibliographyPath(filePath)) return bibliographyFormatOf(filePath);
    const outside = !this.filters.some((filter) => filter.relative(filePath) !== undefined);
    return outside && bibliographyFormatOf(filePath) === 'bibtex' ? 'bibtex' : undefined;
  }

  /** Every note and bibliography in the index. */
  private indexedUris(): string[] {
    return [...this.index.uris(), ...this.index.bibliographyUris()];
  }

  private isIndexedPath(filePath: string): boolean {
    return this.filters.some((filter) => filter.isIndexed(filePath));
  }

  private isBibliographyPath(filePath: string): boolean {
    return this.filters.some((filter) => filter.isBibliography(filePath));
  }

  private dropNotesThatAreNoLongerNotes(): void {
    for (const uri of this.indexedUris()) {
      if (this.openEditors.has(uri)) continue;
      const filePath = uriToPath(uri);
      if (!filePath || !this.isIndexedPath(filePath)) this.forget(uri);
    }
  }

  private makeFilters(): NoteFilter[] {
    return this.folderUris.flatMap((uri) => {
      const folderPath = uriToPath(uri);
      return folderPath ? [new NoteFilter(folderPath, this.settings)] : [];
    });
  }
}
