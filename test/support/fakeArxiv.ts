/**
 * A fake arXiv API on 127.0.0.1 for protocol tests: `GET /api/query?id_list=a,b&max_results=N`
 * answered from the recorded responses in test/fixtures/arxiv-api (entries for other IDs are
 * templated from the recorded 1605.08386 entry), every request recorded with its timing, and
 * faults scripted per request (slow, 429, 5xx, malformed XML, connection reset, error feed).
 * Tests never touch the internet: this is the only arXiv they ever see.
 */
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/arxiv-api');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** The recorded answers, as arXiv sent them. */
export const recorded = {
  /** A 2026 answer with one entry: 1605.08386, "Heat-bath random walks with Markov bases". */
  entry: fixture('live-2026-id_list-1605.08386.xml'),
  /** A 2026 answer with no entry: arXiv has no such paper. */
  empty: fixture('live-2026-id_list-0000.0000-empty.xml'),
  /** The error feed arXiv sends with HTTP 400 (an ID it cannot read). */
  errorFeed: fixture('manual-error-1234.12345.xml'),
  /** A 2026 error feed for `id_list=abc`. */
  malformedIdFeed: fixture('live-2026-id_list-abc-malformed.xml'),
  /** A 2007-format answer with one entry: hep-ex/0307015. */
  electron2007: fixture('manual-sample-search-electron.xml'),
};

/** The 2026 answer cut in three: feed head, the one entry, the feed's end. */
const [FEED_HEAD, ENTRY_TEMPLATE, FEED_TAIL] = (() => {
  const start = recorded.entry.indexOf('  <entry>');
  const end = recorded.entry.indexOf('</entry>') + '</entry>\n'.length;
  return [recorded.entry.slice(0, start), recorded.entry.slice(start, end), recorded.entry.slice(end)];
})();
const ELECTRON_ENTRY = (() => {
  const start = recorded.electron2007.indexOf('  <entry');
  const end = recorded.electron2007.indexOf('</entry>') + '</entry>\n'.length;
  return recorded.electron2007.slice(start, end);
})();

export const HEAT_BATH_ID = '1605.08386';
export const ELECTRON_ID = 'hep-ex/0307015';

export type Fault =
  /** Answers (normally) only after `delayMs`, or never if the client gives up first. */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** An HTTP error status, with `Retry-After` when given. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** HTTP 200 with XML cut off in the middle of an entry. */
  | { readonly kind: 'malformed' }
  /** The connection is destroyed without an answer. */
  | { readonly kind: 'reset' }
  /** HTTP 400 with arXiv's error feed ("incorrect id format for 1234.12345"). */
  | { readonly kind: 'errorFeed' };

export const faults = {
  slow: (delayMs = 2000): Fault => ({ kind: 'slow', delayMs }),
  tooManyRequests: (retryAfterSeconds = 1): Fault => ({ kind: 'status', status: 429, retryAfter: String(retryAfterSeconds) }),
  serverError: (status = 500): Fault => ({ kind: 'status', status }),
  malformed: (): Fault => ({ kind: 'malformed' }),
  reset: (): Fault => ({ kind: 'reset' }),
  errorFeed: (): Fault => ({ kind: 'errorFeed' }),
};

export interface RecordedRequest {
  /** Path and query as received. */
  readonly url: string;
  readonly path: string;
  /** `id_list`, split at commas (decoded). */
  readonly ids: readonly string[];
  readonly maxResults: number | undefined;
  /** performance.now() when the request arrived, and when its answer was done or the connection closed. */
  readonly startedAt: number;
  endedAt: number | undefined;
  /** Wall-clock time of arrival (Date.now()). */
  readonly at: number;
  /** The fault scripted for this request ('slow', 'status 429', 'malformed', 'reset', 'error feed'), if any. */
  fault: string | undefined;
  /** The HTTP status answered, if an answer was sent. */
  status: number | undefined;
  /** The connection closed before an answer was complete (the client gave up, or a reset). */
  aborted: boolean;
}

export interface PaperOptions {
  readonly title?: string;
  readonly authors?: readonly string[];
}

export class FakeArxiv {
  /** Every request, in order of arrival. */
  readonly requests: RecordedRequest[] = [];
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Every answer that is not a fault waits this long first (a slow-ish arXiv). */
  responseDelayMs = 0;
  /** IDs (beyond the recorded ones and `addPaper`) that get a templated entry; the others are unknown to arXiv. */
  synthesise: (id: string) => boolean = () => false;

  private readonly queued: Fault[] = [];
  private always: Fault | undefined;
  private readonly papers = new Map<string, string>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(): Promise<FakeArxiv> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const fake = new FakeArxiv(server, (server.address() as AddressInfo).port);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.once('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (request, response) => fake.handle(request, response));
    return fake;
  }

