/**
 * The language service: the core's one entry point for the LSP edge. It knows LSP types but not
 * the connection, the editor or the disk; the host feeds it text through the index.
 */
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentHighlight, DocumentLink, Hover, Location, Position, SymbolInformation } from 'vscode-languageserver-types';
import { provideCitationActions } from './features/citationActions';
import { provideCodeActions } from './features/codeActions';
import { type DiagnosticSettings, defaultDiagnosticSettings, provideBibliographyDiagnostics, provideDiagnostics } from './features/diagnostics';
import { provideWorkspaceSymbols } from './features/workspaceSymbols';
import type { CitationTextFormat, ExportedBibliography, LiteratureNoteTemplate, TopicNode, TopicPaper } from '../protocol';
import { provideBibliography, provideCitationText } from './features/export';
import { CatalogIndex } from './catalogIndex';
import { citationIndex, citationIndexInSlices } from './features/citationIndex';
import { type CitationSettings, defaultCitationSettings, provideCompletion, resolveCompletion } from './features/completion';
import { type ArxivMetadataSource, type FeatureContext, occurrenceAtPosition } from './features/context';
import { provideDefinition } from './features/definition';
import { provideDocumentHighlights } from './features/documentHighlights';
import { provideDocumentLinks } from './features/documentLinks';
import { provideHover } from './features/hover';
import { provideLiteratureNoteTemplate } from './features/literatureNoteTemplate';
import { provideTopicPath, provideTopics, topicPaperFor } from './features/topics';
import { provideReferences } from './features/references';
import type { WorkspaceIndex } from './workspaceIndex';
import { messagesFor } from './messages';

export interface PaperNotesService {
  readonly index: WorkspaceIndex;
  hover(uri: string, position: Position): Hover | undefined;
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  documentLinks(uri: string): DocumentLink[];
  documentHighlights(uri: string, position: Position): DocumentHighlight[];
  topics(parent?: string): TopicNode[];
  /** The Topics tree path to the paper referenced at a position. */
  topicPath(uri: string, position: Position): TopicNode[];
  literatureNoteTemplate(key: string): LiteratureNoteTemplate | undefined;
  /** Citation completion at a position, given the text of its line. */
  completion(uri: string, position: Position, line: string): CompletionList;
  resolveCompletion(item: CompletionItem): CompletionItem;
  /** Papers matching a query, for "Go to Symbol in Workspace". */
  workspaceSymbols(query: string): SymbolInformation[];
  citationText(key: string, format: CitationTextFormat): string | undefined;
  /** The bibliography of one note, or of the workspace when no URI is given. */
  bibliography(uri: string | undefined, format: 'bibtex' | 'csl-json'): ExportedBibliography;
  /** Papers matching a query, as the Topics view describes them. */
  searchPapers(query: string, limit?: number): TopicPaper[];
  /**
   * Starts building the citation search in slices: each call of the returned function does one
   * (a few milliseconds) and says whether more remain. A server runs them between requests once
   * the files are read, so the first completion in a large workspace does not wait seconds.
   */
  citationSearchInSlices(): () => boolean;
  diagnostics(uri: string): Diagnostic[];
  /** The problems of a bibliography file (malformed entries, duplicate keys). */
  bibliographyDiagnostics(uri: string): Diagnostic[];
  /** Every arXiv ID the workspace cites, describes or lists, for prefetching metadata. */
  arxivIds(): string[];
  /** Quick fixes for the diagnostics the editor sends back, and rewrites of the citation at a position (given its line). */
  codeActions(uri: string, diagnostics: readonly Diagnostic[], position?: Position, line?: string): CodeAction[];
}

export interface ServiceOptions {
  readonly index: WorkspaceIndex;
  /** Workspace folder URIs, to show notes by their workspace-relative path. */
  readonly workspaceFolders?: () => readonly string[];
  /** The bundled catalog, asked for only when a feature needs it. */
  readonly catalog?: () => CatalogIndex;
  /** How completion inserts citations (a setting). */
  readonly citationSettings?: () => CitationSettings;
  /** Which diagnostics are on (settings). */
  readonly diagnosticSettings?: () => DiagnosticSettings;
  /** Metadata from the arXiv API (a cache, looking up in the background). */
  readonly arxiv?: ArxivMetadataSource;
  /** False while files are still being read (see FeatureContext.indexSettled). */
  readonly indexSettled?: () => boolean;
  /**
   * The editor's display language (`zh-cn`, `en`, …), asked on every request: hovers, diagnostics,
   * code actions and Topics labels are in Simplified Chinese for Chinese locales, else English.
   */
  readonly locale?: () => string | undefined;
}

export function createLanguageService(options: ServiceOptions): PaperNotesService {
  const emptyCatalog = CatalogIndex.empty();
  const context: FeatureContext = {
    index: options.index,
    catalog: options.catalog ?? (() => emptyCatalog),
    workspaceFolders: options.workspaceFolders ?? (() => []),
    arxiv: options.arxiv,
    indexSettled: options.indexSettled,
    get messages() {
      return messagesFor(options.locale?.());
    },
  };
  return Object.freeze({
    index: options.index,
    hover: (uri: string, position: Position) => provideHover(context, uri, position),
    definition: (uri: string, position: Position) => provideDefinition(context, uri, position),
    references: (uri: string, position: Position, includeDeclaration: boolean) => provideReferences(context, uri, position, includeDeclaration),
    documentLinks: (uri: string) => provideDocumentLinks(context, uri),
    documentHighlights: (uri: string, position: Position) => provideDocumentHighlights(context, uri, position),
    topics: (parent?: string) => provideTopics(context, parent),
    topicPath: (uri: string, position: Position) => {
      const found = occurrenceAtPosition(context, uri, position);
      return found ? provideTopicPath(context, found.occurrence.key) : [];
    },
    literatureNoteTemplate: (key: string) => provideLiteratureNoteTemplate(context, key),
    completion: (_uri: string, position: Position, line: string) =>
      provideCompletion(context, position, line, options.citationSettings?.() ?? defaultCitationSettings),
    resolveCompletion: (item: CompletionItem) => resolveCompletion(context, item),
    workspaceSymbols: (query: string) => provideWorkspaceSymbols(context, query),
    citationText: (key: string, format: CitationTextFormat) => provideCitationText(context, key, format),
    bibliography: (uri: string | undefined, format: 'bibtex' | 'csl-json') => provideBibliography(context, uri, format),
    citationSearchInSlices: () => citationIndexInSlices(context),
    searchPapers: (query: string, limit = 50) =>
      citationIndex(context).search.search(query, { limit: Math.max(1, Math.min(limit, 200)) }).map((hit) => topicPaperFor(context, hit.paper.key)),
    // A bibliography file's diagnostics are its own problems; a note's are about its references.
    diagnostics: (uri: string) =>
      options.index.getBibliography(uri) ? provideBibliographyDiagnostics(context, uri) : provideDiagnostics(context, uri, options.diagnosticSettings?.() ?? defaultDiagnosticSettings),
    bibliographyDiagnostics: (uri: string) => provideBibliographyDiagnostics(context, uri),
    arxivIds: () => options.index.paperKeys().filter((key) => key.startsWith('arxiv:')).map((key) => key.slice('arxiv:'.length)),
    codeActions: (uri: string, diagnostics: readonly Diagnostic[], position?: Position, line?: string) => [
      ...provideCodeActions(uri, diagnostics, context.messages),
      ...(position && line !== undefined ? provideCitationActions(context, uri, position, line, options.citationSettings?.() ?? defaultCitationSettings) : []),
    ],
  });
}
