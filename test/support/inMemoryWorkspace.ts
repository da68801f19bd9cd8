/**
 * Unit-test helpers: an in-memory workspace of notes fed to the real core (real markdown-it,
 * real recognizer), and a cursor marker `‸` in fixture text to say where a request is made.
 */
import type { Position } from 'vscode-languageserver-types';
import { bibliographyFormatOf, parseBibliography } from '../../server/src/core/bibliography';
import type { ArxivMetadataSource } from '../../server/src/core/features/context';
import { compileCatalog, type SeedDocument } from '../../server/src/core/catalog';
import { CatalogIndex } from '../../server/src/core/catalogIndex';
import { LineIndex } from '../../server/src/core/lineIndex';
import { createLanguageService, type PaperNotesService } from '../../server/src/core/languageService';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

export const CURSOR = '‸';
export const ROOT = 'file:///notes';

export function noteUri(name: string): string {
  return `${ROOT}/${name.split('/').map(encodeURIComponent).join('/')}`;
}

export interface TestWorkspace {
  readonly index: WorkspaceIndex;
  readonly service: PaperNotesService;
  /** Where the cursor marker was, as a position in the note that had it (markers are removed). */
  readonly cursor: { readonly uri: string; readonly position: Position };
  readonly texts: ReadonlyMap<string, string>;
  /** The compiled catalog, for tests that build a service of their own. */
  readonly catalog: () => CatalogIndex;
}

export const SEEDS_ROOT = 'file:///extension/seeds';

/**
 * Builds a workspace from `{ 'a.md': 'text with ‸ cursor' }`; exactly one note may hold the
 * cursor. Files named like bibliographies (`refs.bib`, `library.csl.json`) are indexed as
 * bibliographies. `seeds` are compiled into the catalog, as the build does with seeds/.
 */
export function workspace(
  notes: Record<string, string>,
  seeds: readonly SeedDocument[] = [],
  /** `locale`: the editor's display language (`zh-cn` for Chinese messages); English when absent. */
  options: { readonly arxiv?: ArxivMetadataSource; readonly locale?: string } = {},
): TestWorkspace {
  const index = new WorkspaceIndex();
  const texts = new Map<string, string>();
  let cursor: TestWorkspace['cursor'] | undefined;
  for (const [name, raw] of Object.entries(notes)) {
    const uri = noteUri(name);
    const at = raw.indexOf(CURSOR);
    const text = raw.replace(CURSOR, '');
    if (at >= 0) cursor = { uri, position: LineIndex.of(text).positionAt(at) };
    texts.set(uri, text);
    const format = bibliographyFormatOf(name);
    if (format) index.setBibliography(parseBibliography(uri, 1, text, format));
    else index.setDocument(uri, 1, text);
  }
  const catalog = new CatalogIndex(compileCatalog(seeds).catalog, (file) => `${SEEDS_ROOT}/${file}`);
  const service = createLanguageService({ index, workspaceFolders: () => [ROOT], catalog: () => catalog, arxiv: options.arxiv, locale: () => options.locale });
  const first = Object.keys(notes)[0];
  return { index, service, texts, catalog: () => catalog, cursor: cursor ?? { uri: first ? noteUri(first) : ROOT, position: { line: 0, character: 0 } } };
}

/** The text a range covers in a note of the workspace. */
export function textAt(ws: TestWorkspace, uri: string, range: { start: Position; end: Position }): string {
  const text = ws.texts.get(uri)!;
  const lines = LineIndex.of(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}
