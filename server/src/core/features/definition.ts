/**
 * Go to definition: from any reference to the literature note(s) that declare the paper, one
 * location per note (a note declaring the paper twice, by `arxiv:` and `url:`, is still one
 * place to go, so the editor jumps instead of offering a list).
 */
import type { Location, Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';
import { locationOf } from './locations';

export function provideDefinition(context: FeatureContext, uri: string, position: Position): Location[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const { occurrence } = found;
  const seen = new Set<string>();
  const firstPerNote = context.index.declarations(occurrence.key).filter((declaration) => !seen.has(declaration.uri) && seen.add(declaration.uri));
  return firstPerNote.flatMap((declaration) => locationOf(context, declaration) ?? []);
}
