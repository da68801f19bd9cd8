/**
 * A worker thread that analyses notes for the first index, so indexing a large workspace uses
 * every core instead of one. It runs the pure core's `analyseDocument` (or `analyseReferences`,
 * the first index's first pass) and sends back everything
 * but the line index, which the server rebuilds from the text it already holds.
 */
import { type DocumentAnalysis, analyseDocument, analyseReferences } from '../core/documentAnalysis';
import { serveRequests } from './workerClient';

export interface AnalyseRequest {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** Only the references (`analyseReferences`): the first index's first pass. */
  readonly referencesOnly?: boolean;
}

/** An analysis without its line index: cheaper to rebuild from the text than to clone. */
export type AnalysisWithoutLines = Omit<DocumentAnalysis, 'lines'>;

serveRequests((request: AnalyseRequest): AnalysisWithoutLines => {
  const analyse = request.referencesOnly ? analyseReferences : analyseDocument;
  const { uri, version, references, literatureNote, entries, problems, entriesPending } = analyse(request.uri, request.version, request.text);
  return { uri, version, references, literatureNote, entries, problems, ...(entriesPending && { entriesPending }) };
});
