/**
 * Export commands: copy one paper's citation (BibTeX, CSL-JSON, formatted) from the Topics view,
 * and save the bibliography of the current note or of the workspace as .bib or CSL-JSON.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type CitationTextFormat,
  type CitationTextParams,
  type ExportBibliographyParams,
  type ExportedBibliography,
  type TopicNode,
  citationTextRequest,
  exportBibliographyRequest,
} from '../../server/src/protocol';

export function registerExportCommands(client: LanguageClient): vscode.Disposable[] {
  const copy = (format: CitationTextFormat) => async (node?: TopicNode) => {
    const key = node?.paper?.key;
    if (!key) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Choose a paper in the Topics view first.'));
      return;
    }
    const params: CitationTextParams = { key, format };
    const text = await client.sendRequest<string | null>(citationTextRequest, params);
    if (!text) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Nothing is known about {0}.', node.paper?.displayId ?? key));
      return;
    }
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', node.paper?.displayId ?? key), 3000);
  };
  const exportTo = (scope: 'note' | 'workspace') => async () => {
    const editor = vscode.window.activeTextEditor;
    if (scope === 'note' && editor?.document.languageId !== 'markdown') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a Markdown note to export its bibliography.'));
      return;
    }
    const format = await vscode.window.showQuickPick(
      [
        { label: 'BibTeX (.bib)', format: 'bibtex' as const, extension: 'bib' },
        { label: 'CSL-JSON (.json)', format: 'csl-json' as const, extension: 'json' },
      ],
      { placeHolder: vscode.l10n.t('Export as') },
    );
    if (!format) return;
    const params: ExportBibliographyParams = { uri: scope === 'note' ? editor!.document.uri.toString() : undefined, format: format.format };
    const result = await client.sendRequest<ExportedBibliography>(exportBibliographyRequest, params);
    if (result.papers === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No papers are cited here.'));
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = scope === 'note' ? editor!.document.uri.path.replace(/^.*\//, '').replace(/\.[^.]+$/, '') : 'bibliography';
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${format.extension}`) : undefined,
      filters: { [format.label]: [format.extension] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
    const skipped = result.unresolved.length ? ` ${vscode.l10n.t('Not tied to a paper: {0}.', result.unresolved.join(', '))}` : '';
    void vscode.window.showInformationMessage(`${vscode.l10n.t('Exported {0} papers.', String(result.papers))}${skipped}`);
  };
  return [
    vscode.commands.registerCommand('paperNotes.copyBibtex', copy('bibtex')),
    vscode.commands.registerCommand('paperNotes.copyCslJson', copy('csl-json')),
    vscode.commands.registerCommand('paperNotes.copyFormattedCitation', copy('formatted')),
    vscode.commands.registerCommand('paperNotes.exportNoteBibliography', exportTo('note')),
    vscode.commands.registerCommand('paperNotes.exportWorkspaceBibliography', exportTo('workspace')),
  ];
}
