import type { Location } from 'vscode-languageserver-types';
import type { PaperOccurrence } from '../workspaceIndex';
import type { FeatureContext } from './context';

export function locationOf(context: FeatureContext, occurrence: PaperOccurrence): Location | undefined {
  const analysis = context.index.getDocument(occurrence.uri);
  if (!analysis) return undefined;
  return { uri: occurrence.uri, range: analysis.lines.rangeOf(occurrence.start, occurrence.end) };
}
