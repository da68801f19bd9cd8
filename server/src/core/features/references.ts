/** Find all references: every occurrence of the same paper across the workspace, in any of its forms. */
import type { Location, Position } from 'vscode-languageserver-types';
import type { FeatureContext } from './context';
import { locationOf } from './locations';

export function provideReferences(context: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const analysis = context.index.getDocument(uri);
  if (!analysis) return [];
  const occurrence = context.index.occurrenceAt(uri, analysis.lines.offsetAt(position));
  if (!occurrence) return [];
  return context.index
    .occurrences(occurrence.key)
    .filter((o) => includeDeclaration || o.kind === 'reference')
    .flatMap((o) => locationOf(context, o) ?? []);
}
