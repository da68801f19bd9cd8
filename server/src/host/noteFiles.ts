/**
 * Notes on disk: which files are notes and which bibliographies (include/exclude globs per
 * workspace folder), listing folders, and file paths ↔ URIs. Reading one file is `fileReading.ts`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { URI } from 'vscode-uri';
import { bibliographyFormatOf } from '../core/bibliography';
import type { PaperNotesSettings } from './settings';

/** Decides which paths inside one workspace folder are notes, and which are bibliography files. */
export class NoteFilter {
  private readonly included: (relativePath: string) => boolean;
  private readonly bibliographies: (relativePath: string) => boolean;
  private readonly excluded: (relativePath: string) => boolean;

  constructor(readonly folderPath: string, settings: PaperNotesSettings) {
    const options = { dot: true, nocase: process.platform === 'win32' || process.platform === 'darwin' };
    this.included = picomatch([...settings.include], options);
    this.bibliographies = settings.bibliographyInclude.length ? picomatch([...settings.bibliographyInclude], options) : () => false;
    this.excluded = settings.exclude.length ? picomatch([...settings.exclude], options) : () => false;
  }

  /** A bibliography file: matched by the bibliography globs (not a note), not excluded, of a format we read. */
  isBibliography(filePath: string): boolean {
    const relative = this.relative(filePath);
    if (relative === undefined || !this.bibliographies(relative) || this.included(relative) || !bibliographyFormatOf(relative)) return false;
    return this.isInIncludedFolder(relative);
  }

  /** A note or a bibliography: a file the index reads. */
  isIndexed(filePath: string): boolean {
    return this.isNote(filePath) || this.isBibliography(filePath);
  }

  /** The path relative to the folder with '/' separators, or undefined when it is outside. */
  relative(filePath: string): string | undefined {
    const relative = path.relative(this.folderPath, filePath);
    if (!relative || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }

  /** A note: included, not excluded, and not inside an excluded folder (the walk never enters those). */
  isNote(filePath: string): boolean {
    const relative = this.relative(filePath);
    if (relative === undefined || !this.included(relative)) return false;
    return this.isInIncludedFolder(relative);
  }

  private isInIncludedFolder(relative: string): boolean {
    if (this.excluded(relative)) return false;
    const segments = relative.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      if (this.isExcludedRelativeFolder(segments.slice(0, depth).join('/'))) return false;
    }
    return true;
  }

  /** Whether a whole folder is excluded, so the walk never enters it. */
  isExcludedFolder(folderPath: string): boolean {
    const relative = this.relative(folderPath);
    return relative !== undefined && this.isExcludedRelativeFolder(relative);
  }

  private isExcludedRelativeFolder(relative: string): boolean {
    // `**/node_modules/**` matches the folder itself; `drafts/` needs the trailing slash.
    return this.excluded(relative) || this.excluded(`${relative}/`);
  }
}

/**
 * Every note and bibliography under a folder. Symbolic links to folders are not followed (they loop), folders
 * that cannot be read are skipped, and the walk yields between folders so the server stays
 * responsive while a large workspace is listed.
 */
export async function listIndexedFiles(
  filter: NoteFilter,
  onUnreadable: (folder: string, error: Error) => void,
  from: string = filter.folderPath,
): Promise<string[]> {
  const notes: string[] = [];
  const pending = [from];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      onUnreadable(folder, error as Error);
      continue;
    }
    for (const entry of entries) {
      const entryPath = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!filter.isExcludedFolder(entryPath)) pending.push(entryPath);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && filter.isIndexed(entryPath)) {
        notes.push(entryPath);
      }
    }
  }
  return notes.sort();
}

/** A real folder, not a link to one: links are never followed, as in the walk. */
export async function isFolder(filePath: string): Promise<boolean> {
  try {
    return (await fs.lstat(filePath)).isDirectory();
  } catch {
    return false;
  }
}

export function uriToPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return URI.file(filePath).toString();
}
