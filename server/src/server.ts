/**
 * The LSP edge: wires the connection to the host and the language service. Each handler
 * normalises the URI, applies pending edits, delegates, and returns; no paper logic lives here.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type ClientCapabilities,
  type Connection,
  type Disposable,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { createLanguageService } from './core/languageService';
import { messagesFor } from './core/messages';
import { WorkspaceIndex } from './core/workspaceIndex';
import { lazyCatalog } from './host/catalogStore';
import { ArxivLookups } from './host/arxivLookups';
import { createLogger } from './host/logger';
import { cacheFilePath } from './host/metadataCache';
import { pathToUri, uriToPath } from './host/noteFiles';
import { type PaperNotesSettings, defaultSettings, readSettings } from './host/settings';
import { type FileChange, WorkspaceNotes } from './host/workspaceNotes';
import {
  type IndexStatus,
  type LiteratureNoteTemplateParams,
  type CitationTextParams,
  type ExportBibliographyParams,
  type PaperNotesInitializationOptions,
  type PrefetchMetadataParams,
  type PrefetchMetadataResult,
  type SearchPapersParams,
  type TopicPathParams,
  type TopicsChangedParams,
  type TopicsParams,
  indexReadyNotification,
  indexStatusRequest,
  literatureNoteTemplateRequest,
  citationTextRequest,
  exportBibliographyRequest,
  prefetchMetadataRequest,
  workspaceTrustedNotification,
  searchPapersRequest,
  topicPathRequest,
  topicsChangedNotification,
  topicsRequest,
} from './protocol';

/** The catalog is built next to the server bundle; the seeds it points into ship beside dist/. */
const CATALOG_PATH = path.join(__dirname, 'catalog.json');
const SEEDS_FOLDER = path.join(__dirname, '..', 'seeds');
/** Tree refreshes wait for a pause in changes: a burst of edits is one refresh. */
const TOPICS_SETTLE_MS = 300;
const DIAGNOSTICS_SETTLE_MS = 100;
/** How long a slice of building the citation search may hold the thread before requests are read. */
const CITATION_SEARCH_SLICE_MS = 5;
/** How often to look again whether bibliographies are still being read before building it. */
const CITATION_SEARCH_WAIT_MS = 500;

