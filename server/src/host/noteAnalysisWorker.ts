/**
 * A worker thread that analyses notes for the first index, so indexing a large workspace uses
 * every core instead of one. It runs the pure core's `analyseDocument` and sends back everything
 * but the line index, which the server rebuilds from the text it already holds.
 */
import { type DocumentAnalysis, analyseDocument } from '../core/documentAnalysis';
import { serveRequests } from './workerClient';

export interface AnalyseRequest {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

/** An analysis without its line index: cheaper to rebuild from the text than to clone. */
export type AnalysisWithoutLines = Omit<DocumentAnalysis, 'lines'>;

serveRequests((request: AnalyseRequest): AnalysisWithoutLines => {
  const { uri, version, references, literatureNote, entries, problems } = analyseDocument(request.uri, request.version, request.text);
  return { uri, version, references, literatureNote, entries, problems };
});
