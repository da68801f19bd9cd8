/**
 * A worker thread that analyses notes for the first index, so indexing a large workspace uses
 * every core instead of one. It runs the pure core's `analyseDocument` and sends back everything
 * but the line index, which the server rebuilds from the text it already holds.
 */
import { parentPort } from 'node:worker_threads';
import { analyseDocument } from '../core/documentAnalysis';

export interface AnalyseRequest {
  readonly id: number;
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

parentPort?.on('message', (request: AnalyseRequest) => {
  try {
    // The line index is rebuilt by the server from the text it holds: cheaper than cloning it.
    const { uri, version, references, literatureNote, entries, problems } = analyseDocument(request.uri, request.version, request.text);
    parentPort!.postMessage({ id: request.id, analysis: { uri, version, references, literatureNote, entries, problems } });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) });
  }
});
