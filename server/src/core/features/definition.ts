/**
 * Go to definition: from any reference to where the paper is described, in tiers: the
 * literature notes that declare it (one location per note); if none, the entries about it in the
 * user's notes; if none, its entries in the bundled seeds. Bibliography entries (`.bib`,
 * CSL-JSON) come right after literature notes for a citation key — a key is defined where its
 * bibliography says it is — and after the user's notes for any other reference. Only the best
 * tier is returned, so with one literature note the editor jumps straight to it.
 */
import type { Location, Position } from 'vscode-languageserver-types';
import { type FeatureContext, occurrenceAtPosition } from './context';
import { lineLocation, locationOf } from './locations';
import { describePaper } from './paperInfo';

export function provideDefinition(context: FeatureContext, uri: string, position: Position): Location[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return [];
  const info = describePaper(context, found.occurrence.key);
  const literatureNotes: Location[] = [];
  const seenNotes = new Set<string>();
  for (const key of info.keys) {
    for (const declaration of context.index.declarations(key)) {
      if (seenNotes.has(declaration.uri) || !info.literatureNotes.includes(declaration.uri)) continue;
      seenNotes.add(declaration.uri);
      const location = locationOf(context, declaration);
      if (location) literatureNotes.push(location);
    }
  }
  if (literatureNotes.length) return literatureNotes;
  const bibliography = info.bibliography.flatMap(({ uri: fileUri, entry }) => {
    const lines = context.index.getBibliography(fileUri)?.lines;
    return lines ? [{ uri: fileUri, range: lines.rangeOf(entry.keyStart, entry.keyEnd) }] : [];
  });
  const written = found.occurrence.kind === 'reference' ? found.occurrence.reference.paper : found.occurrence.declaration.paper;
  if (written.scheme === 'citekey' && bibliography.length) return bibliography;
  const entries: Location[] = [];
  for (const { uri: noteUri, entry } of info.annotations) {
    // The entry the cursor is in is where the user already is.
    if (noteUri === uri && position.line >= entry.line && position.line < entry.endLine) continue;
    if (seenNotes.has(noteUri)) continue;
    seenNotes.add(noteUri);
    entries.push(lineLocation(noteUri, entry.line));
  }
  if (entries.length) return entries;
  if (bibliography.length) return bibliography;
  return (info.catalog?.sources ?? []).flatMap((source) => {
    const seed = context.catalog().locationOf(source);
    return seed ? [lineLocation(seed.uri, seed.line)] : [];
  });
}
