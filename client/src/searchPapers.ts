/**
 * "Search papers": a quick pick over the same search as completion, asked of the server as the
 * user types, with the summary beside each paper; choosing one offers what to do with it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type SearchPapersParams, type TopicNode, type TopicPaper, searchPapersRequest } from '../../server/src/protocol';

interface PaperItem extends vscode.QuickPickItem {
  readonly paper: TopicPaper;
}

export function registerSearchPapers(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand('paperNotes.searchPapers', async () => {
    const paper = await pickPaper(client);
    if (!paper) return;
    const node: TopicNode = { id: `search:${paper.key}`, kind: 'paper', label: paper.title ?? paper.displayId, hasChildren: false, paper };
    const actions = [
      { label: vscode.l10n.t('Insert citation'), command: 'paperNotes.insertCitation' },
      ...(paper.notes.length || paper.seedEntry ? [{ label: paper.notes.length ? vscode.l10n.t('Open note') : vscode.l10n.t('Open seed entry'), command: 'paperNotes.openPaper' }] : []),
      ...(paper.links.length ? [{ label: vscode.l10n.t('Open paper page'), command: 'paperNotes.openOnWeb' }] : []),
      ...(paper.notes.length ? [] : [{ label: vscode.l10n.t('Create literature note'), command: 'paperNotes.createLiteratureNote' }]),
      { label: vscode.l10n.t('Copy citation'), command: 'paperNotes.copyCitation' },
    ];
    const action = await vscode.window.showQuickPick(actions, { title: node.label, placeHolder: vscode.l10n.t('What to do with this paper') });
    if (action) await vscode.commands.executeCommand(action.command, node);
  });
}

function pickPaper(client: LanguageClient): Promise<TopicPaper | undefined> {
  const pick = vscode.window.createQuickPick<PaperItem>();
  pick.title = vscode.l10n.t('Search papers');
  pick.placeholder = vscode.l10n.t('Title, author, arXiv ID or Chinese keywords');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  let request = 0;
  const update = async (query: string) => {
    const mine = ++request;
    pick.busy = true;
    const params: SearchPapersParams = { query, limit: 50 };
    const papers = await client.sendRequest<TopicPaper[]>(searchPapersRequest, params);
    if (mine !== request) return;
    // The server has ranked and filtered; keep its order and show every item it sent.
    pick.items = papers.map((paper) => ({
      label: paper.title ?? paper.displayId,
      description: [paper.title && !paper.key.startsWith('title:') ? paper.displayId : '', paper.importance ? '✡'.repeat(Math.min(paper.importance, 5)) : '', paper.notes.length ? '📝' : ''].filter(Boolean).join(' · '),
      detail: paper.summary,
      alwaysShow: true,
      paper,
    }));
    pick.busy = false;
  };
  return new Promise((resolve) => {
    pick.onDidChangeValue((value) => void update(value));
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.paper);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
    void update('');
  });
}
