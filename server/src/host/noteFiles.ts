/**
 * Notes on disk: which files are notes (include/exclude globs per workspace folder) and how to
 * read one safely. Reading never throws: a file that is too large, binary, unreadable or gone
 * comes back as a skip with a reason.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { URI } from 'vscode-uri';
import { bibliographyFormatOf } from '../core/bibliography';
import type { PaperNotesSettings } from './settings';

export type NoteRead =
  | { readonly kind: 'text'; readonly text: string; readonly invalidUtf8: boolean }
  | { readonly kind: 'skip'; readonly reason: 'too-large' | 'binary' | 'missing' | 'unreadable' | 'not-a-file'; readonly detail: string };

/** Bytes looked at for a NUL byte, the same heuristic git uses to call a file binary. */
const BINARY_PROBE_BYTES = 8000;

/** `limitSetting` names the setting that sets `maxFileSize`, for the message when a file is over it. */
export async function readNote(filePath: string, maxFileSize: number, limitSetting = 'paperNotes.files.maxSizeKB'): Promise<NoteRead> {
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) return { kind: 'skip', reason: 'not-a-file', detail: 'not a regular file' };
    if (stat.size > maxFileSize) return { kind: 'skip', reason: 'too-large', detail: `${formatBytes(stat.size)} is over the ${formatBytes(maxFileSize)} limit (${limitSetting})` };
    const bytes = await fs.readFile(filePath);
    // The file may have grown between stat and read.
    if (bytes.length > maxFileSize) return { kind: 'skip', reason: 'too-large', detail: `${formatBytes(bytes.length)} is over the ${formatBytes(maxFileSize)} limit (${limitSetting})` };
    // UTF-16 (Windows reference managers write it) is full of NUL bytes but marked by its BOM.
    const utf16 = utf16Encoding(bytes);
    if (utf16) return { kind: 'text', text: new TextDecoder(utf16).decode(bytes), invalidUtf8: false };
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { kind: 'skip', reason: 'binary', detail: 'looks binary (contains NUL bytes)' };
    return decodeNote(bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'skip', reason: 'missing', detail: 'no longer exists' };
    return { kind: 'skip', reason: 'unreadable', detail: (error as Error).message };
  }
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** UTF-8 with the BOM dropped (as editors do); invalid sequences become U+FFFD rather than losing the note. */
export function decodeNote(bytes: Uint8Array): NoteRead {
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), invalidUtf8: false };
  } catch {
    return { kind: 'text', text: new TextDecoder('utf-8').decode(bytes), invalidUtf8: true };
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

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
