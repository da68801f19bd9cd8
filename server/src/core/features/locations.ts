import type { Location } from 'vscode-languageserver-types';
import type { PaperOccurrence } from '../workspaceIndex';
import type { FeatureContext } from './context';

/** The start of a line in a file (an entry's row, a seed entry). */
export function lineLocation(uri: string, line: number): Location {
  return { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

export function locationOf(context: FeatureContext, occurrence: PaperOccurrence): Location | undefined {
  const analysis = context.index.getDocument(occurrence.uri);
  if (!analysis) return undefined;
  return { uri: occurrence.uri, range: analysis.lines.rangeOf(occurrence.start, occurrence.end) };
}
