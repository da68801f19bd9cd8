/**
 * Go to definition: from any reference to where the paper is described, best first: the
 * literature notes that declare it (one location per note, so the editor jumps when there is
 * one), then entries about it in the user's notes, then its entry in the bundled seeds.
 */
import type { Location, Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';
import { locationOf } from './locations';
import { describePaper } from './paperInfo';

export function provideDefinition(context: FeatureContext, uri: string, position: Position): Location[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const info = describePaper(context, found.occurrence.key);
  const locations: Location[] = [];
  const seenNotes = new Set<string>();
  for (const key of info.keys) {
    for (const declaration of context.index.declarations(key)) {
      if (seenNotes.has(declaration.uri)) continue;
      seenNotes.add(declaration.uri);
      const location = locationOf(context, declaration);
      if (location) locations.push(location);
    }
  }
  for (const { uri: noteUri, entry } of info.annotations) {
    // The entry the cursor is in is where the user already is.
    if (noteUri === uri && position.line >= entry.line && position.line < entry.endLine) continue;
    if (seenNotes.has(noteUri)) continue;
    seenNotes.add(noteUri);
    locations.push({ uri: noteUri, range: { start: { line: entry.line, character: 0 }, end: { line: entry.line, character: 0 } } });
  }
  for (const source of info.catalog?.sources ?? []) {
    const seed = context.catalog().locationOf(source);
    if (seed) locations.push({ uri: seed.uri, range: { start: { line: seed.line, character: 0 }, end: { line: seed.line, character: 0 } } });
  }
  return locations;
}
