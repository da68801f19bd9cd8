/**
 * Protocol tests of online arXiv metadata: the built server (dist/server.js) over stdio, each test
 * in a fresh workspace of its own, against a fake arXiv API on 127.0.0.1 (test/support/fakeArxiv.ts)
 * that serves the recorded answers and fails on cue. Nothing here touches the internet.
 *
 * Waiting is done on what the server says (paperNotes/topicsChanged, publishDiagnostics, a
 * request's answer) or by asking again until a generous deadline; the only timing assertions
 * are lower bounds the server's own waits guarantee.
 */
import { describe, it, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import type { IndexStatus, PrefetchMetadataResult } from '../../server/src/protocol';
import { ELECTRON_ID, FakeArxiv, HEAT_BATH_ID, faults } from '../support/fakeArxiv';
import { type ServerSession, pathToFileUri, startServer } from '../support/serverProcess';

/** The loopback test hooks: arXiv's 3 s interval and 15 s timeout shortened (honoured for 127.0.0.1 only). */
const LOOPBACK_ENV = { PAPER_NOTES_ARXIV_MIN_INTERVAL_MS: '50', PAPER_NOTES_ARXIV_TIMEOUT_MS: '400' };
/** How long to wait for something the server will do; a deadline for hangs, not a measurement. */
const DEADLINE_MS = 20_000;
const POLL_MS = 50;
const CACHE_FILE = path.join('.paper-notes', 'arxiv-metadata.json');
const HEAT_BATH_TITLE = 'Heat-bath random walks with Markov bases';

interface CacheDocument {
  readonly format: string;
  readonly version: number;
  readonly papers: Record<string, Record<string, unknown>>;
  readonly missing: Record<string, string>;
}

interface StartOptions {
  /** `paperNotes.online`, both in settings and in initializationOptions. */
  readonly online: Record<string, unknown>;
  readonly initializationOptions?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

/** One server on one workspace folder, stopped (and checked to exit 0) by the test or, failing that, after it. */
interface Workspace {
  readonly root: string;
  readonly server: ServerSession;
  uri(note: string): string;
  /** The hover at the first occurrence of `needle` in the note on disk, as plain text (Markdown escapes removed). */
  hover(note: string, needle: string): Promise<string>;
  /** Asks for hovers until one matches; returns it. */
  hoverUntil(note: string, needle: string, pattern: RegExp): Promise<string>;
  /** Resolves on the next paperNotes/topicsChanged naming the note. */
  topicsChange(note: string): Promise<void>;
  prefetch(workDoneToken?: string): Promise<PrefetchMetadataResult>;
  /** The cache file, or undefined while there is none. */
  readCache(): Promise<{ text: string; document: CacheDocument } | undefined>;
  /** shutdown/exit; asserts the exit code is 0. */
  stop(): Promise<void>;
}

function onlineSettings(apiBaseUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { enabled: true, apiBaseUrl, cacheLocation: 'workspace', ...extra };
}

async function startFake(t: TestContext): Promise<FakeArxiv> {
  const fake = await FakeArxiv.start();
  t.after(() => fake.close());
  return fake;
}

/** A fresh folder with these notes, removed after the test. */
async function makeRoot(t: TestContext, notes: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-arxiv-'));
  t.after(() => fs.rm(root, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(notes)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), text);
  }
  return root;
}

async function startOn(t: TestContext, root: string, options: StartOptions): Promise<Workspace> {
  const server = await startServer({
    rootPath: root,
    configuration: { online: options.online },
    initializationOptions: { online: options.online, ...options.initializationOptions },
    env: { ...LOOPBACK_ENV, ...options.env },
  });
  let stopped = false;
  // A test that failed half-way still stops its server (and does not hang on one that will not stop).
  t.after(async () => {
    if (stopped) return;
    stopped = true;
    const timer = setTimeout(() => server.process.kill(), 5000);
    await server.stop();
    clearTimeout(timer);
  });
  await withDeadline(server.nextNotification('paperNotes/indexReady'), 'the first index');
  const uri = (note: string) => pathToFileUri(path.join(root, note));
  const hover = async (note: string, needle: string) => {
    const text = await fs.readFile(path.join(root, note), 'utf8');
    const answer = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri(note) }, position: positionOf(text, needle) });
    return plain(answer);
  };
  return {
    root,
    server,
    uri,
    hover,
    async hoverUntil(note, needle, pattern) {
      let last = '';
      await waitFor(`a hover on ${needle} matching ${pattern}`, async () => pattern.test((last = await hover(note, needle))), () => last);
      return last;
    },
    topicsChange: (note) =>
      withDeadline(
        (async () => {
          for (;;) {
            const { uris } = await server.nextNotification<{ uris: string[] }>('paperNotes/topicsChanged');
            if (uris.includes(uri(note))) return;
          }
        })(),
        `paperNotes/topicsChanged for ${note}`,
      ),
    prefetch: (workDoneToken) => server.connection.sendRequest<PrefetchMetadataResult>('paperNotes/prefetchMetadata', workDoneToken === undefined ? {} : { workDoneToken }),
    readCache: () => readCache(root),
    async stop() {
      stopped = true;
      assert.equal(await server.stop(), 0, 'the server exits cleanly after shutdown/exit');
    },
  };
}

