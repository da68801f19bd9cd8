/**
 * The worker thread that parses large bibliography files, so a reference manager's 5,000-entry
 * export (seconds of LaTeX conversion) never stops the server answering. It runs the pure core's
 * `parseBibliography` and sends back everything but the line index, which the server rebuilds.
 */
import { type Bibliography, type BibliographyFormat, parseBibliography } from '../core/bibliography';
import { serveRequests } from './workerClient';

export interface ParseRequest {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly format: BibliographyFormat;
}

/** A bibliography without its line index: cheaper to rebuild from the text than to clone. */
export type BibliographyWithoutLines = Omit<Bibliography, 'lines'>;

serveRequests((request: ParseRequest): BibliographyWithoutLines => {
  const { uri, version, format, entries, problems } = parseBibliography(request.uri, request.version, request.text, request.format);
  return { uri, version, format, entries, problems };
});
