/**
 * Keeps the index in step with the world: notes on disk in the workspace folders, and open
 * editors, whose text always takes precedence over the file on disk. Edits are coalesced and
 * applied before the next request is answered, so a burst of keystrokes re-analyses a note once.
 */
import type { WorkspaceIndex } from '../core/workspaceIndex';
import type { IndexSummary } from '../protocol';
import type { Logger } from './logger';
import { NoteFilter, isFolder, listNotes, pathToUri, readNote, uriToPath } from './noteFiles';
import type { PaperNotesSettings } from './settings';

export type FileChange = 'created' | 'changed' | 'deleted';

/** Disk notes are versioned below every editor version, so an open editor is never mistaken for one. */
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

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly logger: Logger,
    private settings: PaperNotesSettings,
    private folderUris: readonly string[] = [],
  ) {
    this.filters = this.makeFilters();
  }

  get folders(): readonly string[] {
    return this.folderUris;
  }

  /** Replaces the settings; returns true when the set of notes may have changed and a re-index is due. */
  updateSettings(settings: PaperNotesSettings): boolean {
    const changed = JSON.stringify(settings) !== JSON.stringify(this.settings);
    this.settings = settings;
    if (changed) this.filters = this.makeFilters();
    return changed;
  }

  /** Replaces the workspace folders; notes no longer inside any folder leave the index (unless open). */
  setFolders(folderUris: readonly string[]): void {
    this.folderUris = [...folderUris];
    this.filters = this.makeFilters();
    this.dropNotesThatAreNoLongerNotes();
  }

  /** Reads every note of every folder from disk into the index. Open editors keep their text. */
  async indexAll(onProgress: (done: number, total: number) => void, isCancelled: () => boolean = () => false): Promise<IndexSummary> {
    const started = Date.now();
    this.dropNotesThatAreNoLongerNotes();
    const files: string[] = [];
    for (const filter of this.filters) files.push(...(await listNotes(filter, this.tellUnlistable)));
    // Notes deleted while nobody was watching (or before a settings change) leave too.
    const listed = new Set(files.map(pathToUri));
    for (const uri of this.index.uris()) {
      if (!listed.has(uri) && !this.openEditors.has(uri)) this.index.deleteDocument(uri);
    }
    let done = 0;
    let skipped = 0;
    let next = 0;
    const worker = async () => {
      while (next < files.length && !isCancelled()) {
        const file = files[next++];
        if (!(await this.readIntoIndex(pathToUri(file), file))) skipped++;
        onProgress(++done, files.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
    this.flush();
    return { ...this.counts(), skipped, durationMs: Date.now() - started };
  }

  counts(): { documents: number; references: number; papers: number } {
    let references = 0;
    const papers = new Set<string>();
    for (const uri of this.index.uris()) {
      for (const reference of this.index.getDocument(uri)?.references ?? []) {
        references++;
        papers.add(reference.key);
      }
    }
    return { documents: this.index.documentCount, references, papers: papers.size };
  }

  openDocument(uri: string, version: number, text: string): void {
    this.openEditors.set(uri, { version, text });
    this.readTickets.delete(uri);
    this.scheduleFlush(uri);
  }

  changeDocument(uri: string, version: number, text: string): void {
    this.openDocument(uri, version, text);
  }

  /** A closed editor falls back to the file on disk, or leaves the index if it is not a note. */
  async closeDocument(uri: string): Promise<void> {
    this.openEditors.delete(uri);
    this.pendingEdits.delete(uri);
    const filePath = uriToPath(uri);
    if (filePath && this.isNotePath(filePath)) await this.readIntoIndex(uri, filePath);
    else this.index.deleteDocument(uri);
  }

  /** Applies coalesced editor changes now; every request calls this first so answers are never stale. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const uri of this.pendingEdits) {
      const editor = this.openEditors.get(uri);
      if (editor) this.index.setDocument(uri, editor.version, editor.text);
    }
    this.pendingEdits.clear();
  }

  /** A watched file was created, changed or deleted on disk (a deleted folder arrives as one event). */
  async fileChanged(uri: string, change: FileChange): Promise<void> {
    if (this.openEditors.has(uri)) return;
    const filePath = uriToPath(uri);
    if (!filePath) return;
    if (change === 'deleted') {
      this.readTickets.delete(uri);
      this.index.deleteDocument(uri);
      for (const removed of this.index.deleteFolder(uri)) {
        // An open editor under a deleted folder still shows its text: keep it indexed.
        const editor = this.openEditors.get(removed);
        if (editor) this.index.setDocument(removed, editor.version, editor.text);
      }
      return;
    }
    if (this.isNotePath(filePath)) {
      await this.readIntoIndex(uri, filePath);
    } else if (change === 'created' && (await isFolder(filePath))) {
      // A folder moved or copied in arrives as one event: read the notes inside it.
      for (const filter of this.filters) {
        if (filter.relative(filePath) === undefined || filter.isExcludedFolder(filePath)) continue;
        for (const note of await listNotes(filter, this.tellUnlistable, filePath)) await this.readIntoIndex(pathToUri(note), note);
      }
    }
  }

  isOpen(uri: string): boolean {
    return this.openEditors.has(uri);
  }

  private readonly tellUnlistable = (folder: string, error: Error): void =>
    this.logger.warnOnce(`list:${folder}`, `Cannot list ${folder}: ${error.message}`);

  private scheduleFlush(uri: string): void {
    this.pendingEdits.add(uri);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), EDIT_SETTLE_MS);
  }

  /** Reads one note from disk into the index; returns false when it was skipped. */
  private async readIntoIndex(uri: string, filePath: string): Promise<boolean> {
    if (this.openEditors.has(uri)) return true;
    const ticket = ++this.nextTicket;
    this.readTickets.set(uri, ticket);
    const read = await readNote(filePath, this.settings.maxFileSize);
    // Opened in an editor, or read again, while this read was in flight: that answer wins.
    if (this.openEditors.has(uri) || this.readTickets.get(uri) !== ticket) return true;
    this.readTickets.delete(uri);
    if (read.kind === 'skip') {
      this.index.deleteDocument(uri);
      if (read.reason !== 'missing') this.logger.warnOnce(`skip:${uri}:${read.reason}`, `Skipped ${filePath}: ${read.detail}.`);
      return false;
    }
    if (read.invalidUtf8) this.logger.warnOnce(`utf8:${uri}`, `${filePath} is not valid UTF-8; invalid bytes were read as U+FFFD.`);
    this.index.setDocument(uri, DISK_VERSION, read.text);
    return true;
  }

  private isNotePath(filePath: string): boolean {
    return this.filters.some((filter) => filter.isNote(filePath));
  }

  private dropNotesThatAreNoLongerNotes(): void {
    for (const uri of this.index.uris()) {
      if (this.openEditors.has(uri)) continue;
      const filePath = uriToPath(uri);
      if (!filePath || !this.isNotePath(filePath)) this.index.deleteDocument(uri);
    }
  }

  private makeFilters(): NoteFilter[] {
    return this.folderUris.flatMap((uri) => {
      const folderPath = uriToPath(uri);
      return folderPath ? [new NoteFilter(folderPath, this.settings)] : [];
    });
  }
}
