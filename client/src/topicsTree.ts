/**
 * The Topics view: a tree that asks the server for each level (`paperNotes/topics`) and never
 * reads notes itself. Paper items open the paper's note, or its seed entry, when clicked.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type TopicNode,
  type TopicPathParams,
  type TopicsParams,
  topicPathRequest,
  topicsChangedNotification,
  topicsRequest,
} from '../../server/src/protocol';

export class TopicsTreeProvider implements vscode.TreeDataProvider<TopicNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TopicNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Parents of the nodes the tree has been given, for `reveal`. */
  private readonly parents = new Map<string, TopicNode | undefined>();

  constructor(private readonly client: LanguageClient) {
    this.subscription = client.onNotification(topicsChangedNotification, () => this.refresh());
  }

  refresh(): void {
    // Parents are kept: node ids are stable, and a refresh may land in the middle of a reveal.
    this.changed.fire(undefined);
  }

  async getChildren(parent?: TopicNode): Promise<TopicNode[]> {
    const params: TopicsParams = parent ? { parent: parent.id } : {};
    const children = await this.client.sendRequest<TopicNode[]>(topicsRequest, params);
    for (const child of children) this.parents.set(child.id, parent);
    return children;
  }

  getParent(node: TopicNode): TopicNode | undefined {
    return this.parents.get(node.id);
  }

  /** The tree path to the paper referenced at a position, remembered so the view can reveal its last node. */
  async pathTo(uri: string, position: vscode.Position): Promise<TopicNode[]> {
    const params: TopicPathParams = { textDocument: { uri }, position: { line: position.line, character: position.character } };
    const path = await this.client.sendRequest<TopicNode[]>(topicPathRequest, params);
    path.forEach((node, index) => this.parents.set(node.id, index > 0 ? path[index - 1] : undefined));
    return path;
  }

  getTreeItem(node: TopicNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.kind === 'paper' ? paperContext(node) : node.kind;
    if (node.kind === 'paper') {
      item.iconPath = new vscode.ThemeIcon(node.paper?.notes.length ? 'notebook' : 'file-text');
      if (node.paper) item.command = { command: 'paperNotes.openPaper', title: vscode.l10n.t('Open Paper'), arguments: [node] };
    } else {
      item.iconPath = new vscode.ThemeIcon(node.kind === 'seed' ? 'library' : node.kind === 'notes' ? 'notebook' : 'folder');
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Menus show only the actions a paper supports: `paper.links` when it has web pages, `.pdf` when one is a PDF. */
function paperContext(node: TopicNode): string {
  const links = node.paper?.links ?? [];
  if (!links.length) return 'paper';
  return links.some((link) => link.label === 'PDF') ? 'paper.links.pdf' : 'paper.links';
}
