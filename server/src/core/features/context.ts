import type { Position } from 'vscode-languageserver-types';
import type { ArxivMetadata } from '../arxivFeed';
import type { CatalogIndex } from '../catalogIndex';
import type { DocumentAnalysis } from '../documentAnalysis';
import { englishMessages, type Messages, type OfflineCause } from '../messages';
import type { PaperOccurrence, WorkspaceIndex } from '../workspaceIndex';

/** What every language feature may read: the index, the bundled catalog, and where the workspace folders are (for display). */
export interface FeatureContext {
  readonly index: WorkspaceIndex;
  /** The catalog, loaded on first use. */
  readonly catalog: () => CatalogIndex;
  readonly workspaceFolders: () => readonly string[];
  /** Metadata from the arXiv API, when the host has a cache of it (online lookups may be off). */
  readonly arxiv?: ArxivMetadataSource;
  /**
   * False while the host is still reading files (the first index, a bibliography on the worker):
   * "nothing defines this key" cannot be said yet. Absent means settled.
   */
  readonly indexSettled?: () => boolean;
  /** What the features say, in the editor's language; absent means English. */
  readonly messages?: Messages;
}

/** The messages a feature speaks in (English unless the context says otherwise). */
export function messagesOf(context: Pick<FeatureContext, 'messages'>): Messages {
  return context.messages ?? englishMessages;
}

/** What is known online about an arXiv ID. */
export type ArxivLookup =
  | { readonly status: 'found'; readonly metadata: ArxivMetadata }
  /** arXiv answered that no such paper exists. */
  | { readonly status: 'missing'; readonly checkedAt: string }
  /** Asked; the answer has not arrived. */
  | { readonly status: 'pending' }
  /** Not in the cache, and lookups are off (a setting, or an untrusted workspace). */
  | { readonly status: 'offline'; readonly reason: string; readonly cause?: OfflineCause }
  /** The last attempt failed (network, arXiv busy); a later request tries again. */
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'unknown' };

export interface ArxivMetadataSource {
  /**
   * The cache's answer, at once. With `request`, an ID the cache does not know is looked up in
   * the background; the host tells the client when answers arrive.
   */
  lookup(id: string, request: boolean): ArxivLookup;
  /** Changes whenever answers arrive, so caches built from metadata (the citation search) rebuild. */
  readonly generation: number;
  /**
   * The IDs whose answers arrived after `generation`, so caches update only their papers;
   * undefined when that is not known (the cache was replaced): everything may have changed.
   */
  changedSince?(generation: number): readonly string[] | undefined;
}

/** A note's name as a reader knows it: its path inside its workspace folder, else its file name. */
export function displayNoteName(uri: string, workspaceFolders: readonly string[]): string {
  for (const folder of workspaceFolders) {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    if (uri.startsWith(prefix)) return safeDecode(uri.slice(prefix.length));
  }
  return safeDecode(uri.slice(uri.lastIndexOf('/') + 1));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The paper reference or declaration under the cursor, with its note's analysis. */
export function occurrenceAtPosition(
  context: FeatureContext,
  uri: string,
  position: Position,
): { analysis: DocumentAnalysis; occurrence: PaperOccurrence } | undefined {
  const analysis = context.index.getDocument(uri);
  const occurrence = analysis && context.index.occurrenceAt(uri, analysis.lines.offsetAt(position));
  return occurrence ? { analysis, occurrence } : undefined;
}
