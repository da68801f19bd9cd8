/**
 * The server with clients unlike VS Code: one that refuses registrations and progress, one that
 * sends settings only at start-up (Helix), one that spells file URIs its own way (Neovim).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import type { IndexStatus, IndexSummary } from '../../server/src/protocol';
import { type ServerOptions, type ServerSession, pathToFileUri, startServer } from '../support/serverProcess';

// The timeout only turns a hang (a server that never says ready) into a failure; it measures nothing.
describe('language server with other clients', { timeout: 120_000 }, () => {
  let root: string;
  const sessions: ServerSession[] = [];

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-clients-'));
    await fs.writeFile(path.join(root, 'a.md'), 'Markdown note: arXiv:1706.03762');
    await fs.writeFile(path.join(root, 'b.qmd'), 'Quarto note: arXiv:2106.09685');
    await fs.writeFile(path.join(root, 'Vaswani (2017).md'), 'Attention: arXiv:1706.03762');
  });

  after(async () => {
    for (const session of sessions) assert.equal(await session.stop(), 0);
    await fs.rm(root, { recursive: true, force: true });
  });

  async function start(options: Omit<ServerOptions, 'rootPath'>): Promise<{ server: ServerSession; summary: IndexSummary }> {
    const server = await startServer({ rootPath: root, ...options });
    sessions.push(server);
    return { server, summary: await server.nextNotification<IndexSummary>('paperNotes/indexReady') };
  }

  it('indexes even when the client refuses registrations and progress', async () => {
    const { server, summary } = await start({ refuseRequests: true });
    assert.equal(summary.documents, 2);
    const status = await server.connection.sendRequest<IndexStatus>('paperNotes/indexStatus');
    assert.equal(status.ready, true);
    assert.ok(server.logs.some((line) => /Could not watch note files/.test(line)), 'the refusal is logged');
  });

  it('keeps the start-up settings when the client has none to give later', async () => {
    // Helix answers workspace/configuration with null and sends its `config` as initializationOptions.
    const { summary, server } = await start({ configuration: null, initializationOptions: { files: { include: ['**/*.qmd'] } } });
    assert.equal(summary.documents, 1);
    const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri: pathToFileUri(path.join(root, 'b.qmd')) },
      position: { line: 0, character: 20 },
      context: { includeDeclaration: true },
    });
    assert.equal(refs.length, 1);
  });

  it('treats differently encoded URIs of one file as one note', async () => {
    const { server } = await start({});
    const file = path.join(root, 'Vaswani (2017).md');
    // Neovim leaves parentheses unencoded; vscode-uri encodes them.
    const neovimUri = `file://${file.split(path.sep).map((part) => encodeURIComponent(part).replace(/%28/g, '(').replace(/%29/g, ')')).join('/')}`;
    assert.notEqual(neovimUri, pathToFileUri(file));
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: neovimUri, languageId: 'markdown', version: 1, text: 'Attention: arXiv:1706.03762' } });
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: neovimUri }, position: { line: 0, character: 15 } });
    assert.match((hover?.contents as MarkupContent).value, /Cited 2 times in 2 notes/, 'a.md and this note, not this note twice');
  });
});
