/**
 * A worker thread that analyses notes for the first index, so indexing a large workspace uses
 * every core instead of one. It runs the pure core's `analyseDocument` (or `analyseReferences`,
 * the first index's first pass) on a note file it reads itself (the server's thread then neither
 * reads, decodes nor copies the note), and sends back the analysis with its line index as typed
 * arrays, or why the file was skipped.
 */
import { type DocumentAnalysis, analyseDocument, analyseReferences } from '../core/documentAnalysis';
import type { LineIndexParts } from '../core/lineIndex';
import { type SkippedRead, readNoteSync } from './fileReading';
import { serveRequests } from './workerClient';

export interface AnalyseRequest {
  readonly uri: string;
  readonly version: number;
  /** The note's file, read here (`readNoteSync`), held to the notes' size limit. */
  readonly filePath: string;
  readonly maxFileSize: number;
  /** Only the references (`analyseReferences`): the first index's first pass. */
  readonly referencesOnly?: boolean;
}

/** An analysis without its line index, which travels as typed arrays. */
export type AnalysisWithoutLines = Omit<DocumentAnalysis, 'lines'>;

export type AnalyseAnswer =
  | { readonly kind: 'analysis'; readonly analysis: AnalysisWithoutLines; readonly lines: LineIndexParts; readonly invalidUtf8: boolean }
  | SkippedRead;

serveRequests((request: AnalyseRequest): AnalyseAnswer => {
  const read = readNoteSync(request.filePath, request.maxFileSize);
  if (read.kind === 'skip') return read;
  const analyse = request.referencesOnly ? analyseReferences : analyseDocument;
  const { lines, ...analysis } = analyse(request.uri, request.version, read.text);
  return { kind: 'analysis', analysis, lines: lines.toParts(), invalidUtf8: read.invalidUtf8 };
});
