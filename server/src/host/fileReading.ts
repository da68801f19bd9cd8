/**
 * Reading one note or bibliography file safely. Reading never throws: a file that is too large,
 * binary, unreadable or gone comes back as a skip with a reason. `readNoteSync` is for worker
 * threads, which read the notes they analyse themselves (a blocking read there blocks no request).
 * Imports nothing but Node, so the note-analysis worker's bundle stays small.
 */
import { promises as fs, readFileSync, statSync } from 'node:fs';

export type NoteRead =
  | { readonly kind: 'text'; readonly text: string; readonly invalidUtf8: boolean }
  | { readonly kind: 'skip'; readonly reason: 'too-large' | 'binary' | 'missing' | 'unreadable' | 'not-a-file'; readonly detail: string };

export type SkippedRead = Extract<NoteRead, { kind: 'skip' }>;

/** Bytes looked at for a NUL byte, the same heuristic git uses to call a file binary. */
const BINARY_PROBE_BYTES = 8000;

const DEFAULT_LIMIT_SETTING = 'paperNotes.files.maxSizeKB';
/** The setting that limits bibliography files, named when one is over it. */
export const BIBLIOGRAPHY_LIMIT_SETTING = 'paperNotes.bibliography.maxSizeKB';

/** `limitSetting` names the setting that sets `maxFileSize`, for the message when a file is over it. */
export async function readNote(filePath: string, maxFileSize: number, limitSetting = DEFAULT_LIMIT_SETTING): Promise<NoteRead> {
  try {
    const stat = await fs.stat(filePath);
    return skipBySize(stat, maxFileSize, limitSetting) ?? noteFromBytes(await fs.readFile(filePath), maxFileSize, limitSetting);
  } catch (error) {
    return skipByError(error);
  }
}

/** `readNote` with blocking reads, for worker threads. */
export function readNoteSync(filePath: string, maxFileSize: number, limitSetting = DEFAULT_LIMIT_SETTING): NoteRead {
  try {
    const stat = statSync(filePath);
    return skipBySize(stat, maxFileSize, limitSetting) ?? noteFromBytes(readFileSync(filePath), maxFileSize, limitSetting);
  } catch (error) {
    return skipByError(error);
  }
}

function skipBySize(stat: { isFile(): boolean; size: number }, maxFileSize: number, limitSetting: string): NoteRead | undefined {
  if (!stat.isFile()) return { kind: 'skip', reason: 'not-a-file', detail: 'not a regular file' };
  if (stat.size > maxFileSize) return tooLarge(stat.size, maxFileSize, limitSetting);
  return undefined;
}

function noteFromBytes(bytes: Uint8Array, maxFileSize: number, limitSetting: string): NoteRead {
  // The file may have grown between stat and read.
  if (bytes.length > maxFileSize) return tooLarge(bytes.length, maxFileSize, limitSetting);
  // UTF-16 (Windows reference managers write it) is full of NUL bytes but marked by its BOM.
  const utf16 = utf16Encoding(bytes);
  if (utf16) return { kind: 'text', text: new TextDecoder(utf16).decode(bytes), invalidUtf8: false };
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { kind: 'skip', reason: 'binary', detail: 'looks binary (contains NUL bytes)' };
  return decodeNote(bytes);
}

function tooLarge(size: number, maxFileSize: number, limitSetting: string): NoteRead {
  return { kind: 'skip', reason: 'too-large', detail: `${formatBytes(size)} is over the ${formatBytes(maxFileSize)} limit (${limitSetting})` };
}

function skipByError(error: unknown): NoteRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'skip', reason: 'missing', detail: 'no longer exists' };
  return { kind: 'skip', reason: 'unreadable', detail: (error as Error).message };
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
