/** Highlights every mention of the paper under the cursor in the same note; the front-matter declaration counts as a write. */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver-types';
import type { FeatureContext } from './context';

export function provideDocumentHighlights(context: FeatureContext, uri: string, position: Position): DocumentHighlight[] {
  const analysis = context.index.getDocument(uri);
  if (!analysis) return [];
  const occurrence = context.index.occurrenceAt(uri, analysis.lines.offsetAt(position));
  if (!occurrence) return [];
  return context.index.occurrencesIn(uri, occurrence.key).map((o) => ({
    range: analysis.lines.rangeOf(o.start, o.end),
    kind: o.kind === 'declaration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
