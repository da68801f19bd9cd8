import type { Position } from 'vscode-languageserver-types';
import type { CatalogIndex } from '../catalogIndex';
import type { DocumentAnalysis } from '../documentAnalysis';
import type { PaperOccurrence, WorkspaceIndex } from '../workspaceIndex';

/** What every language feature may read: the index, the bundled catalog, and where the workspace folders are (for display). */
export interface FeatureContext {
  readonly index: WorkspaceIndex;
  /** The catalog, loaded on first use. */
  readonly catalog: () => CatalogIndex;
  readonly workspaceFolders: () => readonly string[];
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
