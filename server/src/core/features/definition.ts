/** Go to definition: from any reference to the literature note(s) that declare the paper. */
import type { Location, Position } from 'vscode-languageserver-types';
import type { FeatureContext } from './context';
import { locationOf } from './locations';

export function provideDefinition(context: FeatureContext, uri: string, position: Position): Location[] {
  const analysis = context.index.getDocument(uri);
  if (!analysis) return [];
  const occurrence = context.index.occurrenceAt(uri, analysis.lines.offsetAt(position));
  if (!occurrence) return [];
  return context.index.declarations(occurrence.key).flatMap((declaration) => locationOf(context, declaration) ?? []);
}