/** A number from the environment, for test hooks; undefined unless a positive integer. */
function environmentNumber(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * One spelling per file: clients differ in how they percent-encode (Neovim leaves `(` `)` `'`
 * alone, vscode-uri encodes them), and the same note must not be indexed twice.
 */
function normaliseUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

function renameEditTarget<T extends { edit?: { changes?: Record<string, unknown> } }>(action: T, from: string, to: string): T {
  const changes = action.edit?.changes;
  if (!changes || from === to || !(from in changes)) return action;
  return { ...action, edit: { ...action.edit, changes: { [to]: changes[from] } } };
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex();
  const logger = createLogger((level, message) => (level === 'warn' ? connection.console.warn(message) : connection.console.info(message)));
  let topicsTimer: ReturnType<typeof setTimeout> | undefined;
  const changedNotes = new Set<string>();
  const announceTopicsChange = (uri: string) => {
    changedNotes.add(uri);
    if (topicsTimer) clearTimeout(topicsTimer);
    topicsTimer = setTimeout(() => {
      const params: TopicsChangedParams = { uris: [...changedNotes].sort() };
      changedNotes.clear();
      void connection.sendNotification(topicsChangedNotification, params);
    }, TOPICS_SETTLE_MS);
  };
  const notes = new WorkspaceNotes(index, logger, defaultSettings, [], announceTopicsChange, (uri) => bibliographyChanged(uri));
  // Answers from arXiv change hovers, titles in the Topics view, completion and diagnostics.
  const lookups = new ArxivLookups(
    logger,
    (ids) => {
      for (const id of ids) for (const uri of index.notesMentioning(`arxiv:${id}`)) announceTopicsChange(uri);
      for (const document of documents.all()) schedulePublish(document.uri);
    },
    // Test hooks, honoured only for an API on 127.0.0.1/localhost (see ArxivLookups).
    { loopbackMinIntervalMs: environmentNumber('PAPER_NOTES_ARXIV_MIN_INTERVAL_MS'), loopbackTimeoutMs: environmentNumber('PAPER_NOTES_ARXIV_TIMEOUT_MS') },
  );
  /** The editor's display language: `initializationOptions.locale`, else the LSP `locale` (VS Code sends its own). */
  let locale: string | undefined;
  const messages = () => messagesFor(locale);
  const service = createLanguageService({
    index,
    locale: () => locale,
    workspaceFolders: () => notes.folders,
    catalog: lazyCatalog(CATALOG_PATH, SEEDS_FOLDER, logger),
    citationSettings: () => notes.currentSettings.citation,
    diagnosticSettings: () => notes.currentSettings.diagnostics,
    arxiv: lookups,
    // "No bibliography defines this key" waits until the files have been read.
    indexSettled: () => referencesRead && !notes.readingBibliographies,
  });
  let globalStoragePath: string | undefined;
  let workspaceTrusted = true;
  async function configureLookups(): Promise<void> {
    const { online } = notes.currentSettings;
    const firstFolder = notes.folders.map(uriToPath).find((folder): folder is string => folder !== undefined);
    await lookups.configure({
      enabled: online.enabled,
      trusted: workspaceTrusted,
      apiBaseUrl: online.apiBaseUrl,
      cachePath: cacheFilePath(online.cacheLocation, globalStoragePath, firstFolder),
    });
  }
  /** A bibliography was read or removed: its own problems, and which keys the open notes can resolve. */
  function bibliographyChanged(uri: string): void {
    // An open .bib (an editor that syncs it) gets its problems with the other open documents.
    if (!documents.all().some((document) => normaliseUri(document.uri) === uri)) {
      void connection.sendDiagnostics({ uri, diagnostics: service.diagnostics(uri) });
    }
    for (const document of documents.all()) schedulePublish(document.uri);
  }
  /** Diagnostics follow edits after a short pause, for open editors only. */
  const diagnosticTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const publishDiagnostics = (clientUri: string) => {
    clearTimeout(diagnosticTimers.get(clientUri));
    diagnosticTimers.delete(clientUri);
    const document = documents.get(clientUri);
    if (!document) return;
    notes.flush();
    const uri = normaliseUri(clientUri);
    void connection.sendDiagnostics({ uri: clientUri, version: document.version, diagnostics: service.diagnostics(uri) });
  };
  const schedulePublish = (clientUri: string) => {
    clearTimeout(diagnosticTimers.get(clientUri));
    diagnosticTimers.set(clientUri, setTimeout(() => publishDiagnostics(clientUri), DIAGNOSTICS_SETTLE_MS));
  };
  let client: ClientCapabilities = {};
  let initializationSettings: PaperNotesSettings = defaultSettings;
  let status: IndexStatus = { ready: false };
  /**
   * Every note's references read once (the first index's first pass), so every literature note's
   * citation key is known; with no bibliography left to read, keys can be checked.
   */
  let referencesRead = false;
  let indexRun: Promise<void> = Promise.resolve();
  let indexGeneration = 0;
  let watchers: Disposable | undefined;

  connection.onInitialize((params): InitializeResult => {
    client = params.capabilities ?? {};
    initializationSettings = readSettings(params.initializationOptions);
    const options = (params.initializationOptions ?? {}) as PaperNotesInitializationOptions;
    globalStoragePath = typeof options.globalStoragePath === 'string' ? options.globalStoragePath : undefined;
    workspaceTrusted = options.workspaceTrusted !== false;
    locale = typeof options.locale === 'string' ? options.locale : typeof params.locale === 'string' ? params.locale : undefined;
    notes.updateSettings(initializationSettings);
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    notes.setFolders(folders.map(normaliseUri));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentHighlightProvider: true,
        // ASCII and the full-width forms Chinese input methods type.
        completionProvider: { triggerCharacters: ['@', '＠', ':', '：'], resolveProvider: true },
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Refactor] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'paper-notes-server' },
    };
  });

  connection.onInitialized(async () => {
    // Each step may fail on a client that refuses it; none of them may stop the first index.
    if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await attempt('register for configuration changes', () => connection.client.register(DidChangeConfigurationNotification.type, { section: 'paperNotes' }));
    }
    if (client.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(() => void refreshFolders());
    }
    await pullSettings();
    await configureLookups();
    await registerWatchers();
    reindex();
  });

  connection.onNotification(workspaceTrustedNotification, () => {
    workspaceTrusted = true;
    void configureLookups();
  });

  connection.onRequest(prefetchMetadataRequest, async (params: PrefetchMetadataParams | null, token): Promise<PrefetchMetadataResult> => {
    notes.flush();
    const ids = service.arxivIds();
    const offline = lookups.offlineCause;
    if (offline) return { requested: lookups.unknown(ids).length, found: 0, missing: 0, failed: 0, cancelled: false, offline: messages().offlineReason(offline) };
    const progress = connection.window.attachWorkDoneProgress(params?.workDoneToken);
    progress.begin(messages().lookingUpMetadata, 0, undefined, true);
    try {
      return await lookups.prefetch(
        ids,
        (done, total) => progress.report(Math.floor((done / Math.max(total, 1)) * 100), messages().arxivIdsProgress(done, total)),
        () => token.isCancellationRequested,
      );
    } finally {
      progress.done();
    }
  });

  async function attempt<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      logger.warnOnce(`attempt:${what}`, `Could not ${what}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Watches the notes the include globs name, plus folders created or deleted (one event for a whole tree). */
  async function registerWatchers(): Promise<void> {
    if (!client.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
    watchers?.dispose();
    watchers = await attempt('watch note files', () =>
      connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          ...[...notes.currentSettings.include, ...notes.currentSettings.bibliographyInclude].map((globPattern) => ({ globPattern })),
          { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
        ],
      }),
    );
  }

  /** Settings from the client; where it has none for us (Helix, Neovim without `settings`), what it sent at start. */
  async function pullSettings(): Promise<boolean> {
    let settings = initializationSettings;
    if (client.workspace?.configuration) {
      const pulled: unknown = await attempt('read settings', () => connection.workspace.getConfiguration('paperNotes'));
      if (pulled !== null && pulled !== undefined) settings = readSettings(pulled);
    }
    return notes.updateSettings(settings);
  }

  async function refreshFolders(): Promise<void> {
    const folders = await attempt('read the workspace folders', () => connection.workspace.getWorkspaceFolders());
    notes.setFolders(folders?.map((folder) => normaliseUri(folder.uri)) ?? []);
    await configureLookups();
    reindex();
  }

  /**
   * Builds the citation search between requests once every file is read (a bibliography read
   * later would otherwise be a change too large to apply and cost the full build again), so the
   * first completion in a large workspace does not wait seconds for it.
   */
  function prepareCitationSearch(): void {
    if (notes.readingBibliographies) {
      setTimeout(prepareCitationSearch, CITATION_SEARCH_WAIT_MS).unref();
      return;
    }
    const slice = service.citationSearchInSlices();
    const run = (): void => {
      const until = Date.now() + CITATION_SEARCH_SLICE_MS;
      while (Date.now() < until) if (!slice()) return;
      // Requests that arrived meanwhile are read and answered before the next slice.
      setImmediate(run);
    };
    setImmediate(run);
  }

  /** Full re-index from disk, one at a time; a newer run makes an older one stop early. */
  function reindex(): void {
    const generation = ++indexGeneration;
    indexRun = indexRun.then(async () => {
      if (generation !== indexGeneration) return;
      const progress: WorkDoneProgressServerReporter | undefined = client.window?.workDoneProgress
        ? await attempt('report progress', () => connection.window.createWorkDoneProgress())
        : undefined;
      progress?.begin(messages().indexingNotes, 0, undefined, false);
      let lastPercent = -1;
      try {
        const summary = await notes.indexAll(
          (done, total, pass) => {
            // The first pass (references) takes about a sixth of the time of the second (entries).
            const share = done / Math.max(total, 1);
            const percent = Math.floor(pass === 'references' ? share * 15 : 15 + share * 85);
            if (percent !== lastPercent) progress?.report(percent, pass === 'references' ? messages().notesProgress(done, total) : messages().entriesProgress(done, total));
            lastPercent = percent;
          },
          () => generation !== indexGeneration,
          () => (referencesRead = true),
        );
        if (generation !== indexGeneration) return;
        status = { ready: true, summary };
        // Diagnostics that waited for the files to be read (unknown citation keys) can be told now.
        for (const document of documents.all()) schedulePublish(document.uri);
        logger.info(
          `Indexed ${summary.documents} notes (${summary.references} references to ${summary.papers} papers) in ${summary.durationMs} ms (references in ${summary.referencesMs} ms); ${summary.skipped} skipped.`,
        );
        void connection.sendNotification(indexReadyNotification, summary);
        prepareCitationSearch();
      } finally {
        progress?.done();
      }
    }).catch((error: Error) => logger.warn(`Indexing failed: ${error.stack ?? error.message}`));
  }

  connection.onDidChangeConfiguration(async () => {
    const filesChanged = await pullSettings();
    await configureLookups();
    for (const document of documents.all()) publishDiagnostics(document.uri);
    if (filesChanged) {
      await registerWatchers();
      reindex();
    }
  });
  connection.onCodeAction(({ textDocument, context, range }) => {
    notes.flush();
    const document = documents.get(textDocument.uri);
    const line = document?.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    // Edits name the document as the client does; the index is asked under the normalised URI.
    const actions = service.codeActions(normaliseUri(textDocument.uri), context.diagnostics, range.start, line);
    return actions.map((action) => renameEditTarget(action, normaliseUri(textDocument.uri), textDocument.uri));
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const kind: FileChange = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      await notes.fileChanged(normaliseUri(change.uri), kind);
    }
  });

  // The seeds shipped with the extension open as ordinary Markdown (from a hover's "Seed entry"
  // link): they are the catalog, not the user's notes, and are never indexed as notes.
  const seedsPrefix = `${pathToUri(SEEDS_FOLDER)}/`;
  documents.onDidChangeContent(({ document }) => {
    const uri = normaliseUri(document.uri);
    if (uri.startsWith(seedsPrefix)) return;
    notes.setEditorText(uri, document.version, document.getText());
    schedulePublish(document.uri);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(diagnosticTimers.get(document.uri));
    diagnosticTimers.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    void notes.closeEditor(normaliseUri(document.uri));
  });

  connection.onHover(({ textDocument, position }) => {
    notes.flush();
    return service.hover(normaliseUri(textDocument.uri), position) ?? null;
  });
  connection.onDefinition(({ textDocument, position }) => {
    notes.flush();
    return service.definition(normaliseUri(textDocument.uri), position);
  });
  connection.onReferences(({ textDocument, position, context }) => {
    notes.flush();
    return service.references(normaliseUri(textDocument.uri), position, context.includeDeclaration);
  });
  connection.onDocumentLinks(({ textDocument }) => {
    notes.flush();
    return service.documentLinks(normaliseUri(textDocument.uri));
  });
  connection.onDocumentHighlight(({ textDocument, position }) => {
    notes.flush();
    return service.documentHighlights(normaliseUri(textDocument.uri), position);
  });
  connection.onCompletion(({ textDocument, position }) => {
    notes.flush();
    const document = documents.get(textDocument.uri);
    if (!document) return { isIncomplete: false, items: [] };
    const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    return service.completion(normaliseUri(textDocument.uri), position, line);
  });
  connection.onCompletionResolve((item) => service.resolveCompletion(item));
  connection.onWorkspaceSymbol(({ query }) => {
    notes.flush();
    return service.workspaceSymbols(query);
  });
  connection.onRequest(indexStatusRequest, (): IndexStatus => status);
  connection.onRequest(topicsRequest, (params: TopicsParams | null) => {
    notes.flush();
    return service.topics(params?.parent);
  });
  connection.onRequest(citationTextRequest, (params: CitationTextParams) => {
    notes.flush();
    const format = params.format === 'csl-json' || params.format === 'formatted' ? params.format : 'bibtex';
    return service.citationText(String(params.key), format) ?? null;
  });
  connection.onRequest(exportBibliographyRequest, (params: ExportBibliographyParams) => {
    notes.flush();
    return service.bibliography(params.uri ? normaliseUri(params.uri) : undefined, params.format === 'csl-json' ? 'csl-json' : 'bibtex');
  });
  connection.onRequest(searchPapersRequest, (params: SearchPapersParams) => {
    notes.flush();
    return service.searchPapers(typeof params?.query === 'string' ? params.query : '', params?.limit);
  });
  connection.onRequest(topicPathRequest, (params: TopicPathParams) => {
    notes.flush();
    return service.topicPath(normaliseUri(params.textDocument.uri), params.position);
  });
  connection.onRequest(literatureNoteTemplateRequest, (params: LiteratureNoteTemplateParams) => {
    notes.flush();
    return service.literatureNoteTemplate(params.key) ?? null;
  });

  // The cache keeps what arrived since its last save.
  connection.onShutdown(async () => {
    await lookups.dispose();
    await notes.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
