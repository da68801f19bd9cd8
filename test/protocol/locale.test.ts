/**
 * The built server speaks the client's display language: `InitializeParams.locale` (what
 * vscode-languageclient sends from VS Code's language), or `initializationOptions.locale` for
 * editors that send none, which wins when both are given.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { IndexSummary, PrefetchMetadataResult, TopicNode } from '../../server/src/protocol';
import { type ServerOptions, type ServerSession, pathToFileUri, startServer } from '../support/serverProcess';

describe('language server in the client\'s language', { timeout: 120_000 }, () => {
  let root: string;
  const sessions: ServerSession[] = [];

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-locale-'));
    await fs.writeFile(path.join(root, 'a.md'), 'Attention: arXiv:1706.03762\nUnknown: arXiv:1605.08386\n');
    await fs.writeFile(path.join(root, 'lora.md'), '---\narxiv: 2106.09685\ntags: [PEFT]\n---\n');
  });

  after(async () => {
    for (const session of sessions) assert.equal(await session.stop(), 0);
    await fs.rm(root, { recursive: true, force: true });
  });

  async function start(options: Omit<ServerOptions, 'rootPath'>): Promise<ServerSession> {
    const server = await startServer({ rootPath: root, ...options });
    sessions.push(server);
    await server.nextNotification<IndexSummary>('paperNotes/indexReady');
    return server;
  }

  async function hover(server: ServerSession, line = 0): Promise<string> {
    const result = await server.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: pathToFileUri(path.join(root, 'a.md')) },
      position: { line, character: 20 },
    });
    return (result?.contents as MarkupContent).value;
  }

  it('answers in Simplified Chinese for a zh-cn client: hover, Topics, progress, prefetch', async () => {
    const server = await start({ locale: 'zh-cn' });
    const text = await hover(server);
    assert.match(text, /arXiv 预印本/);
    assert.match(text, /在本工作区的 1 篇笔记中被引用 1 次。/);
    assert.match(await hover(server, 1), /\*离线缓存中没有这篇论文：在线查询已关闭（paperNotes\\\.online\\\.enabled）。\*/);
    const roots = await server.connection.sendRequest<TopicNode[]>('paperNotes/topics', {});
    assert.ok(roots.some((node) => node.kind === 'notes' && node.label === '我的笔记'), JSON.stringify(roots));
    const begin = server.progress.map((p) => (p as { value: { kind: string; title?: string } }).value).find((value) => value.kind === 'begin');
    assert.equal(begin?.title, '论文笔记：正在索引笔记');
    const result = await server.connection.sendRequest<PrefetchMetadataResult>('paperNotes/prefetchMetadata', {});
    assert.equal(result.offline, '在线查询已关闭（paperNotes.online.enabled）');
  });

  it('publishes diagnostics in Chinese', async () => {
    const server = await start({ locale: 'zh-CN' });
    const uri = pathToFileUri(path.join(root, 'typo.md'));
    const published = new Promise<Diagnostic[]>((resolve) =>
      server.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
        if (params.uri === uri && params.diagnostics.length) resolve(params.diagnostics);
      }),
    );
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: 'see arXiv:1501.0001' } });
    const [diagnostic] = await published;
    assert.equal(diagnostic.message, "'1501.0001' 的编号位数不对：1501 起的 ID 点号后为 5 位数字；是否应为 1501.00001？");
  });

  it('lets initializationOptions.locale win over the LSP locale', async () => {
    assert.match(await hover(await start({ locale: 'en', initializationOptions: { locale: 'zh-cn' } })), /arXiv 预印本/);
    assert.match(await hover(await start({ locale: 'zh-cn', initializationOptions: { locale: 'en' } })), /arXiv preprint/);
  });

  it('stays in English for other languages and without a locale', async () => {
    assert.match(await hover(await start({ locale: 'de' })), /Cited once in 1 note of this workspace\./);
    assert.match(await hover(await start({}), 1), /\*Not in the offline cache: online lookups are off \\\(paperNotes\\\.online\\\.enabled\\\)\.\*/);
    assert.match(await hover(await start({ locale: 'zh-tw' })), /arXiv preprint/);
  });
});
