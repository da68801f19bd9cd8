/** Find all references: every occurrence of the same paper across the workspace, in any of its forms. */
import type { Location, Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';
import { locationOf } from './locations';

export function provideReferences(context: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const { occurrence } = found;
  return context.index
    .occurrences(occurrence.key)
    .filter((o) => includeDeclaration || o.kind === 'reference')
    .flatMap((o) => locationOf(context, o) ?? []);
}
