/**
 * Paper Notes inside a real VS Code (code-server here, desktop VS Code under test-electron):
 * the extension activates on Markdown, its `ready` resolves with the first index, and every
 * feature answers through VS Code's own provider commands. No sleeps: the tests wait on `ready`
 * and on the server's notifications.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { IndexSummary, TopicNode } from '../../../server/src/protocol';

interface PaperNotesApi {
  readonly ready: Promise<IndexSummary>;
  readonly client: LanguageClient;
  readonly topics: vscode.TreeDataProvider<TopicNode>;
}

const EXTENSION_ID = 'paper-notes.paper-notes';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in the fixture workspace');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** The position of `needle` (plus `offset` characters) in an open document. */
function positionOf(document: vscode.TextDocument, needle: string, offset = 2): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is in ${document.uri.path}`);
  return document.positionAt(at + offset);
}

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

describe('Paper Notes in VS Code', () => {
  let api: PaperNotesApi;
  let summary: IndexSummary;
  let notes: vscode.TextDocument;

  before(async () => {
    const extension = vscode.extensions.getExtension<PaperNotesApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // Opening a Markdown note is what activates the extension for a user.
    notes = await vscode.workspace.openTextDocument(workspaceFile('reading/transformer-notes.md'));
    await vscode.window.showTextDocument(notes);
    api = await extension.activate();
    summary = await api.ready;
  });

  it('activates on Markdown and resolves ready with the first index', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.ok(summary.documents >= 4, `indexed ${summary.documents} notes`);
    assert.ok(summary.references > 0);
  });

  it('hovers a reference with the paper card', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', notes.uri, positionOf(notes, '1706.03762'));
    const text = markdownOf(hovers);
    assert.match(text, /Attention Is All You Need/);
    assert.match(text, /Cited \d+ times? in \d+ notes?/);
  });

  it('goes from a Pandoc key to the literature note that declares it', async () => {
    const locations = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', notes.uri, positionOf(notes, '@hu2021lora'));
    const targets = locations.map((location) => ('targetUri' in location ? location.targetUri : location.uri).path);
    assert.deepEqual(targets.map((target) => path.posix.basename(target)), ['lora.md']);
  });

  it('finds references across notes in every form', async () => {
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', notes.uri, positionOf(notes, '1706.03762'));
    const files = new Set(references.map((location) => path.posix.basename(location.uri.path)));
    assert.ok(references.length >= 3, `${references.length} references`);
    assert.ok(files.has('transformer-notes.md') && files.size >= 2, [...files].join(', '));
  });

  it('links references to their canonical pages', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', notes.uri);
    // `arXiv:1706.03762` is no URL: only Paper Notes links it (VS Code links bare URLs itself).
    const reference = new vscode.Range(positionOf(notes, 'arXiv:1706.03762', 0), positionOf(notes, 'arXiv:1706.03762', 'arXiv:1706.03762'.length));
    const link = links.find((candidate) => candidate.range.isEqual(reference));
    assert.equal(link?.target?.toString(true), 'https://arxiv.org/abs/1706.03762', links.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.target}`).join('\n'));
  });

  it('completes a citation after [@ and resolves the item\'s card', async () => {
    const draft = await vscode.workspace.openTextDocument({ language: 'markdown', content: '参见 [@低秩' });
    await vscode.window.showTextDocument(draft);
    const end = draft.lineAt(0).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draft.uri, end, '@', 1);
    const first = list.items[0];
    assert.ok(first, 'a completion for 低秩');
    const edit = first.textEdit instanceof vscode.TextEdit ? first.textEdit.newText : (first.insertText as string);
    assert.equal(edit, '[@hu2021lora]');
    const documentation = first.documentation instanceof vscode.MarkdownString ? first.documentation.value : String(first.documentation ?? '');
    assert.match(documentation, /LoRA/, 'the resolved item carries the paper card');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('finds papers as workspace symbols', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', '低秩');
    // Markdown's own symbols are headings; a paper found by its Chinese summary is Paper Notes'.
    const lora = symbols.find((symbol) => symbol.containerName === 'arXiv:2106.09685');
    assert.ok(lora && /LoRA/.test(lora.name), symbols.map((symbol) => `${symbol.name} (${symbol.containerName})`).join(', '));
  });

  it('registers the Topics view, whose roots are the seeds and then the user\'s notes', async () => {
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const seeds = JSON.parse(await fs.readFile(path.join(extensionPath, 'seeds', 'seeds.json'), 'utf8')) as Array<{ title: string }>;
    const roots = (await api.topics.getChildren()) ?? [];
    assert.deepEqual(roots.slice(0, seeds.length).map((node) => node.label), seeds.map((seed) => seed.title));
    assert.equal(roots.length, seeds.length + 1, 'and one node for the user\'s own notes');
    const seedTopics = (await api.topics.getChildren(roots[2])) ?? [];
    assert.ok(seedTopics.length > 0, `${roots[2].label} has topics`);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['paperNotes.refreshTopics', 'paperNotes.searchPapers', 'paperNotes.prefetchMetadata']) assert.ok(commands.includes(command), command);
  });

  it('copies a paper\'s BibTeX and inserts its citation from the Topics view', async () => {
    const paper = await findPaper(api.topics, '2106.09685');
    await vscode.commands.executeCommand('paperNotes.copyBibtex', paper);
    const bibtex = await vscode.env.clipboard.readText();
    assert.match(bibtex, /^@misc\{hu2021lora,/);
    assert.match(bibtex, /eprint = \{2106\.09685\}/);

    const draft = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'See ' });
    const editor = await vscode.window.showTextDocument(draft);
    editor.selection = new vscode.Selection(draft.lineAt(0).range.end, draft.lineAt(0).range.end);
    await vscode.commands.executeCommand('paperNotes.insertCitation', paper);
    assert.match(draft.getText(), /^See \[LoRA: Low-Rank Adaptation of Large Language Models\]\(https:\/\/arxiv\.org\/abs\/2106\.09685\)$/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('creates a literature note for a paper, and the index learns about it', async () => {
    await vscode.commands.executeCommand('paperNotes.createLiteratureNoteForKey', 'arxiv:1810.04805');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && /literature\/1810\.04805[^/]*\.md$/.test(editor.document.uri.path), editor?.document.uri.path);
    assert.match(editor.document.getText(), /^---\n[\s\S]*arxiv: "?1810\.04805"?\n/);
    // The Topics view refreshes when the server says the index changed; each refresh, ask again.
    const hoverText = async () =>
      markdownOf(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', notes.uri, positionOf(notes, '1810.04805')));
    // Listening before asking, so a refresh between the two is not missed.
    for (;;) {
      let listener: vscode.Disposable | undefined;
      const refreshed = new Promise<void>((resolve) => (listener = api.topics.onDidChangeTreeData?.(() => resolve())));
      const known = /literature note/.test(await hoverText());
      if (!known) await refreshed;
      listener?.dispose();
      if (known) break;
    }
  });
});

/** The Topics view's node for a paper, found under the seeds by breadth-first search. */
async function findPaper(topics: vscode.TreeDataProvider<TopicNode>, id: string): Promise<TopicNode> {
  const queue = [...((await topics.getChildren()) ?? [])];
  for (let visited = 0; queue.length && visited < 2000; visited++) {
    const node = queue.shift()!;
    if (node.paper?.key === `arxiv:${id}`) return node;
    if (node.hasChildren) queue.push(...((await topics.getChildren(node)) ?? []));
  }
  assert.fail(`arXiv:${id} is in the Topics view`);
}
