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
  /** Files matched by the include globs but skipped (too large, binary, unreadable). */
  readonly skipped: number;
  readonly durationMs: number;
}

export interface IndexStatus {
  readonly ready: boolean;
  readonly summary?: IndexSummary;
}
