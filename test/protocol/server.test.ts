/**
 * Protocol tests: the built server, spawned over stdio, on a copy of the fixture workspace with
 * hostile files added (binary, invalid UTF-8, oversized, excluded folders).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocumentHighlight, DocumentLink, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import type { IndexStatus, IndexSummary } from '../../server/src/protocol';
import { type ServerSession, pathToFileUri, startServer } from '../support/serverProcess';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/workspace');

describe('language server over stdio', () => {
  let root: string;
  let server: ServerSession;
  let firstIndex: IndexSummary;
  const uri = (relative: string) => pathToFileUri(path.join(root, relative));
  const hoverText = (hover: Hover | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';
  const names = (locations: Location[]) => locations.map((l) => path.relative(root, new URL(l.uri).pathname)).map(decodeURIComponent).sort();

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-protocol-'));
    await fs.cp(FIXTURE, root, { recursive: true });
    // A binary file named .md, a note in a legacy encoding, and one over the size limit.
    await fs.writeFile(path.join(root, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x61, 0x72, 0x58, 0x69, 0x76]));
    await fs.writeFile(path.join(root, 'reading', 'latin1.md'), Buffer.concat([Buffer.from('Caf\xe9 notes: ', 'latin1'), Buffer.from('arXiv:1810.04805\n')]));
    await fs.writeFile(path.join(root, 'huge.md'), `arXiv:1706.03762 ${'x'.repeat(80 * 1024)}\n`);
    await fs.mkdir(path.join(root, '.git'), { recursive: true });
    await fs.writeFile(path.join(root, '.git', 'notes.md'), 'arXiv:1706.03762');
    server = await startServer({ rootPath: root, configuration: { files: { maxSizeKB: 64 } } });
    firstIndex = await server.nextNotification<IndexSummary>('paperNotes/indexReady');
  });

  after(async () => {
    const code = await server.stop();
    await fs.rm(root, { recursive: true, force: true });
    assert.equal(code, 0, 'the server exits cleanly after shutdown/exit');
  });

  it('declares its capabilities', () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.equal(capabilities.documentHighlightProvider, true);
    assert.deepEqual(capabilities.documentLinkProvider, { resolveProvider: false });
  });

  it('indexes the workspace, skipping excluded folders and bad files, and says when it is ready', async () => {
    // literature/ (2), reading/ (3 with latin1.md); not node_modules/, .git/, binary.md or huge.md.
    assert.equal(firstIndex.documents, 5);
    assert.equal(firstIndex.skipped, 2);
    const status = await server.connection.sendRequest<IndexStatus>('paperNotes/indexStatus');
    assert.equal(status.ready, true);
    assert.equal(status.summary?.documents, 5);
    assert.ok(server.logs.some((line) => /binary\.md: looks binary/.test(line)), 'the binary file is logged');
    assert.ok(server.logs.some((line) => /huge\.md: .* over the 64 KB limit/.test(line)), 'the oversized file is logged');
    assert.ok(server.logs.some((line) => /latin1\.md is not valid UTF-8/.test(line)), 'the invalid UTF-8 file is logged');
  });

  it('reports work-done progress while indexing', () => {
    const kinds = server.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(kinds.includes('report'));
  });

  it('registers file watchers for notes and deleted folders', () => {
    const methods = server.registrations.map((r) => (r as { method: string }).method);
    assert.ok(methods.includes('workspace/didChangeWatchedFiles'));
  });

  it('answers hover from the disk index for a note that is not open', async () => {
    const note = uri('reading/2024-大模型阅读笔记.md');
    const text = await fs.readFile(path.join(root, 'reading/2024-大模型阅读笔记.md'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('arXiv：2106.09685'));
    const character = text.split('\n')[line].indexOf('2106.09685');
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line, character } });
    const value = hoverText(hover);
    assert.match(value, /arXiv:2106\\\.09685/);
    assert.match(value, /LoRA: Low\\-Rank Adaptation of Large Language Models/);
    assert.match(value, /literature\/lora\\\.md/);
  });

  it('reads invalid UTF-8 as well as it can', async () => {
    const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri: uri('reading/transformer-notes.md') },
      position: { line: 7, character: 15 },
      context: { includeDeclaration: false },
    });
    assert.deepEqual(names(refs), ['reading/latin1.md', 'reading/transformer-notes.md']);
  });

  it('goes to the literature note from a Pandoc key and from an arXiv URL', async () => {
    const fromKey = await server.connection.sendRequest<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('reading/transformer-notes.md') },
      position: { line: 2, character: 70 },
    });
    assert.deepEqual(names(fromKey), ['literature/attention.md']);
  });

  it('finds references across notes in every form, not in code, comments or excluded folders', async () => {
    const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri: uri('literature/attention.md') },
      position: { line: 2, character: 8 },
      context: { includeDeclaration: true },
    });
    assert.deepEqual(names(refs), ['literature/attention.md', 'reading/2024-大模型阅读笔记.md', 'reading/transformer-notes.md', 'reading/transformer-notes.md']);
  });

  it('lists document links with canonical targets', async () => {
    const links = await server.connection.sendRequest<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: uri('reading/transformer-notes.md') } });
    const targets = links.map((l) => l.target);
    assert.ok(targets.includes('https://arxiv.org/abs/1706.03762'));
    assert.ok(targets.includes('https://arxiv.org/abs/1810.04805'));
    assert.ok(targets.includes('https://openreview.net/forum?id=rkgNKkHtvB'));
    assert.ok(targets.includes('https://doi.org/10.1145/3219819.3220007'));
    assert.ok(targets.includes(uri('literature/attention.md')), 'a citation key links to its literature note');
  });

  it('prefers the open editor over the disk, and follows incremental edits', async () => {
    const note = uri('reading/transformer-notes.md');
    const diskText = await fs.readFile(path.join(root, 'reading/transformer-notes.md'), 'utf8');
    const editorText = `Unsaved: arXiv:2305.01569\n${diskText}`;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: note, languageId: 'markdown', version: 1, text: editorText } });
    let hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 12 } });
    assert.match(hoverText(hover), /arXiv:2305\\\.01569/);

    // Replace "2305.01569" with "2303.08774" by an incremental change.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: note, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 15 }, end: { line: 0, character: 25 } }, text: '2303.08774' }],
    });
    hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 12 } });
    assert.match(hoverText(hover), /arXiv:2303\\\.08774/);

    const highlights = await server.connection.sendRequest<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: note }, position: { line: 4, character: 3 } });
    assert.equal(highlights.length, 2, 'arXiv:1706.03762 and its HTML URL in the same note');

    // A change on disk while the editor is open does not override the editor.
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: note, type: 2 }] });
    hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 12 } });
    assert.match(hoverText(hover), /arXiv:2303\\\.08774/);

    // Closing without saving falls back to the disk text.
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: note } });
    const status = await waitForReferences('reading/transformer-notes.md', 0, 'arXiv:2303.08774');
    assert.equal(status, 0);
  });

  it('follows created, changed and deleted files and folders on disk', async () => {
    const folder = path.join(root, 'new-folder');
    await fs.mkdir(folder);
    const file = path.join(folder, 'fresh.md');
    await fs.writeFile(file, 'Fresh note citing arXiv:2303.08774.');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileUri(file), type: 1 }] });
    assert.equal(await waitForReferences('new-folder/fresh.md', 1, 'arXiv:2303.08774'), 1);

    await fs.writeFile(file, 'Now it cites arXiv:2303.08774 twice: https://arxiv.org/abs/2303.08774');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileUri(file), type: 2 }] });
    assert.equal(await waitForReferences('new-folder/fresh.md', 2, 'arXiv:2303.08774'), 2);

    await fs.rm(folder, { recursive: true });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileUri(folder), type: 3 }] });
    assert.equal(await waitForReferences('new-folder/fresh.md', 0, 'arXiv:2303.08774'), 0);
  });

  it('reads the notes of a folder moved into the workspace, announced by one event', async () => {
    const folder = path.join(root, 'moved-in');
    await fs.mkdir(path.join(folder, 'deep'), { recursive: true });
    await fs.writeFile(path.join(folder, 'deep', 'a.md'), 'Moved note: arXiv:2212.10560');
    await fs.writeFile(path.join(folder, 'not-a-note.txt'), 'arXiv:2212.10560');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileUri(folder), type: 1 }] });
    assert.equal(await waitForReferences('moved-in/deep/a.md', 1, 'arXiv:2212.10560'), 1);
    assert.equal(await waitForReferences('moved-in/not-a-note.txt', 0, 'arXiv:2212.10560'), 0);
  });

  it('drops notes deleted behind its back when the workspace is re-indexed', async () => {
    const file = path.join(root, 'reading', 'short-lived.md');
    await fs.writeFile(file, 'arXiv:2212.10561');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileUri(file), type: 1 }] });
    assert.equal(await waitForReferences('reading/short-lived.md', 1, 'arXiv:2212.10561'), 1);
    await fs.rm(file);
    // No delete event; a settings change makes the server re-index from disk.
    const ready = server.nextNotification<IndexSummary>('paperNotes/indexReady');
    server.setConfiguration({ files: { maxSizeKB: 128 } });
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const summary = await ready;
    assert.equal(summary.skipped, 1, 'huge.md (81 KB) now fits; binary.md is still skipped');
    assert.equal(await waitForReferences('reading/short-lived.md', 0, 'arXiv:2212.10561'), 0);
  });

  /**
   * Notifications have no reply, so the test asks until the server's answer shows the change
   * (each ask is a round trip after the notification; no sleeping on a clock).
   */
  async function waitForReferences(relative: string, expected: number, reference: string): Promise<number> {
    const probe = path.join(root, '.probe.md');
    await fs.writeFile(probe, reference);
    const probeUri = pathToFileUri(probe);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: probeUri, languageId: 'markdown', version: 1, text: reference } });
    let count = -1;
    for (let attempt = 0; attempt < 2000; attempt++) {
      const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
        textDocument: { uri: probeUri },
        position: { line: 0, character: 8 },
        context: { includeDeclaration: false },
      });
      count = refs.filter((l) => l.uri === uri(relative)).length;
      if (count === expected) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: probeUri } });
    await fs.rm(probe);
    return count;
  }
});
