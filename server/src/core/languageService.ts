/**
 * The language service: the core's one entry point for the LSP edge. It knows LSP types but not
 * the connection, the editor or the disk; the host feeds it text through the index.
 */
import type { DocumentHighlight, DocumentLink, Hover, Location, Position } from 'vscode-languageserver-types';
import type { FeatureContext } from './features/context';
import { provideDefinition } from './features/definition';
import { provideDocumentHighlights } from './features/documentHighlights';
import { provideDocumentLinks } from './features/documentLinks';
import { provideHover } from './features/hover';
import { provideReferences } from './features/references';
import type { WorkspaceIndex } from './workspaceIndex';

export interface PaperNotesService {
  readonly index: WorkspaceIndex;
  hover(uri: string, position: Position): Hover | undefined;
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  documentLinks(uri: string): DocumentLink[];
  documentHighlights(uri: string, position: Position): DocumentHighlight[];
}

export interface ServiceOptions {
  readonly index: WorkspaceIndex;
  /** Workspace folder URIs, to show notes by their workspace-relative path. */
  readonly workspaceFolders?: () => readonly string[];
}

export function createLanguageService(options: ServiceOptions): PaperNotesService {
  const context: FeatureContext = { index: options.index, workspaceFolders: options.workspaceFolders ?? (() => []) };
  return Object.freeze({
    index: options.index,
    hover: (uri: string, position: Position) => provideHover(context, uri, position),
    definition: (uri: string, position: Position) => provideDefinition(context, uri, position),
    references: (uri: string, position: Position, includeDeclaration: boolean) => provideReferences(context, uri, position, includeDeclaration),
    documentLinks: (uri: string) => provideDocumentLinks(context, uri),
    documentHighlights: (uri: string, position: Position) => provideDocumentHighlights(context, uri, position),
  });
}
