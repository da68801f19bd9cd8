/**
 * The custom part of the protocol between the client and the server, declared once.
 * Zero imports: both sides (and any other editor) can depend on it.
 */

/** Sent by the server when the first full index of the workspace is built (and after each full re-index). */
export const indexReadyNotification = 'paperNotes/indexReady';

/** Asks the server whether the first index is built, for a client that starts listening late. */
export const indexStatusRequest = 'paperNotes/indexStatus';

export interface IndexSummary {
  /** Notes in the index. */
  readonly documents: number;
  /** Paper references across those notes. */
  readonly references: number;
  /** Distinct papers referenced. */
  readonly papers: number;
  /** Bibliography files (`.bib`, CSL-JSON) in the index, and the entries they hold. */
  readonly bibliographies: number;
  readonly bibliographyEntries: number;
  /** Files matched by the include globs but skipped (too large, binary, unreadable). */
  readonly skipped: number;
  readonly durationMs: number;
  /** When every note's references were indexed (the first pass; entries were read after it), ms from the start. */
  readonly referencesMs: number;
}

export interface IndexStatus {
  readonly ready: boolean;
  readonly summary?: IndexSummary;
}

/**
 * The Topics tree, one level at a time: `{}` asks for the roots (one per seed document, then
 * "My notes"), `{ parent: id }` for a node's children. Node ids are opaque and stable while the
 * catalog and notes do not change.
 */
export const topicsRequest = 'paperNotes/topics';

/**
 * Sent by the server when the tree may look different: a note's entries, tags, literature-note
 * identity or cited papers changed (typing prose sends nothing). Changes are gathered for a
 * moment and sent together.
 */
export const topicsChangedNotification = 'paperNotes/topicsChanged';

export interface TopicsChangedParams {
  /** The notes whose changes are announced. */
  readonly uris: readonly string[];
}

export interface TopicsParams {
  readonly parent?: string;
}

export interface TopicLocation {
  readonly uri: string;
  /** 0-based line. */
  readonly line: number;
}

export interface TopicPaper {
  readonly key: string;
  /** 'arXiv:2106.09685', 'doi:…', or the title for papers without an identifier. */
  readonly displayId: string;
  readonly title?: string;
  readonly importance?: number;
  /** Canonical pages (abstract first, then PDF) when the identity has them. */
  readonly links: ReadonlyArray<{ readonly label: string; readonly url: string }>;
  /** The literature notes about the paper, then the notes that describe it in an entry. */
  readonly notes: readonly TopicLocation[];
  /** Where a seed lists the paper (a seed file shipped with the extension). */
  readonly seedEntry?: TopicLocation;
  /** References to the paper across the workspace. */
  readonly citations: number;
  /** A short plain-text summary: the user's own note first, else the seed's. */
  readonly summary?: string;
}

export interface TopicNode {
  readonly id: string;
  readonly kind: 'seed' | 'topic' | 'paper' | 'notes';
  readonly label: string;
  readonly description?: string;
  /** Plain text. */
  readonly tooltip?: string;
  readonly hasChildren: boolean;
  readonly paper?: TopicPaper;
}

/** A new literature note for a paper, filled from everything known about it. */
export const literatureNoteTemplateRequest = 'paperNotes/literatureNoteTemplate';

export interface LiteratureNoteTemplateParams {
  readonly key: string;
}

export interface LiteratureNoteTemplate {
  /** A file name derived from the paper (`2106.09685-lora-low-rank-adaptation.md`), safe on every OS. */
  readonly fileName: string;
  /** Front matter and a heading, ready to write. */
  readonly text: string;
}

/**
 * The Topics tree nodes from a root down to the paper referenced at a position in a note, so the
 * client can reveal it; empty when the paper is in no topic.
 */
export const topicPathRequest = 'paperNotes/topicPath';

export interface TopicPathParams {
  readonly textDocument: { readonly uri: string };
  readonly position: { readonly line: number; readonly character: number };
}

/** The "Search papers" quick pick: the same search as completion, best first. */
export const searchPapersRequest = 'paperNotes/searchPapers';

export interface SearchPapersParams {
  readonly query: string;
  readonly limit?: number;
}

export type CitationTextFormat = 'bibtex' | 'csl-json' | 'formatted';

/** One paper's citation as BibTeX, CSL-JSON or a formatted reference. */
export const citationTextRequest = 'paperNotes/citationText';

export interface CitationTextParams {
  readonly key: string;
  readonly format: CitationTextFormat;
}

/** The bibliography of one note (`uri`) or of the whole workspace, as BibTeX or CSL-JSON. */
export const exportBibliographyRequest = 'paperNotes/exportBibliography';

export interface ExportBibliographyParams {
  readonly uri?: string;
  readonly format: 'bibtex' | 'csl-json';
}

export interface ExportedBibliography {
  readonly text: string;
  /** Papers written out. */
  readonly papers: number;
  /** Citation keys cited but tied to no paper (nothing to write for them). */
  readonly unresolved: readonly string[];
}

/**
 * Looks up on arXiv every arXiv ID the workspace cites that the metadata cache cannot answer.
 * Send a `workDoneToken` to see progress; cancelling the request stops after the batch in flight.
 */
export const prefetchMetadataRequest = 'paperNotes/prefetchMetadata';

export interface PrefetchMetadataParams {
  readonly workDoneToken?: string | number;
}

export interface PrefetchMetadataResult {
  /** IDs in the workspace the cache could not answer. */
  readonly requested: number;
  readonly found: number;
  /** IDs arXiv says do not exist. */
  readonly missing: number;
  /** IDs arXiv could not be asked about (network, busy): a later prefetch tries again. */
  readonly failed: number;
  readonly cancelled: boolean;
  /** Why nothing was looked up, when lookups are off (in the server's language). */
  readonly offline?: string;
}

/**
 * Sent by the client when the user trusts the workspace (VS Code's workspace trust): online
 * lookups, off in an untrusted workspace, may start. A client without trust sends
 * `initializationOptions.workspaceTrusted` (default true) and never this.
 */
export const workspaceTrustedNotification = 'paperNotes/workspaceTrusted';

/** What the server takes from `initializationOptions` besides settings. */
export interface PaperNotesInitializationOptions {
  /** Where the editor keeps the extension's global state: the metadata cache's default home. */
  readonly globalStoragePath?: string;
  /** False in an untrusted workspace; absent means trusted (editors without workspace trust). */
  readonly workspaceTrusted?: boolean;
  /**
   * The language of hovers, diagnostics and labels (`zh-cn`, `en`, …), for editors that send no
   * LSP `locale`; it wins over `locale` when both are given. Chinese locales other than
   * Traditional get Simplified Chinese, anything else English.
   */
  readonly locale?: string;
}
