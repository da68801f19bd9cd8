/**
 * "Go to Symbol in Workspace" for papers: the same search as completion, each paper placed
 * where it is best described (its literature note, else an entry in the notes, else its seed
 * entry, else the first place it is cited). Papers that are nowhere to be opened are left out.
 */
import { type Location, SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import { displayPaperId } from '../paperId';
import { citationIndex } from './citationIndex';
import type { FeatureContext } from './context';
import { lineLocation, locationOf } from './locations';
import { describePaper } from './paperInfo';

const MAX_SYMBOLS = 100;

export function provideWorkspaceSymbols(context: FeatureContext, query: string): SymbolInformation[] {
  const hits = citationIndex(context).search.search(query, { limit: MAX_SYMBOLS });
  return hits.flatMap((hit) => {
    const info = describePaper(context, hit.paper.key);
    const location = bestLocation(context, info);
    if (!location) return [];
    return [{ name: info.title ?? displayPaperId(info.paper), kind: SymbolKind.Object, containerName: displayPaperId(info.paper), location }];
  });
}

function bestLocation(context: FeatureContext, info: ReturnType<typeof describePaper>): Location | undefined {
  for (const key of info.keys) {
    const declaration = context.index.declarations(key).find((d) => info.literatureNotes.includes(d.uri));
    if (declaration) return locationOf(context, declaration);
  }
  const annotation = info.annotations[0];
  if (annotation) return lineLocation(annotation.uri, annotation.entry.line);
  const source = info.catalog?.sources[0];
  const seed = source ? context.catalog().locationOf(source) : undefined;
  if (seed) return lineLocation(seed.uri, seed.line);
  const citation = context.index.firstReference(info.keys);
  return citation ? locationOf(context, citation) : undefined;
}
