/**
 * Find all references: every occurrence of the same paper across the workspace, in any of its
 * forms and under any of its keys (a literature note that declares both `arxiv:` and `citekey:`
 * makes `[@key]` a reference to the arXiv paper).
 */
import type { Location, Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';
import { locationOf } from './locations';
import { paperKeys } from './paperInfo';

export function provideReferences(context: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const { keys } = paperKeys(context, found.occurrence.key);
  return keys
    .flatMap((key) => context.index.occurrences(key))
    .filter((o) => includeDeclaration || o.kind === 'reference')
    .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start))
    .flatMap((o) => locationOf(context, o) ?? []);
}
