/**
 * "Look Up arXiv Metadata for the Workspace": asks the server to prefetch every arXiv ID the
 * cache cannot answer, showing the server's progress in a notification the user can cancel.
 */
import * as vscode from 'vscode';
import { type LanguageClient, WorkDoneProgress, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { type PrefetchMetadataParams, type PrefetchMetadataResult, prefetchMetadataRequest } from '../../server/src/protocol';

export function registerMetadataCommands(client: LanguageClient): vscode.Disposable[] {
  let running = false;
  const prefetch = async () => {
    if (running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('arXiv metadata is already being looked up.'));
      return;
    }
    running = true;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking up arXiv metadata'), cancellable: true },
        async (progress, token) => {
          const workDoneToken = `paperNotes/prefetch/${Date.now()}`;
          let reported = 0;
          const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind !== 'report') return;
            const report = value as WorkDoneProgressReport;
            const percent = report.percentage ?? reported;
            progress.report({ increment: Math.max(0, percent - reported), message: report.message });
            reported = percent;
          });
          try {
            const params: PrefetchMetadataParams = { workDoneToken };
            return await client.sendRequest<PrefetchMetadataResult>(prefetchMetadataRequest, params, token);
          } finally {
            listening.dispose();
          }
        },
      );
      void vscode.window.showInformationMessage(describe(result));
    } catch (error) {
      // Cancelling rejects the request; anything else is worth telling.
      if (!(error instanceof vscode.CancellationError) && !/cancel/i.test(String((error as Error).message))) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Looking up arXiv metadata failed: {0}', (error as Error).message));
      }
    } finally {
      running = false;
    }
  };
  return [vscode.commands.registerCommand('paperNotes.prefetchMetadata', prefetch)];
}

function describe(result: PrefetchMetadataResult): string {
  if (result.offline) return vscode.l10n.t('{0} arXiv IDs are not in the cache, but {1}.', String(result.requested), result.offline);
  if (result.requested === 0) return vscode.l10n.t('Every arXiv ID in the workspace is already in the cache.');
  const counts = vscode.l10n.t('{0} found, {1} not on arXiv, {2} not answered.', String(result.found), String(result.missing), String(result.failed));
  return result.cancelled ? vscode.l10n.t('Stopped. {0}', counts) : vscode.l10n.t('Looked up {0} arXiv IDs: {1}', String(result.requested), counts);
}
