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
import type { IndexStatus, IndexSummary, TopicNode } from '../../server/src/protocol';
import { type ServerSession, pathToFileUri, startServer } from '../support/serverProcess';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/workspace');

// The timeout only turns a hang (a server that never says ready) into a failure; it measures nothing.
describe('language server over stdio', { timeout: 120_000 }, () => {
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
    assert.ok(firstIndex.referencesMs >= 0 && firstIndex.referencesMs <= firstIndex.durationMs, JSON.stringify(firstIndex));
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

  it('watches the notes its include globs name, and folders created or deleted', () => {
    const registration = server.registrations.find((r) => (r as { method: string }).method === 'workspace/didChangeWatchedFiles') as
      | { registerOptions: { watchers: Array<{ globPattern: string; kind?: number }> } }
      | undefined;
    assert.deepEqual(registration?.registerOptions.watchers, [
      { globPattern: '**/*.md' },
      { globPattern: '**/*.markdown' },
      ...['**/*.bib', '**/*.bibtex', '**/*.biblatex', '**/*.csl.json', '**/*.csl-json', '**/references.json', '**/bibliography.json'].map((globPattern) => ({ globPattern })),
      { globPattern: '**/*', kind: 1 | 4 },
    ]);
  });

  it('answers hover from the disk index for a note that is not open', async () => {
    const note = uri('reading/2024-大模型阅读笔记.md');
    const text = await fs.readFile(path.join(root, 'reading/2024-大模型阅读笔记.md'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('arXiv：2106.09685'));
    const character = text.split('\n')[line].indexOf('2106.09685');
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line, character } });
    const value = hoverText(hover);
    assert.match(value, /`arXiv:2106\.09685`/);
    assert.match(value, /LoRA: Low\\-Rank Adaptation of Large Language Models/);
    assert.match(value, /literature\/lora\\\.md/);
    // From the bundled catalog: seed 002's topic, stars and Chinese introduction.
    assert.match(value, /Topics: LLM\\_Paper\\_Reading › LLM的关键技术 › 2\\\.4 PEFT/);
    assert.match(value, /✡✡✡✡✡/);
    assert.match(value, /LoRa 微调方法论文/);
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
    // The literature note is the one place to go: no list of lesser places beside it.
    assert.deepEqual(names(fromKey), ['literature/attention.md']);
    const text = await fs.readFile(path.join(root, 'reading/2024-大模型阅读笔记.md'), 'utf8');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('https://arxiv.org/pdf/1706.03762v7'));
    const fromUrl = await server.connection.sendRequest<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('reading/2024-大模型阅读笔记.md') },
      position: { line, character: lines[line].indexOf('1706.03762') },
    });
    assert.deepEqual(names(fromUrl), ['literature/attention.md']);
    // A paper with no note of the user's goes to its seed entry.
    const line2 = lines.findIndex((l) => l.includes('arxiv.org/abs/2005.14165'));
    const toSeed = await server.connection.sendRequest<Location[]>('textDocument/definition', {
      textDocument: { uri: uri('reading/2024-大模型阅读笔记.md') },
      position: { line: line2, character: lines[line2].indexOf('2005.14165') },
    });
    assert.ok(toSeed.length > 0 && toSeed.every((l) => /\/seeds\/00\d-[a-z-]+\.md$/.test(l.uri)), toSeed.map((l) => l.uri).join());
  });

  it('finds references across notes in every form, not in code, comments or excluded folders', async () => {
    const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri: uri('literature/attention.md') },
      position: { line: 2, character: 8 },
      context: { includeDeclaration: true },
    });
    // attention.md declares both arXiv:1706.03762 and citekey vaswani2017attention, so the two
    // [@vaswani2017attention] citations are references to the same paper.
    assert.deepEqual(names(refs), [
      'literature/attention.md',
      'literature/attention.md',
      'reading/2024-大模型阅读笔记.md',
      'reading/transformer-notes.md',
      'reading/transformer-notes.md',
      'reading/transformer-notes.md',
      'reading/transformer-notes.md',
    ]);
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

  it('completes citations from the catalog and notes, and resolves the card', async () => {
    const capabilities = server.initializeResult.capabilities;
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['@', '＠', ':', '：']);
    const note = 'untitled:completion';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: note, languageId: 'markdown', version: 1, text: '参见【@低秩' } });
    const list = await server.connection.sendRequest<{ isIncomplete: boolean; items: Array<{ label: string; data: unknown; textEdit: { newText: string } }> }>('textDocument/completion', {
      textDocument: { uri: note },
      position: { line: 0, character: 6 },
      context: { triggerKind: 2, triggerCharacter: '@' },
    });
    assert.equal(list.isIncomplete, true);
    const lora = list.items.find((item) => /LoRA/i.test(item.label));
    assert.ok(lora, list.items.map((item) => item.label).slice(0, 5).join('\n'));
    assert.equal(lora.textEdit.newText, '[@hu2021lora]', 'the literature note\'s citekey, in ASCII brackets');
    const resolved = await server.connection.sendRequest<{ documentation?: { value: string } }>('completionItem/resolve', { label: lora.label, data: lora.data });
    assert.match(resolved.documentation?.value ?? '', /LoRa 微调方法论文/);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: note } });

    const found = await server.connection.sendRequest<Array<{ key: string; title?: string; summary?: string; notes: unknown[] }>>('paperNotes/searchPapers', { query: '低秩', limit: 5 });
    assert.equal(found[0]?.key, 'arxiv:2106.09685');
    assert.ok(found.length <= 5);
    assert.ok(found[0].notes.length > 0, 'the literature note is known');
    assert.match(found[0].summary ?? '', /低秩适配/, "the user's own words first");

    const bibtex = await server.connection.sendRequest<string | null>('paperNotes/citationText', { key: 'arxiv:2106.09685', format: 'bibtex' });
    assert.match(bibtex ?? '', /^@misc\{hu2021lora,[\s\S]*eprint = \{2106\.09685\}/);
    const exported = await server.connection.sendRequest<{ text: string; papers: number }>('paperNotes/exportBibliography', { uri: uri('reading/transformer-notes.md'), format: 'csl-json' });
    assert.ok(exported.papers >= 4, `${exported.papers}`);
    assert.ok((JSON.parse(exported.text) as Array<{ id: string }>).some((item) => item.id === 'vaswani2017attention'));

    const symbols = await server.connection.sendRequest<Array<{ name: string; containerName?: string; location: { uri: string } }>>('workspace/symbol', { query: '低秩' });
    assert.equal(symbols[0]?.containerName, 'arXiv:2106.09685');
    assert.equal(symbols[0]?.location.uri, uri('literature/lora.md'), 'placed at the literature note');
  });

  it('publishes diagnostics for open notes and offers the quick fix', async () => {
    const note = 'untitled:diagnostics';
    const published = new Promise<{ uri: string; diagnostics: Array<{ code: string; range: unknown; data?: unknown; source?: string; message: string }> }>((resolve) => {
      const listener = server.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: [] }) => {
        if (params.uri === note && params.diagnostics.length) {
          listener.dispose();
          resolve(params);
        }
      });
    });
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: note, languageId: 'markdown', version: 1, text: '错号 arXiv:2113.01234 与 arXiv:1501.0001\n' } });
    const { diagnostics } = await published;
    assert.deepEqual(diagnostics.map((d) => d.code), ['arxiv-invalid', 'arxiv-mispadded']);
    const actions = await server.connection.sendRequest<Array<{ title: string }>>('textDocument/codeAction', {
      textDocument: { uri: note },
      range: diagnostics[1].range,
      context: { diagnostics: [diagnostics[1]] },
    });
    // The quick fix first, then the rewrites every citation offers.
    assert.equal(actions[0]?.title, 'Change to 1501.00001');
    assert.ok(actions.some((a) => a.title === 'Write as a Pandoc citation [@key]'));
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: note } });
  });

  it('serves the Topics tree: seeds, their topics and papers, and the user\'s topics', async () => {
    const roots = await server.connection.sendRequest<TopicNode[]>('paperNotes/topics', {});
    assert.deepEqual(roots.map((node) => node.label), ['示例动物园 (Accelerate)', '机器学习趋势阅读笔记', 'LLM_Paper_Reading', '有趣論文蒐集', '人工智能领域论文推荐', 'My notes']);
    const llm = roots.find((node) => node.label === 'LLM_Paper_Reading')!;
    const walk = async (parent: TopicNode, label: RegExp) => (await server.connection.sendRequest<TopicNode[]>('paperNotes/topics', { parent: parent.id })).find((node) => label.test(node.label))!;
    // The seed's own title heading is not repeated: its children are the seed's topics.
    const seedChildren = await server.connection.sendRequest<TopicNode[]>('paperNotes/topics', { parent: llm.id });
    assert.ok(!seedChildren.some((node) => node.label === 'LLM_Paper_Reading'), seedChildren.map((n) => n.label).join());
    assert.ok(Number(llm.description) > 100, `002 lists over 100 papers, not ${llm.description}`);
    const keyTechniques = await walk(llm, /关键技术/);
    const peft = await walk(keyTechniques, /PEFT/);
    const papers = await server.connection.sendRequest<TopicNode[]>('paperNotes/topics', { parent: peft.id });
    const lora = papers.find((node) => node.paper?.key === 'arxiv:2106.09685');
    assert.ok(lora, papers.map((p) => p.label).join('\n'));
    assert.match(lora.description ?? '', /arXiv:2106\.09685 · ✡✡✡✡✡ · 📝 · cited \d+×/);
    assert.equal(lora.paper?.notes[0]?.uri, uri('literature/lora.md'));
    assert.match(lora.paper?.seedEntry?.uri ?? '', /seeds\/002-llm-paper-reading\.md$/);

    const mine = await server.connection.sendRequest<TopicNode[]>('paperNotes/topics', { parent: 'notes' });
    for (const label of ['PEFT', 'Transformer', '微调', '微调方法对比']) assert.ok(mine.some((node) => node.label === label), `${label} in ${mine.map((m) => m.label)}`);

    const text = await fs.readFile(path.join(root, 'reading/2024-大模型阅读笔记.md'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('arXiv：2106.09685'));
    const treePath = await server.connection.sendRequest<TopicNode[]>('paperNotes/topicPath', {
      textDocument: { uri: uri('reading/2024-大模型阅读笔记.md') },
      position: { line, character: text.split('\n')[line].indexOf('2106.09685') },
    });
    assert.deepEqual(treePath.map((node) => node.kind), ['seed', 'topic', 'topic', 'paper']);
    assert.equal(treePath[3].paper?.key, 'arxiv:2106.09685');

    const template = await server.connection.sendRequest<{ fileName: string; text: string } | null>('paperNotes/literatureNoteTemplate', { key: 'arxiv:2005.14165' });
    assert.match(template?.fileName ?? '', /^2005\.14165-language-models-are-few-shot-learners\.md$/i);
    assert.match(template?.text ?? '', /arxiv: "2005\.14165"/);
  });

  it('does not take a shipped seed opened in an editor for one of the user\'s notes', async () => {
    const seedPath = path.resolve(__dirname, '../../../seeds/002-llm-paper-reading.md');
    const seedUri = pathToFileUri(seedPath);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: seedUri, languageId: 'markdown', version: 1, text: await fs.readFile(seedPath, 'utf8') } });
    const found = await referencesTo('arXiv:2106.09685');
    assert.ok(found.length > 0);
    assert.ok(!found.some((location) => location.uri === seedUri), 'no reference is counted in the seed');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: seedUri } });
  });

  it('tells the client which notes changed the tree', async () => {
    server.drain('paperNotes/topicsChanged');
    const note = 'untitled:tree-change';
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: note, languageId: 'markdown', version: 1, text: '## 新主题\n\n- [Some paper](https://arxiv.org/abs/2212.10564) 笔记\n' },
    });
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 0 } });
    for (;;) {
      const { uris } = await server.nextNotification<{ uris: string[] }>('paperNotes/topicsChanged');
      if (uris.includes(note)) break;
    }
    const mine = await server.connection.sendRequest<TopicNode[]>('paperNotes/topics', { parent: 'notes' });
    assert.ok(mine.some((node) => node.label === '新主题'));
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: note } });
  });

  it('prefers the open editor over the disk, and follows incremental edits', async () => {
    const note = uri('reading/transformer-notes.md');
    const diskText = await fs.readFile(path.join(root, 'reading/transformer-notes.md'), 'utf8');
    // The editor's text lacks the OpenReview link the file on disk has.
    const editorText = `Unsaved: arXiv:2305.01569\n${diskText.replace('https://openreview.net/forum?id=rkgNKkHtvB', 'removed')}`;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: note, languageId: 'markdown', version: 1, text: editorText } });
    let hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 12 } });
    assert.match(hoverText(hover), /`arXiv:2305\.01569`/);

    // Replace "2305.01569" with "2303.08774" by an incremental change.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: note, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 15 }, end: { line: 0, character: 25 } }, text: '2303.08774' }],
    });
    hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 12 } });
    assert.match(hoverText(hover), /`arXiv:2303\.08774`/);

    const highlights = await server.connection.sendRequest<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: note }, position: { line: 4, character: 3 } });
    assert.equal(highlights.length, 4, 'arXiv:1706.03762, its HTML URL, and the two [@vaswani2017attention] its literature note ties to it');

    // The file changes on disk while the editor is open: the editor still wins.
    await fs.writeFile(path.join(root, 'reading/transformer-notes.md'), `Disk only: arXiv:2212.10562\n${diskText}`);
    await settle([{ uri: note, type: 2 }]);
    hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 12 } });
    assert.match(hoverText(hover), /`arXiv:2303\.08774`/);
    assert.equal(countIn(await referencesTo('arXiv:2212.10562'), 'reading/transformer-notes.md'), 0);

    // Closing without saving falls back to the text on disk.
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: note } });
    await waitUntil(async () => countIn(await referencesTo('arXiv:2212.10562'), 'reading/transformer-notes.md') === 1, 'the disk text is indexed after close');
    assert.equal(countIn(await referencesTo('https://openreview.net/forum?id=rkgNKkHtvB'), 'reading/transformer-notes.md'), 1);
    assert.equal(countIn(await referencesTo('arXiv:2303.08774'), 'reading/transformer-notes.md'), 0);
    await fs.writeFile(path.join(root, 'reading/transformer-notes.md'), diskText);
    await settle([{ uri: note, type: 2 }]);
  });

  it('follows created, changed and deleted files and folders on disk', async () => {
    const folder = path.join(root, 'new-folder');
    await fs.mkdir(folder);
    const file = path.join(folder, 'fresh.md');
    await fs.writeFile(file, 'Fresh note citing arXiv:2303.08774.');
    await settle([{ uri: pathToFileUri(file), type: 1 }]);
    assert.equal(countIn(await referencesTo('arXiv:2303.08774'), 'new-folder/fresh.md'), 1);

    await fs.writeFile(file, 'Now it cites arXiv:2303.08774 twice: https://arxiv.org/abs/2303.08774');
    await settle([{ uri: pathToFileUri(file), type: 2 }]);
    assert.equal(countIn(await referencesTo('arXiv:2303.08774'), 'new-folder/fresh.md'), 2);

    await fs.rm(folder, { recursive: true });
    await settle([{ uri: pathToFileUri(folder), type: 3 }]);
    assert.equal(countIn(await referencesTo('arXiv:2303.08774'), 'new-folder/fresh.md'), 0);
  });

  it('reads the notes of a folder moved into the workspace, announced by one event', async () => {
    const folder = path.join(root, 'moved-in');
    await fs.mkdir(path.join(folder, 'deep'), { recursive: true });
    await fs.writeFile(path.join(folder, 'deep', 'a.md'), 'Moved note: arXiv:2212.10560');
    await fs.writeFile(path.join(folder, 'not-a-note.txt'), 'arXiv:2212.10560');
    await settle([{ uri: pathToFileUri(folder), type: 1 }]);
    const found = await referencesTo('arXiv:2212.10560');
    assert.equal(countIn(found, 'moved-in/deep/a.md'), 1);
    assert.equal(countIn(found, 'moved-in/not-a-note.txt'), 0);
  });

  it('never reads notes inside excluded folders, whatever event names them', async () => {
    const file = path.join(root, 'node_modules', 'some-package', 'later.md');
    await fs.writeFile(file, 'arXiv:2212.10563');
    await settle([{ uri: pathToFileUri(file), type: 1 }, { uri: pathToFileUri(path.join(root, 'node_modules')), type: 1 }]);
    assert.equal(countIn(await referencesTo('arXiv:2212.10563'), 'node_modules/some-package/later.md'), 0);
  });

  it('drops notes deleted behind its back when the workspace is re-indexed', async () => {
    const file = path.join(root, 'reading', 'short-lived.md');
    await fs.writeFile(file, 'arXiv:2212.10561');
    await settle([{ uri: pathToFileUri(file), type: 1 }]);
    assert.equal(countIn(await referencesTo('arXiv:2212.10561'), 'reading/short-lived.md'), 1);
    await fs.rm(file);
    // No delete event; a settings change makes the server re-index from disk.
    const ready = server.nextNotification<IndexSummary>('paperNotes/indexReady');
    server.setConfiguration({ files: { maxSizeKB: 128 } });
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const summary = await ready;
    assert.equal(summary.skipped, 1, 'huge.md (81 KB) now fits; binary.md is still skipped');
    assert.equal(countIn(await referencesTo('arXiv:2212.10561'), 'reading/short-lived.md'), 0);
  });

  let probes = 0;
  /** Every occurrence of the paper a reference names, asked from an unsaved editor (nothing on disk). */
  async function referencesTo(reference: string): Promise<Location[]> {
    const probe = `untitled:probe-${++probes}`;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: probe, languageId: 'markdown', version: 1, text: reference } });
    const found = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri: probe },
      position: { line: 0, character: 2 },
      context: { includeDeclaration: false },
    });
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: probe } });
    return found.filter((location) => location.uri !== probe);
  }

  function countIn(locations: Location[], relative: string): number {
    return locations.filter((location) => location.uri === uri(relative)).length;
  }

  let markers = 0;
  /**
   * Sends watched-file events followed by the creation of a marker note, in one notification (the
   * server handles its changes in order), and returns once the marker is indexed: every event
   * before it has been handled, so absence can be asserted without waiting on a clock.
   */
  async function settle(changes: Array<{ uri: string; type: number }>): Promise<void> {
    const reference = `arXiv:2401.${String(10001 + markers++)}`;
    const marker = path.join(root, 'markers', `${reference.replace(/\W/g, '-')}.md`);
    await fs.mkdir(path.dirname(marker), { recursive: true });
    await fs.writeFile(marker, reference);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [...changes, { uri: pathToFileUri(marker), type: 1 }] });
    await waitUntil(async () => (await referencesTo(reference)).length === 1, `marker ${reference} indexed`);
  }

  /** Asks until the answer holds: notifications have no reply, so only the server's answers can tell. */
  async function waitUntil(holds: () => Promise<boolean>, what: string): Promise<void> {
    for (let attempt = 0; attempt < 2000; attempt++) {
      if (await holds()) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.fail(`never happened: ${what}`);
  }
});
