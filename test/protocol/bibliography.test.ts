/**
 * Protocol tests of bibliography files: the built server finds `.bib` and CSL-JSON files in the
 * workspace, resolves Pandoc keys through them, publishes their problems as diagnostics, and
 * follows them when a reference manager rewrites them (write to a temporary file, rename over).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionList, Diagnostic, Hover, Location, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import type { ExportedBibliography, IndexSummary } from '../../server/src/protocol';
import { type ServerSession, pathToFileUri, startServer } from '../support/serverProcess';

const BIB = [
  '@string{mit = "MIT Press"}',
  '',
  '@book{goodfellow2016deep,',
  '  title = {Deep Learning},',
  '  author = {Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron},',
  '  publisher = mit,',
  '  year = {2016},',
  '}',
  '',
  '@article{broken,',
  '  title = {Missing a closing brace,',
  '  year = 2020',
  '',
  '@misc{hu2021lora,',
  '  title = {{LoRA}: Low-Rank Adaptation of Large Language Models},',
  '  author = {Hu, Edward J.},',
  '  eprint = {2106.09685},',
  '  archivePrefix = {arXiv},',
  '  year = {2021},',
  '}',
  '',
].join('\n');

const CSL = JSON.stringify([{ id: 'sutton2018', type: 'book', title: 'Reinforcement Learning: An Introduction', author: [{ family: 'Sutton', given: 'Richard S.' }], issued: { 'date-parts': [[2018]] } }], null, 2);

const NOTE = '# 读书笔记\n\n深度学习的教科书 [@goodfellow2016deep]，强化学习 [@sutton2018]，还有 [@unknown2020key]。\n';

describe('bibliography files over the protocol', { timeout: 120_000 }, () => {
  let root: string;
  let server: ServerSession;
  let summary: IndexSummary;
  const uri = (relative: string) => pathToFileUri(path.join(root, relative));
  const published = new Map<string, Diagnostic[][]>();
  const waiters: Array<{ uri: string; accept: (diagnostics: Diagnostic[]) => boolean; resolve: (diagnostics: Diagnostic[]) => void }> = [];

  /** The next (or an already received) diagnostics of a file that satisfy `accept`. */
  function diagnosticsOf(fileUri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const seen = (published.get(fileUri) ?? []).find(accept);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiters.push({ uri: fileUri, accept, resolve }));
  }

  const definitionAt = async (relative: string, needle: string) => {
    const text = await fs.readFile(path.join(root, relative), 'utf8');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    return server.connection.sendRequest<Location[]>('textDocument/definition', {
      textDocument: { uri: uri(relative) },
      position: { line, character: lines[line].indexOf(needle) + 2 },
    });
  };

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-bibliography-'));
    await fs.writeFile(path.join(root, 'notes.md'), NOTE);
    await fs.writeFile(path.join(root, 'refs.bib'), BIB);
    await fs.mkdir(path.join(root, 'zotero'));
    await fs.writeFile(path.join(root, 'zotero', 'library.csl.json'), CSL);
    await fs.mkdir(path.join(root, 'node_modules', 'pkg'), { recursive: true });
    await fs.writeFile(path.join(root, 'node_modules', 'pkg', 'refs.bib'), '@misc{excluded, title = {never read}}');
    server = await startServer({ rootPath: root, configuration: {} });
    server.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      published.set(params.uri, [...(published.get(params.uri) ?? []), params.diagnostics]);
      for (const waiter of [...waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    summary = await server.nextNotification<IndexSummary>('paperNotes/indexReady');
  });

  after(async () => {
    const code = await server.stop();
    await fs.rm(root, { recursive: true, force: true });
    assert.equal(code, 0);
  });

  it('finds the bibliographies of the workspace, not those in excluded folders', () => {
    assert.equal(summary.documents, 1);
    assert.equal(summary.bibliographies, 2);
    assert.equal(summary.bibliographyEntries, 3, 'two good BibTeX entries and one CSL item; the broken entry is skipped');
  });

  it('publishes a malformed entry as an error in the .bib file', async () => {
    const diagnostics = await diagnosticsOf(uri('refs.bib'), (d) => d.length > 0);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 1);
    assert.equal(diagnostics[0].range.start.line, 9, 'on the broken entry');
  });

  it('goes from a Pandoc key to its entry, in BibTeX and in CSL-JSON', async () => {
    const bib = await definitionAt('notes.md', '@goodfellow2016deep');
    assert.deepEqual(bib.map((l) => [l.uri, l.range.start.line]), [[uri('refs.bib'), 2]]);
    const csl = await definitionAt('notes.md', '@sutton2018');
    assert.deepEqual(csl.map((l) => [l.uri, l.range.start.line]), [[uri('zotero/library.csl.json'), 2]]);
  });

  it('hovers a key with what its entry says', async () => {
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('notes.md') }, position: { line: 2, character: NOTE.split('\n')[2].indexOf('@sutton') + 3 } });
    const text = (hover?.contents as MarkupContent).value;
    assert.match(text, /\*\*Reinforcement Learning: An Introduction\*\*/);
    assert.match(text, /Richard S\\\. Sutton · 2018/);
  });

  it('reports a key no bibliography defines in an open note', async () => {
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('notes.md'), languageId: 'markdown', version: 1, text: NOTE } });
    const diagnostics = await diagnosticsOf(uri('notes.md'), (d) => d.some((x) => x.code === 'citekey-unknown'));
    assert.deepEqual(diagnostics.filter((d) => d.code === 'citekey-unknown').map((d) => d.message), ['No bibliography file or literature note in this workspace defines the citation key @unknown2020key.']);
  });

  it('completes keys from the bibliography', async () => {
    const text = '见 [@deep';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('draft.md'), languageId: 'markdown', version: 1, text } });
    const list = await server.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: uri('draft.md') }, position: { line: 0, character: text.length } });
    assert.equal((list.items[0]?.textEdit as TextEdit | undefined)?.newText, '[@goodfellow2016deep]');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('draft.md') } });
  });

  it('exports cited papers under the keys the bibliography defines', async () => {
    const exported = await server.connection.sendRequest<ExportedBibliography>('paperNotes/exportBibliography', { uri: uri('notes.md'), format: 'bibtex' });
    assert.match(exported.text, /@misc\{goodfellow2016deep,/);
    assert.deepEqual(exported.unresolved, ['unknown2020key']);
  });

  it('follows a reference manager rewriting the file: new keys resolve, fixed problems clear', async () => {
    const fixed = BIB.replace('Missing a closing brace,', 'Fixed},').replace('year = 2020\n', 'year = 2020\n}\n').replace('@article{broken', '@article{unknown2020key');
    // Better BibTeX and Zotero write a temporary file and rename it over the old one.
    const temporary = path.join(root, '.refs.bib.tmp');
    await fs.writeFile(temporary, fixed);
    await fs.rename(temporary, path.join(root, 'refs.bib'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('refs.bib'), type: 2 }] });
    await diagnosticsOf(uri('refs.bib'), (d) => d.length === 0);
    const definition = await definitionAt('notes.md', '@unknown2020key');
    assert.deepEqual(definition.map((l) => [l.uri, l.range.start.line]), [[uri('refs.bib'), 9]]);
    await diagnosticsOf(uri('notes.md'), (d) => !d.some((x) => x.code === 'citekey-unknown'));
  });

  it('forgets a deleted bibliography and clears its diagnostics', async () => {
    await fs.writeFile(path.join(root, 'refs.bib'), BIB);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('refs.bib'), type: 2 }] });
    await diagnosticsOf(uri('refs.bib'), (d) => d.length === 1);
    published.delete(uri('refs.bib'));
    await fs.rm(path.join(root, 'refs.bib'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('refs.bib'), type: 3 }] });
    await diagnosticsOf(uri('refs.bib'), (d) => d.length === 0);
    assert.deepEqual(await definitionAt('notes.md', '@goodfellow2016deep'), []);
  });
});