  /** The `paperNotes.online.apiBaseUrl` pointing here. */
  get apiBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/api/query`;
  }

  /** Faults for the next requests, one each, in order; requests after them are answered normally. */
  fail(...next: Fault[]): void {
    this.queued.push(...next);
  }

  /** A fault for every request (after the queued ones), or none. */
  failAlways(fault: Fault | undefined): void {
    this.always = fault;
  }

  /** An entry for `id`, templated from the recorded 1605.08386 entry. */
  addPaper(id: string, options: PaperOptions = {}): void {
    this.papers.set(id, templatedEntry(id, options));
  }

  /** Closes the server and every open connection (a slow answer pending included). */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private entryFor(id: string): string | undefined {
    if (this.papers.has(id)) return this.papers.get(id);
    if (id === HEAT_BATH_ID) return ENTRY_TEMPLATE;
    if (id === ELECTRON_ID) return ELECTRON_ENTRY;
    return this.synthesise(id) ? templatedEntry(id) : undefined;
  }

  /** The feed for these IDs: the recorded answer itself when there is one, else one composed of entries. */
  private feedFor(ids: readonly string[]): string {
    const entries = ids.map((id) => this.entryFor(id)).filter((entry): entry is string => entry !== undefined);
    if (entries.length === 0) return recorded.empty;
    if (ids.length === 1 && ids[0] === HEAT_BATH_ID && !this.papers.has(HEAT_BATH_ID)) return recorded.entry;
    if (ids.length === 1 && ids[0] === ELECTRON_ID && !this.papers.has(ELECTRON_ID)) return recorded.electron2007;
    const head = FEED_HEAD.replace(/<opensearch:totalResults>\d+</, `<opensearch:totalResults>${entries.length}<`);
    return `${head}${entries.join('')}${FEED_TAIL}`;
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`);
    const maxResults = url.searchParams.get('max_results');
    const record: RecordedRequest = {
      url: request.url ?? '',
      path: url.pathname,
      ids: (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean),
      maxResults: maxResults === null ? undefined : Number(maxResults),
      startedAt: performance.now(),
      endedAt: undefined,
      at: Date.now(),
      fault: undefined,
      status: undefined,
      aborted: false,
    };
    this.requests.push(record);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    // 'close' comes after the answer is sent, or when the connection goes first.
    response.once('close', () => {
      done = true;
      this.inFlight--;
      record.endedAt = performance.now();
      record.aborted = !response.writableFinished;
    });

    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      if (done || response.destroyed) return;
      record.status = status;
      response.writeHead(status, { 'content-type': 'application/atom+xml; charset=utf-8', ...headers });
      response.end(body);
    };

    if (request.method !== 'GET' || url.pathname !== '/api/query') {
      answer(404, 'not found');
      return;
    }
    const fault = this.queued.shift() ?? this.always;
    record.fault = fault && (fault.kind === 'status' ? `status ${fault.status}` : fault.kind === 'errorFeed' ? 'error feed' : fault.kind);
    switch (fault?.kind) {
      case undefined:
        if (this.responseDelayMs > 0) this.later(this.responseDelayMs, () => answer(200, this.feedFor(record.ids)));
        else answer(200, this.feedFor(record.ids));
        return;
      case 'slow':
        this.later(fault.delayMs, () => answer(200, this.feedFor(record.ids)));
        return;
      case 'status':
        answer(fault.status, `<html><body>HTTP ${fault.status}</body></html>`, {
          'content-type': 'text/html',
          ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        });
        return;
      case 'malformed': {
        const feed = this.feedFor(record.ids);
        // Cut inside the first entry's summary: well-formed up to there, never closed.
        const cut = feed.indexOf('<summary>');
        answer(200, feed.slice(0, cut > 0 ? cut + 40 : Math.floor(feed.length / 2)));
        return;
      }
      case 'reset':
        request.socket.destroy();
        return;
      case 'errorFeed':
        answer(400, recorded.errorFeed);
        return;
    }
  }
}

function templatedEntry(id: string, options: PaperOptions = {}): string {
  let entry = ENTRY_TEMPLATE.replaceAll(HEAT_BATH_ID, id).replace(
    /<title>[^<]*<\/title>/,
    `<title>${escapeXml(options.title ?? `Synthetic paper ${id}`)}</title>`,
  );
  if (options.authors) {
    const authors = options.authors.map((name) => `    <author>\n      <name>${escapeXml(name)}</name>\n    </author>\n`).join('');
    entry = entry.replace(/ {4}<author>[\s\S]*<\/author>\n/, authors);
  }
  return entry;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
