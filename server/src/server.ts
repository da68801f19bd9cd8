/**
 * The LSP edge: wires the connection to the host and the language service. Each handler applies
 * pending edits, delegates, and returns; no paper logic lives here.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from './core/languageService';
import { WorkspaceIndex } from './core/workspaceIndex';
import { createLogger } from './host/logger';
import { type PaperNotesSettings, defaultSettings, readSettings } from './host/settings';
import { type FileChange, WorkspaceNotes } from './host/workspaceNotes';
import { type IndexStatus, indexReadyNotification, indexStatusRequest } from './protocol';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex();
  const logger = createLogger((level, message) => (level === 'warn' ? connection.console.warn(message) : connection.console.info(message)));
  const notes = new WorkspaceNotes(index, logger, defaultSettings);
  const service = createLanguageService({ index, workspaceFolders: () => notes.folders });
  let client: ClientCapabilities = {};
  let initializationSettings: PaperNotesSettings = defaultSettings;
  let status: IndexStatus = { ready: false };
  let indexRun: Promise<void> = Promise.resolve();
  let indexGeneration = 0;

  connection.onInitialize((params): InitializeResult => {
    client = params.capabilities ?? {};
    initializationSettings = readSettings(params.initializationOptions);
    notes.updateSettings(initializationSettings);
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    notes.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentHighlightProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'paper-notes-server' },
    };
  });

  connection.onInitialized(async () => {
    if (client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{md,markdown}' },
          // A folder deleted, moved or copied arrives as one event for the folder, not one per note inside it.
          { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
        ],
      });
    }
    if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'paperNotes' });
    }
    if (client.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(() => void refreshFolders());
    }
    await pullSettings();
    reindex();
  });

  async function pullSettings(): Promise<boolean> {
    let settings = initializationSettings;
    if (client.workspace?.configuration) {
      try {
        settings = readSettings(await connection.workspace.getConfiguration('paperNotes'));
      } catch (error) {
        logger.warnOnce('configuration', `Could not read settings, using defaults: ${(error as Error).message}`);
      }
    }
    return notes.updateSettings(settings);
  }

  async function refreshFolders(): Promise<void> {
    const folders = await connection.workspace.getWorkspaceFolders();
    notes.setFolders(folders?.map((folder) => folder.uri) ?? []);
    reindex();
  }

  /** Full re-index from disk, one at a time; a newer run makes an older one stop early. */
  function reindex(): void {
    const generation = ++indexGeneration;
    indexRun = indexRun.then(async () => {
      if (generation !== indexGeneration) return;
      const progress = client.window?.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
      progress?.begin('Paper Notes: indexing notes', 0, undefined, false);
      let lastPercent = -1;
      const summary = await notes.indexAll(
        (done, total) => {
          const percent = Math.floor((done / Math.max(total, 1)) * 100);
          if (percent !== lastPercent) progress?.report(percent, `${done}/${total} notes`);
          lastPercent = percent;
        },
        () => generation !== indexGeneration,
      );
      progress?.done();
      if (generation !== indexGeneration) return;
      status = { ready: true, summary };
      logger.info(`Indexed ${summary.documents} notes (${summary.references} references to ${summary.papers} papers) in ${summary.durationMs} ms; ${summary.skipped} skipped.`);
      void connection.sendNotification(indexReadyNotification, summary);
    }).catch((error: Error) => logger.warn(`Indexing failed: ${error.stack ?? error.message}`));
  }

  connection.onDidChangeConfiguration(async () => {
    if (await pullSettings()) reindex();
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const kind: FileChange = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      await notes.fileChanged(change.uri, kind);
    }
  });

  documents.onDidChangeContent(({ document }) => notes.changeDocument(document.uri, document.version, document.getText()));
  documents.onDidClose(({ document }) => void notes.closeDocument(document.uri));

  connection.onHover(({ textDocument, position }) => {
    notes.flush();
    return service.hover(textDocument.uri, position) ?? null;
  });
  connection.onDefinition(({ textDocument, position }) => {
    notes.flush();
    return service.definition(textDocument.uri, position);
  });
  connection.onReferences(({ textDocument, position, context }) => {
    notes.flush();
    return service.references(textDocument.uri, position, context.includeDeclaration);
  });
  connection.onDocumentLinks(({ textDocument }) => {
    notes.flush();
    return service.documentLinks(textDocument.uri);
  });
  connection.onDocumentHighlight(({ textDocument, position }) => {
    notes.flush();
    return service.documentHighlights(textDocument.uri, position);
  });
  connection.onRequest(indexStatusRequest, (): IndexStatus => status);

  documents.listen(connection);
  connection.listen();
}