async function readCache(root: string): Promise<{ text: string; document: CacheDocument } | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, CACHE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Saved by rename over the old file: never seen half-written.
  return { text, document: JSON.parse(text) as CacheDocument };
}

function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the note`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The hover's Markdown without its backslash escapes, so tests can match the text as written. */
function plain(hover: Hover | null): string {
  return ((hover?.contents as MarkupContent | undefined)?.value ?? '').replace(/\\(.)/g, '$1');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withDeadline<T>(promise: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks `probe` every POLL_MS until it says yes, failing at the deadline (with `last()` in the message). */
async function waitFor(what: string, probe: () => boolean | Promise<boolean>, last: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${DEADLINE_MS} ms waiting for ${what}; last seen:\n${last()}`);
    await delay(POLL_MS);
  }
}

/** A port nothing listens on: opened, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function progressOf(server: ServerSession, token: string): Array<{ kind: string; message?: string; percentage?: number; cancellable?: boolean }> {
  return (server.progress as Array<{ token: unknown; value: { kind: string; message?: string; percentage?: number; cancellable?: boolean } }>)
    .filter((progress) => progress.token === token)
    .map((progress) => progress.value);
}

function arxivLines(prefix: string, from: number, count: number): { ids: string[]; text: string } {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}.${String(from + i).padStart(5, '0')}`);
  return { ids, text: `# Many papers\n\n${ids.map((id) => `- arXiv:${id}`).join('\n')}\n` };
}

const HEAT_BATH_NOTE = `# Reading\n\nMarkov bases: arXiv:${HEAT_BATH_ID}\n`;

// The timeout only turns a hang into a failure; it measures nothing.
describe('online arXiv metadata against a local fake arXiv API', { timeout: 120_000 }, () => {
  it('looks up an arXiv ID nothing describes when hovered, then shows what arXiv says', async (t) => {
    const fake = await startFake(t);
    const root = await makeRoot(t, { 'reading.md': HEAT_BATH_NOTE });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    // The first index announces the note; the next announcement is the answer's.
    await ws.topicsChange('reading.md');

    const first = await ws.hover('reading.md', HEAT_BATH_ID);
    assert.match(first, /Looking up `arXiv:1605\.08386` on arXiv/);
    assert.doesNotMatch(first, /Heat-bath/);

    await ws.topicsChange('reading.md');
    const second = await ws.hover('reading.md', HEAT_BATH_ID);
    assert.match(second, /\*\*Heat-bath random walks with Markov bases\*\*/);
    assert.match(second, /^Caprice Stanley, Tobias Windisch · 2016$/m);
    assert.match(second, /Graphs on lattice points are studied whose edges come from a finite set of allowed moves of arbitrary length\./);
    assert.match(second, /is an expander in fixed dimension\./);
    assert.match(second, /From the arXiv API · math\.CO/);
    assert.doesNotMatch(second, /Looking up/);

    assert.equal(fake.requests.length, 1);
    const [request] = fake.requests;
    assert.equal(request.path, '/api/query');
    assert.deepEqual(request.ids, [HEAT_BATH_ID]);
    assert.equal(request.maxResults, 1);
    assert.equal(request.url, '/api/query?id_list=1605.08386&max_results=1');
    await ws.stop();
  });

  it('keeps answers in a sorted, diff-friendly cache file that a later server answers from offline', async (t) => {
    const fake = await startFake(t);
    fake.addPaper('1501.00003', { title: 'A paper from January 2015', authors: ['Ada Lovelace'] });
    const root = await makeRoot(t, { 'cache.md': `# Cached\n\n- arXiv:${HEAT_BATH_ID}\n- arXiv:1501.00003\n- arXiv:2312.99998\n` });
    const first = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    assert.deepEqual(await first.prefetch(), { requested: 3, found: 2, missing: 1, failed: 0, cancelled: false });
    assert.equal(fake.requests.length, 1);
    assert.deepEqual([...fake.requests[0].ids].sort(), ['1501.00003', HEAT_BATH_ID, '2312.99998']);
    assert.equal(fake.requests[0].maxResults, 3);

    let cache: Awaited<ReturnType<typeof readCache>>;
    await waitFor('the cache file with three records', async () => {
      cache = await first.readCache();
      return Boolean(cache && Object.keys(cache.document.papers ?? {}).length === 2 && Object.keys(cache.document.missing ?? {}).length === 1);
    }, () => cache?.text ?? '(no file)');
    await first.stop();
    const saved = (await readCache(root))!;
    const { text, document } = saved;
    assert.equal(document.format, 'paper-notes/arxiv-metadata');
    assert.equal(document.version, 1);
    assert.deepEqual(Object.keys(document), ['format', 'version', 'papers', 'missing']);
    // Sorted keys, one field a line, a fixed field order and a final newline: diffs stay small.
    assert.deepEqual(Object.keys(document.papers), ['1501.00003', HEAT_BATH_ID]);
    assert.deepEqual(Object.keys(document.missing), ['2312.99998']);
    assert.equal(text, `${JSON.stringify(document, null, 2)}\n`);
    const paper = document.papers[HEAT_BATH_ID];
    assert.deepEqual(Object.keys(paper), ['id', 'title', 'authors', 'published', 'updated', 'primaryCategory', 'categories', 'comment', 'version', 'summary', 'fetchedAt']);
    assert.equal(paper.id, HEAT_BATH_ID);
    assert.equal(paper.title, HEAT_BATH_TITLE);
    assert.deepEqual(paper.authors, ['Caprice Stanley', 'Tobias Windisch']);
    assert.deepEqual(paper.categories, ['math.CO', 'math.ST']);
    assert.equal(paper.version, 1);
    assert.match(String(paper.summary), /^Graphs on lattice points/);
    assert.ok(Number.isFinite(Date.parse(String(paper.fetchedAt))));
    assert.equal(document.papers['1501.00003'].title, 'A paper from January 2015');
    assert.ok(Number.isFinite(Date.parse(document.missing['2312.99998'])));

    // A new server whose API is a dead port answers from the file at once, and asks nothing.
    const port = await deadPort();
    const second = await startOn(t, root, { online: onlineSettings(`http://127.0.0.1:${port}/api/query`) });
    const hover = await second.hover('cache.md', HEAT_BATH_ID);
    assert.match(hover, /\*\*Heat-bath random walks with Markov bases\*\*/);
    assert.match(hover, /Caprice Stanley, Tobias Windisch · 2016/);
    assert.doesNotMatch(hover, /Looking up/);
    assert.match(await second.hover('cache.md', '2312.99998'), /arXiv has no paper `2312\.99998` \(checked \d{4}-\d{2}-\d{2}\)/);
    assert.deepEqual(await second.prefetch(), { requested: 0, found: 0, missing: 0, failed: 0, cancelled: false });
    await second.stop();
    assert.ok(!second.server.logs.some((line) => /arXiv lookup|could not be reached/.test(line)), second.server.logs.join('\n'));
    assert.equal((await readCache(root))?.text, text, 'nothing new to save: the file is not rewritten');
  });

  it('waits as long as a 429 Retry-After says, then asks again', async (t) => {
    const fake = await startFake(t);
    fake.fail(faults.tooManyRequests(1));
    const root = await makeRoot(t, { 'reading.md': HEAT_BATH_NOTE });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Looking up/);
    await ws.hoverUntil('reading.md', HEAT_BATH_ID, /Heat-bath random walks with Markov bases/);
    assert.equal(fake.requests.length, 2);
    const [refused, retried] = fake.requests;
    assert.equal(refused.status, 429);
    assert.equal(retried.status, 200);
    assert.deepEqual(retried.ids, [HEAT_BATH_ID]);
    const waited = retried.startedAt - refused.endedAt!;
    assert.ok(waited >= 900, `the retry came ${waited.toFixed(0)} ms after the 429 with Retry-After: 1`);
    await ws.stop();
  });

  const retried = [
    { what: 'a 500', fault: faults.serverError(500), check: (r: FakeArxiv['requests'][number]) => assert.equal(r.status, 500) },
    // 2 s is well past the 400 ms timeout: the server gives up, and so the fake never answers.
    { what: 'an answer slower than the timeout', fault: faults.slow(2000), check: (r: FakeArxiv['requests'][number]) => assert.ok(r.aborted && r.status === undefined, JSON.stringify(r)) },
    { what: 'a connection reset', fault: faults.reset(), check: (r: FakeArxiv['requests'][number]) => assert.ok(r.aborted && r.status === undefined, JSON.stringify(r)) },
  ];
  for (const { what, fault, check } of retried) {
    it(`asks again after ${what}, and the answer arrives`, async (t) => {
      const fake = await startFake(t);
      fake.fail(fault);
      const root = await makeRoot(t, { 'reading.md': HEAT_BATH_NOTE });
      const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
      assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Looking up/);
      const hover = await ws.hoverUntil('reading.md', HEAT_BATH_ID, /Heat-bath random walks with Markov bases/);
      assert.match(hover, /Caprice Stanley, Tobias Windisch · 2016/);
      assert.equal(fake.requests.length, 2);
      check(fake.requests[0]);
      assert.equal(fake.requests[1].status, 200);
      assert.deepEqual(fake.requests[1].ids, [HEAT_BATH_ID]);
      await ws.stop();
    });
  }

  it('survives malformed XML: says arXiv could not be asked, caches nothing and logs a warning', async (t) => {
    const fake = await startFake(t);
    fake.failAlways(faults.malformed());
    const root = await makeRoot(t, { 'reading.md': `${HEAT_BATH_NOTE}\nAttention: arXiv:1706.03762\n` });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Looking up/);
    const hover = await ws.hoverUntil('reading.md', HEAT_BATH_ID, /arXiv could not be asked/);
    assert.match(hover, /arXiv could not be asked: The arXiv API answer is not XML/);
    assert.doesNotMatch(hover, /Heat-bath/);
    assert.ok(fake.requests.length >= 1 && fake.requests.every((r) => r.fault === 'malformed' && r.status === 200));

    // Still answering: its index, and a paper the catalog describes.
    const status = await ws.server.connection.sendRequest<IndexStatus>('paperNotes/indexStatus');
    assert.equal(status.ready, true);
    assert.match(await ws.hover('reading.md', '1706.03762'), /Attention Is All You Need/);

    await ws.stop();
    const cache = await readCache(root);
    assert.ok(!cache || (!(HEAT_BATH_ID in cache.document.papers) && !(HEAT_BATH_ID in cache.document.missing)), cache?.text);
    assert.ok(ws.server.logs.some((line) => /arXiv lookup of 1 ID\(s\): The arXiv API answer is not XML/.test(line)), ws.server.logs.join('\n'));
  });

  it('says arXiv has no such paper for an empty feed, and flags the ID in open notes', async (t) => {
    const fake = await startFake(t);
    const note = `# Typo\n\nNot a paper: arXiv:2312.99999\n`;
    const root = await makeRoot(t, { 'typo.md': note });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    const notFound = new Promise<Array<{ code: string; message: string; range: { start: { line: number; character: number } } }>>((resolve) => {
      const listener = ws.server.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Array<{ code: string; message: string; range: { start: { line: number; character: number } } }> }) => {
        if (params.uri === ws.uri('typo.md') && params.diagnostics.some((d) => d.code === 'arxiv-not-found')) {
          listener.dispose();
          resolve(params.diagnostics);
        }
      });
    });
    await ws.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: ws.uri('typo.md'), languageId: 'markdown', version: 1, text: note } });
    assert.match(await ws.hover('typo.md', '2312.99999'), /Looking up/);

    const diagnostics = await withDeadline(notFound, 'an arxiv-not-found diagnostic');
    const diagnostic = diagnostics.find((d) => d.code === 'arxiv-not-found')!;
    assert.match(diagnostic.message, /arXiv has no paper 2312\.99999/);
    assert.deepEqual(diagnostic.range.start, positionOf(note, 'arXiv:2312.99999'));
    assert.match(await ws.hover('typo.md', '2312.99999'), /arXiv has no paper `2312\.99999` \(checked \d{4}-\d{2}-\d{2}\)/);
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(fake.requests[0].ids, ['2312.99999']);
    await ws.server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: ws.uri('typo.md') } });
    await ws.stop();
  });

  it('prefetches the workspace in batches of at most 100, one request at a time, with progress', async (t) => {
    const fake = await startFake(t);
    // Odd numbers exist on the fake arXiv, even ones do not.
    fake.synthesise = (id) => /^2301\.\d{5}$/.test(id) && Number(id.slice(5)) % 2 === 1;
    const { ids, text } = arxivLines('2301', 1, 150);
    const root = await makeRoot(t, { 'many.md': text });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });

    const result = await ws.prefetch('prefetch-150');
    assert.deepEqual(result, { requested: 150, found: 75, missing: 75, failed: 0, cancelled: false });
    assert.equal(result.found + result.missing + result.failed, result.requested);

    assert.deepEqual(fake.requests.map((r) => r.ids.length), [100, 50]);
    for (const request of fake.requests) {
      assert.equal(request.path, '/api/query');
      assert.equal(request.maxResults, request.ids.length, request.url);
      assert.equal(request.status, 200);
    }
    const asked = fake.requests.flatMap((r) => r.ids);
    assert.equal(new Set(asked).size, asked.length, 'no ID asked twice');
    assert.deepEqual([...asked].sort(), ids);
    assert.equal(fake.maxInFlight, 1, 'one request at a time');
    const [firstRequest, secondRequest] = fake.requests;
    assert.ok(secondRequest.startedAt >= firstRequest.endedAt!, 'the second request started after the first ended');
    const startToStart = secondRequest.startedAt - firstRequest.startedAt;
    const endToStart = secondRequest.startedAt - firstRequest.endedAt!;
    t.diagnostic(`start to start ${startToStart.toFixed(1)} ms; end to start ${endToStart.toFixed(1)} ms; first answer took ${(firstRequest.endedAt! - firstRequest.startedAt).toFixed(1)} ms`);

    const kinds = progressOf(ws.server, 'prefetch-150');
    assert.equal(kinds[0]?.kind, 'begin');
    assert.equal(kinds[kinds.length - 1]?.kind, 'end');
    const reports = kinds.filter((p) => p.kind === 'report');
    assert.ok(reports.length >= 2, JSON.stringify(kinds));
    assert.equal(reports[reports.length - 1].message, '150/150 arXiv IDs');
    assert.equal(reports[reports.length - 1].percentage, 100);

    // Answered from the cache now, without another request.
    assert.match(await ws.hover('many.md', '2301.00001'), /\*\*Synthetic paper 2301\.00001\*\*/);
    assert.match(await ws.hover('many.md', '2301.00002'), /arXiv has no paper `2301\.00002`/);
    assert.equal(fake.requests.length, 2);
    await ws.stop();
  });

  it('keeps at least the minimum interval between requests', async (t) => {
    // With a 300 ms interval and instant answers, the pause between one answer and the next
    // request is far above 50 ms whichever way the interval is counted.
    const fake = await startFake(t);
    fake.synthesise = () => true;
    const { text } = arxivLines('2301', 201, 150);
    const root = await makeRoot(t, { 'many.md': text });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl), env: { PAPER_NOTES_ARXIV_MIN_INTERVAL_MS: '300' } });
    assert.deepEqual(await ws.prefetch(), { requested: 150, found: 150, missing: 0, failed: 0, cancelled: false });
    assert.equal(fake.requests.length, 2);
    const [first, second] = fake.requests;
    const endToStart = second.startedAt - first.endedAt!;
    assert.ok(endToStart >= 50, `the second request started ${endToStart.toFixed(1)} ms after the first ended`);
    await ws.stop();
  });

  it('stops prefetching when the request is cancelled', async (t) => {
    const fake = await startFake(t);
    fake.synthesise = () => true;
    // Slow-ish, but within the 400 ms timeout: each batch takes a while.
    fake.responseDelayMs = 300;
    const { text } = arxivLines('2302', 20001, 250);
    const root = await makeRoot(t, { 'many.md': text });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });

    const source = new CancellationTokenSource();
    const pending = ws.server.connection
      .sendRequest<PrefetchMetadataResult>('paperNotes/prefetchMetadata', { workDoneToken: 'prefetch-cancel' }, source.token)
      .then((result) => ({ result }), (error: unknown) => ({ error }));
    await waitFor('the first batch to reach arXiv', () => fake.requests.length >= 1);
    source.cancel();
    const outcome = await withDeadline(pending, 'the cancelled prefetch to end');
    t.diagnostic(`cancelled prefetch ended with ${JSON.stringify('result' in outcome ? outcome.result : String(outcome.error))}`);
    if ('result' in outcome) {
      assert.equal(outcome.result.cancelled, true, JSON.stringify(outcome.result));
      assert.ok(outcome.result.found + outcome.result.missing + outcome.result.failed < 250);
    } else {
      assert.ok(outcome.error instanceof ResponseError, String(outcome.error));
      assert.equal(outcome.error.code, LSPErrorCodes.RequestCancelled);
    }
    const progress = progressOf(ws.server, 'prefetch-cancel');
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress[0]?.cancellable, true);
    assert.equal(progress[progress.length - 1]?.kind, 'end');
    await ws.stop();
    t.diagnostic(`${fake.requests.length} request(s) reached arXiv`);
    assert.ok(fake.requests.length < 3, `${fake.requests.length} requests after cancelling`);
  });

  it('does not go online in an untrusted workspace until the client says it is trusted', async (t) => {
    const fake = await startFake(t);
    const root = await makeRoot(t, { 'reading.md': HEAT_BATH_NOTE });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl), initializationOptions: { workspaceTrusted: false } });
    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Not in the offline cache: online lookups are off in an untrusted workspace\./);
    const offline = await ws.prefetch('prefetch-untrusted');
    assert.equal(offline.offline, 'online lookups are off in an untrusted workspace');
    assert.equal(offline.requested, 1);
    assert.equal(offline.found + offline.missing + offline.failed, 0);
    assert.deepEqual(progressOf(ws.server, 'prefetch-untrusted'), []);
    assert.equal(fake.requests.length, 0);

    await ws.server.connection.sendNotification('paperNotes/workspaceTrusted');
    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Looking up `arXiv:1605\.08386`/);
    await ws.hoverUntil('reading.md', HEAT_BATH_ID, /Heat-bath random walks with Markov bases/);
    assert.equal(fake.requests.length, 1);
    await ws.stop();
  });

  it('sets a corrupt cache file aside, starts empty and writes a good cache', async (t) => {
    const fake = await startFake(t);
    const root = await makeRoot(t, { 'reading.md': HEAT_BATH_NOTE });
    const corrupt = '{ "format": "paper-notes/arxiv-metadata", "version": 1, "papers": {';
    await fs.mkdir(path.join(root, '.paper-notes'));
    await fs.writeFile(path.join(root, CACHE_FILE), corrupt);
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });

    const warning = ws.server.logs.find((line) => /arXiv metadata cache .* is not valid JSON/.test(line));
    assert.ok(warning, ws.server.logs.join('\n'));
    const aside = /set aside as (.+?) and the cache starts empty/.exec(warning)?.[1];
    assert.ok(aside, warning);
    assert.equal(path.dirname(aside), path.join(root, '.paper-notes'));
    assert.match(path.basename(aside), /^arxiv-metadata\.json\.corrupt-/);
    const files = (await fs.readdir(path.join(root, '.paper-notes'))).filter((name) => name.includes('.corrupt-'));
    assert.deepEqual(files, [path.basename(aside)]);
    assert.equal(await fs.readFile(aside, 'utf8'), corrupt, 'the original bytes are kept');

    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Looking up/);
    await ws.hoverUntil('reading.md', HEAT_BATH_ID, /Heat-bath random walks with Markov bases/);
    let cache: Awaited<ReturnType<typeof readCache>>;
    await waitFor('a good cache file', async () => Boolean((cache = await ws.readCache())?.document.papers?.[HEAT_BATH_ID]), () => cache?.text ?? '(no file)');
    assert.equal(cache!.document.format, 'paper-notes/arxiv-metadata');
    assert.equal(cache!.document.papers[HEAT_BATH_ID].title, HEAT_BATH_TITLE);
    await ws.stop();
    assert.equal(await fs.readFile(aside, 'utf8'), corrupt, 'the set-aside file is left alone');
  });

  it('asks nothing when online lookups are off in settings', async (t) => {
    const fake = await startFake(t);
    const root = await makeRoot(t, { 'reading.md': HEAT_BATH_NOTE });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl, { enabled: false }) });
    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Not in the offline cache: online lookups are off \(paperNotes\.online\.enabled\)\./);
    // Still off when asked again (nothing was queued by the first hover).
    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /online lookups are off/);
    const result = await ws.prefetch();
    assert.equal(result.offline, 'online lookups are off (paperNotes.online.enabled)');
    await ws.stop();
    assert.equal(fake.requests.length, 0);
  });

  it('reads a 2007-format answer for an old-style ID', async (t) => {
    const fake = await startFake(t);
    const root = await makeRoot(t, { 'physics.md': `# HERA\n\nMulti-electron events: arXiv:${ELECTRON_ID}\n` });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    assert.match(await ws.hover('physics.md', ELECTRON_ID), /Looking up `arXiv:hep-ex\/0307015`/);
    const hover = await ws.hoverUntil('physics.md', ELECTRON_ID, /Multi-Electron Production/);
    assert.match(hover, /\*\*Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA\*\*/);
    assert.match(hover, /H1 Collaboration · 2003/);
    assert.match(hover, /From the arXiv API · hep-ex · Eur\.Phys\.J\. C31 \(2003\) 17-29/);
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(fake.requests[0].ids, [ELECTRON_ID]);
    assert.equal(fake.requests[0].url, '/api/query?id_list=hep-ex%2F0307015&max_results=1');
    await ws.stop();
  });

  it('takes an error feed (HTTP 400) as an answer: asked once, not retried, and logged', async (t) => {
    const fake = await startFake(t);
    fake.fail(faults.errorFeed());
    const root = await makeRoot(t, { 'reading.md': HEAT_BATH_NOTE });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    assert.match(await ws.hover('reading.md', HEAT_BATH_ID), /Looking up/);
    await waitFor('the warning about the error feed', () => ws.server.logs.some((line) => /arXiv lookup of 1 ID\(s\): incorrect id format for 1234\.12345/.test(line)), () => ws.server.logs.join('\n'));
    const status = await ws.server.connection.sendRequest<IndexStatus>('paperNotes/indexStatus');
    assert.equal(status.ready, true);
    await ws.stop();
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0].status, 400);
  });

  it('does not record papers as nonexistent when arXiv rejects their batch with an error feed', async (t) => {
    const fake = await startFake(t);
    fake.addPaper('1501.00003');
    // arXiv rejects the request over one ID (here 1234.12345, as in its manual): it says nothing about these two.
    fake.fail(faults.errorFeed());
    const root = await makeRoot(t, { 'reading.md': `${HEAT_BATH_NOTE}\nAnd arXiv:1501.00003\n` });
    const ws = await startOn(t, root, { online: onlineSettings(fake.apiBaseUrl) });
    const result = await ws.prefetch();
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0].ids.length, 2);
    assert.doesNotMatch(await ws.hover('reading.md', HEAT_BATH_ID), /arXiv has no paper/);
    assert.equal(result.missing, 0, JSON.stringify(result));
    await ws.stop();
    const cache = await readCache(root);
    assert.ok(!cache || Object.keys(cache.document.missing).length === 0, cache?.text);
  });
});
