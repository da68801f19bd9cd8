/** Highlights every mention of the paper under the cursor in the same note; the front-matter declaration counts as a write. */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';

export function provideDocumentHighlights(context: FeatureContext, uri: string, position: Position): DocumentHighlight[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const { analysis, occurrence } = found;
  return context.index.occurrencesIn(uri, occurrence.key).map((o) => ({
    range: analysis.lines.rangeOf(o.start, o.end),
    kind: o.kind === 'declaration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
