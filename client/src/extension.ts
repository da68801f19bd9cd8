/**
 * The VS Code client: starts the language server and hands it the Markdown notes. It never
 * indexes anything itself. `activate` returns an API whose `ready` promise resolves when the
 * server has built its first index, so tests wait on a signal instead of sleeping.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import {
  type IndexStatus,
  type IndexSummary,
  type PaperNotesInitializationOptions,
  type TopicNode,
  indexReadyNotification,
  indexStatusRequest,
  workspaceTrustedNotification,
} from '../../server/src/protocol';
import { registerExportCommands } from './exportCommands';
import { registerMetadataCommands } from './metadataCommands';
import { registerPaperCommands } from './paperCommands';
import { registerSearchPapers } from './searchPapers';
import { TopicsTreeProvider } from './topicsTree';

export interface PaperNotesApi {
  /** Resolves with the first index's summary once the server has indexed the workspace. */
  readonly ready: Promise<IndexSummary>;
  /** The running language client, for tests and for other extensions. */
  readonly client: LanguageClient;
  /** The Topics view's data, as the view shows it (for tests and for other extensions). */
  readonly topics: vscode.TreeDataProvider<TopicNode>;
}


let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<PaperNotesApi> {
  // vscode-languageclient 10+ needs a log output channel, or activation fails.
  const output = vscode.window.createOutputChannel('Paper Notes', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    outputChannel: output,
    // The metadata cache lives in the extension's global storage; an untrusted workspace never
    // goes online. Asked on every (re)start of the server, so trust granted meanwhile counts.
    initializationOptions: (): PaperNotesInitializationOptions => ({
      globalStoragePath: context.globalStorageUri.fsPath,
      workspaceTrusted: vscode.workspace.isTrusted,
    }),
  };
  client = new LanguageClient('paperNotes', 'Paper Notes', serverOptions, clientOptions);

  let resolveReady!: (summary: IndexSummary) => void;
  const ready = new Promise<IndexSummary>((resolve) => (resolveReady = resolve));
  // Registered before start so the first notification cannot be missed.
  context.subscriptions.push(client.onNotification(indexReadyNotification, (summary: IndexSummary) => resolveReady(summary)));

  // Activation does not wait for the server process to start (~200 ms of Node start-up and
  // bundle loading): VS Code counts activation time against the editor's start. Requests and
  // notifications sent before the client is running wait for it.
  const running = client;
  context.subscriptions.push(running);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void running.sendNotification(workspaceTrustedNotification)));
  void running
    .start()
    .then(() => running.sendRequest<IndexStatus>(indexStatusRequest))
    .then((status) => {
      if (status.ready && status.summary) resolveReady(status.summary);
    })
    .catch((error: unknown) => output.error(`The Paper Notes server could not be started: ${error instanceof Error ? error.message : String(error)}`));

  const topics = new TopicsTreeProvider(client);
  const topicsView = vscode.window.createTreeView('paperNotes.topics', { treeDataProvider: topics, showCollapseAll: true });
  context.subscriptions.push(
    topics,
    topicsView,
    vscode.commands.registerCommand('paperNotes.refreshTopics', () => topics.refresh()),
    vscode.commands.registerCommand('paperNotes.revealInTopics', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const path = await topics.pathTo(editor.document.uri.toString(), editor.selection.active);
      const paper = path[path.length - 1];
      if (!paper) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The paper under the cursor is in no topic yet.'));
        return;
      }
      await topicsView.reveal(paper, { select: true, focus: true, expand: true });
    }),
    ...registerPaperCommands(client),
    registerSearchPapers(client),
    ...registerExportCommands(client),
    ...registerMetadataCommands(client),
  );

  return { ready, client, topics };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
