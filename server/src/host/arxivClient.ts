/**
 * The arXiv API client, keeping to arXiv's terms: one request at a time, at least three seconds
 * apart, IDs batched with `id_list` (≤ 100 a request, `max_results` always given), a timeout,
 * and retries with backoff on 429 and 5xx that honour `Retry-After`. The transport and the clock
 * are injected, so tests run against a local server or a fake clock and never the real API.
 * A `Retry-After` too long to wait for in line is remembered: nothing is sent before it passes.
 */
import { type ArxivMetadata, parseArxivFeed } from '../core/arxivFeed';

export interface HttpAnswer {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** Throws on a network error or when `timeoutMs` passes. */
export type Transport = (url: string, timeoutMs: number) => Promise<HttpAnswer>;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Node's fetch with an abort on timeout. */
export const fetchTransport: Transport = async (url, timeoutMs) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, headers: { 'user-agent': 'paper-notes (VS Code extension)' } });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    return { status: response.status, headers, body: await response.text() };
  } finally {
    clearTimeout(timer);
  }
};

export interface ArxivClientOptions {
  readonly baseUrl: string;
  readonly transport?: Transport;
  readonly clock?: Clock;
  readonly minIntervalMs?: number;
  readonly batchSize?: number;
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
}

export interface MetadataResult {
  readonly found: ReadonlyMap<string, ArxivMetadata>;
  /** Asked for and answered with nothing: no such paper. */
  readonly missing: readonly string[];
  /** Not answered (network, timeouts, server errors after retries): ask again later. */
  readonly failed: readonly string[];
  /** Among the missing: IDs arXiv rejected with its error feed (not an ID it knows the format of). */
  readonly rejected: readonly string[];
  readonly errors: readonly string[];
}

/** arXiv's terms: no more than one request every three seconds. */
export const ARXIV_MIN_INTERVAL_MS = 3000;
/** IDs in one `id_list` request, at most. */
export const ARXIV_BATCH_SIZE = 100;

/** The longest `Retry-After` waited for before retrying; longer ones fail the batch. */
const MAX_RETRY_AFTER_MS = 60_000;

export class ArxivClient {
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly minInterval: number;
  private readonly batchSize: number;
  private readonly maxRetries: number;
  private readonly timeout: number;
  private lastRequestAt = -Infinity;
  /** arXiv asked not to be asked before this time (a long Retry-After). */
  private notBefore = -Infinity;
  /** Requests go one at a time through this chain. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ArxivClientOptions) {
    this.transport = options.transport ?? fetchTransport;
    this.clock = options.clock ?? systemClock;
    this.minInterval = options.minIntervalMs ?? ARXIV_MIN_INTERVAL_MS;
    this.batchSize = Math.max(1, Math.min(options.batchSize ?? ARXIV_BATCH_SIZE, ARXIV_BATCH_SIZE));
    this.maxRetries = options.maxRetries ?? 3;
    this.timeout = options.timeoutMs ?? 15000;
  }

  /** When arXiv may be asked again after a long Retry-After (-Infinity when it may be asked now). */
  get waitUntil(): number {
    return this.notBefore;
  }

  async fetchMetadata(ids: readonly string[]): Promise<MetadataResult> {
    const unique = [...new Set(ids)];
    const found = new Map<string, ArxivMetadata>();
    const failed: string[] = [];
    const rejected: string[] = [];
    const errors: string[] = [];
    const batches: string[][] = [];
    for (let start = 0; start < unique.length; start += this.batchSize) batches.push(unique.slice(start, start + this.batchSize));
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const answer = await this.enqueue(() => this.requestWithRetries(batch!));
      if (answer.kind === 'failed') {
        failed.push(...batch);
        errors.push(answer.reason);
        continue;
      }
      const feed = parseArxivFeed(answer.body);
      errors.push(...feed.problems);
      if (feed.error) {
        errors.push(feed.error);
        // The error feed names the ID arXiv rejected ("incorrect id format for 1234.12345"): that
        // one has no paper; the rest of the batch were never looked at and are asked again
        // without it. An error naming none of them says nothing about any: the batch failed.
        const named = batch.length === 1 ? batch : batch.filter((id) => feed.error!.split(/[\s,]+/).includes(id));
        rejected.push(...named);
        const rest = batch.filter((id) => !named.includes(id));
        if (named.length && rest.length) batches.unshift(rest);
        else failed.push(...rest);
        continue;
      }
      for (const entry of feed.entries) found.set(entry.id, entry);
      if (feed.problems.length && feed.entries.length === 0) failed.push(...batch);
    }
    const missing = unique.filter((id) => !found.has(id) && !failed.includes(id));
    return { found, missing, failed, errors, rejected };
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async requestWithRetries(batch: readonly string[]): Promise<{ kind: 'ok'; body: string } | { kind: 'failed'; reason: string }> {
    const url = `${this.options.baseUrl}?id_list=${batch.map(encodeURIComponent).join(',')}&max_results=${batch.length}`;
    let reason = '';
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      if (this.clock.now() < this.notBefore) return { kind: 'failed', reason: `arXiv asked to wait until ${new Date(this.notBefore).toISOString().slice(11, 19)} UTC` };
      const wait = this.lastRequestAt + this.minInterval - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.lastRequestAt = this.clock.now();
      let retryAfterMs = 0;
      try {
        const answer = await this.transport(url, this.timeout);
        // 400 carries the error feed (a malformed ID): an answer, not a failure to retry.
        if (answer.status === 200 || answer.status === 400) return { kind: 'ok', body: answer.body };
        reason = `arXiv answered HTTP ${answer.status}`;
        if (answer.status !== 429 && answer.status < 500) return { kind: 'failed', reason };
        retryAfterMs = retryAfter(answer.headers['retry-after'], this.clock.now());
        // One request at a time: a long wait here would stall every lookup behind it. Give up on
        // this batch instead; it is asked again later.
        if (retryAfterMs > MAX_RETRY_AFTER_MS) {
          this.notBefore = this.clock.now() + retryAfterMs;
          return { kind: 'failed', reason: `arXiv asked to wait ${Math.round(retryAfterMs / 1000)} s` };
        }
      } catch (error) {
        reason = `arXiv could not be reached: ${(error as Error).message}`;
      }
      if (attempt < this.maxRetries) await this.clock.sleep(Math.max(retryAfterMs, this.minInterval * 2 ** attempt));
    }
    return { kind: 'failed', reason };
  }
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now; 0 when absent or unreadable. */
export function retryAfter(header: string | undefined, now: number): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : 0;
}
