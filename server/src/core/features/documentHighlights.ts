/** Highlights every mention of the paper under the cursor in the same note, under any of its keys; the front-matter declaration counts as a write. */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';
import { paperKeys } from './paperInfo';

export function provideDocumentHighlights(context: FeatureContext, uri: string, position: Position): DocumentHighlight[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const { analysis, occurrence } = found;
  const { keys } = paperKeys(context, occurrence.key);
  return keys
    .flatMap((key) => context.index.occurrencesIn(uri, key))
    .sort((a, b) => a.start - b.start)
    .map((o) => ({
      range: analysis.lines.rangeOf(o.start, o.end),
      kind: o.kind === 'declaration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
}
