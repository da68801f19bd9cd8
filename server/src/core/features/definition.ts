/** Go to definition: from any reference to the literature note(s) that declare the paper. */
import type { Location, Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';
import { locationOf } from './locations';

export function provideDefinition(context: FeatureContext, uri: string, position: Position): Location[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const { occurrence } = found;
  return context.index.declarations(occurrence.key).flatMap((declaration) => locationOf(context, declaration) ?? []);
}
