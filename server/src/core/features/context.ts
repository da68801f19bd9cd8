import type { WorkspaceIndex } from '../workspaceIndex';

/** What every language feature may read: the index, and where the workspace folders are (for display). */
export interface FeatureContext {
  readonly index: WorkspaceIndex;
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
