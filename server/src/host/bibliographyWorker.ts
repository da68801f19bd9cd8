/**
 * The worker thread that reads and parses bibliography files, so a reference manager's large
 * export (tens of MB to decode, seconds of parsing, a line index over every line) never stops the
 * server answering. It reads the file itself (`readNoteSync`), runs the pure core's
 * `parseBibliography`, and sends back the bibliography with its line index as typed arrays, or
 * why the file was skipped.
 */
import { type Bibliography, type BibliographyFormat, parseBibliography } from '../core/bibliography';
import type { LineIndexParts } from '../core/lineIndex';
import { BIBLIOGRAPHY_LIMIT_SETTING, type SkippedRead, readNoteSync } from './fileReading';
import { serveRequests } from './workerClient';

export interface ParseRequest {
  readonly uri: string;
  readonly version: number;
  readonly filePath: string;
  readonly maxFileSize: number;
  readonly format: BibliographyFormat;
}

/** A bibliography without its line index, which travels as typed arrays. */
export type BibliographyWithoutLines = Omit<Bibliography, 'lines'>;

export type ParseAnswer =
  | { readonly kind: 'bibliography'; readonly bibliography: BibliographyWithoutLines; readonly lines: LineIndexParts; readonly invalidUtf8: boolean }
  | SkippedRead;

serveRequests((request: ParseRequest): ParseAnswer => {
  const read = readNoteSync(request.filePath, request.maxFileSize, BIBLIOGRAPHY_LIMIT_SETTING);
  if (read.kind === 'skip') return read;
  const { lines, ...bibliography } = parseBibliography(request.uri, request.version, read.text, request.format);
  return { kind: 'bibliography', bibliography, lines: lines.toParts(), invalidUtf8: read.invalidUtf8 };
});
