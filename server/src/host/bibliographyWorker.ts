/**
 * The worker thread that parses large bibliography files, so a reference manager's 5,000-entry
 * export (seconds of LaTeX conversion) never stops the server answering. It runs the pure core's
 * `parseBibliography` and sends back everything but the line index, which the server rebuilds.
 */
import { parentPort } from 'node:worker_threads';
import { type BibliographyFormat, parseBibliography } from '../core/bibliography';

export interface ParseRequest {
  readonly id: number;
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly format: BibliographyFormat;
}

parentPort?.on('message', (request: ParseRequest) => {
  try {
    const { uri, version, format, entries, problems } = parseBibliography(request.uri, request.version, request.text, request.format);
    parentPort!.postMessage({ id: request.id, parsed: { uri, version, format, entries, problems } });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) });
  }
});
