/**
 * Commands on papers, from the Topics view's items: open the note or seed entry, open the paper's
 * web pages, copy or insert a citation, create a literature note. Every command takes the tree
 * node it was invoked on; none of them reads or indexes notes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type LiteratureNoteTemplate,
  type LiteratureNoteTemplateParams,
  type TopicLocation,
  type TopicNode,
  type TopicPaper,
  literatureNoteTemplateRequest,
} from '../../server/src/protocol';

export function registerPaperCommands(client: LanguageClient): vscode.Disposable[] {
  const paperOf = (node: TopicNode | undefined): TopicPaper | undefined => {
    if (!node?.paper) void vscode.window.showWarningMessage(vscode.l10n.t('Choose a paper in the Topics view first.'));
    return node?.paper;
  };
  return [
    vscode.commands.registerCommand('paperNotes.openPaper', async (node?: TopicNode) => {
      const paper = paperOf(node);
      const target = paper?.notes[0] ?? paper?.seedEntry;
      if (target) await openAt(target);
      else if (paper) void vscode.window.showInformationMessage(vscode.l10n.t('No note or seed entry describes {0} yet.', paper.displayId));
    }),
    vscode.commands.registerCommand('paperNotes.openOnWeb', async (node?: TopicNode) => {
      const link = paperOf(node)?.links[0];
      if (link) await vscode.env.openExternal(vscode.Uri.parse(link.url));
    }),
    vscode.commands.registerCommand('paperNotes.openPdf', async (node?: TopicNode) => {
      const link = paperOf(node)?.links.find((candidate) => candidate.label === 'PDF');
      if (link) await vscode.env.openExternal(vscode.Uri.parse(link.url));
    }),
    vscode.commands.registerCommand('paperNotes.copyCitation', async (node?: TopicNode) => {
      const paper = paperOf(node);
      if (!paper) return;
      await vscode.env.clipboard.writeText(citationOf(paper));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied citation of {0}', paper.displayId), 3000);
    }),
    vscode.commands.registerCommand('paperNotes.insertCitation', async (node?: TopicNode) => {
      const paper = paperOf(node);
      const editor = vscode.window.activeTextEditor;
      if (!paper) return;
      if (!editor) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Open a note to insert the citation into.'));
        return;
      }
      const citation = citationOf(paper);
      await editor.edit((edit) => editor.selections.forEach((selection) => edit.replace(selection, citation)));
    }),
    vscode.commands.registerCommand('paperNotes.createLiteratureNote', async (node?: TopicNode) => {
      const paper = paperOf(node);
      if (paper) await createLiteratureNote(client, paper.key, paper.displayId);
    }),
    // From the editor's code action on a citation: the server passes the paper key.
    vscode.commands.registerCommand('paperNotes.createLiteratureNoteForKey', async (key?: string) => {
      if (typeof key === 'string') await createLiteratureNote(client, key, key);
    }),
  ];
}

/** A Markdown link to the paper's page, or its title (or ID) where it has no page. */
export function citationOf(paper: TopicPaper): string {
  const title = (paper.title ?? paper.displayId).replace(/[[\]]/g, (c) => `\\${c}`);
  const url = paper.links[0]?.url;
  return url ? `[${title}](${url})` : title;
}

async function openAt(location: TopicLocation): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
  const position = new vscode.Position(location.line, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
}

/** Writes a new literature note in the configured folder and opens it; an existing note is opened, never overwritten. */
async function createLiteratureNote(client: LanguageClient, key: string, displayId: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder to create literature notes in.'));
    return;
  }
  const params: LiteratureNoteTemplateParams = { key };
  const template = await client.sendRequest<LiteratureNoteTemplate | null>(literatureNoteTemplateRequest, params);
  if (!template) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Nothing is known about {0}.', displayId));
    return;
  }
  const relativeFolder = vscode.workspace.getConfiguration('paperNotes').get<string>('literatureNotes.folder', 'literature');
  const target = vscode.Uri.joinPath(folder.uri, relativeFolder, template.fileName);
  const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
  if (!exists) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(template.text));
  }
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
}
