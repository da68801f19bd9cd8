/**
 * Online arXiv metadata, offline first: every answer comes from the persistent cache at once;
 * an ID nobody describes is looked up in the background (batched, through the one rate-limited
 * `ArxivClient`), and the server is told when answers arrive so it can refresh hovers, the
 * Topics view and diagnostics. Lookups are off when the setting says so or the workspace is
 * not trusted; the cache still answers.
 */
import type { ArxivLookup, ArxivMetadataSource } from '../core/features/context';
import { ArxivClient, type Clock, type Transport } from './arxivClient';
import type { Logger } from './logger';
import { MetadataCache } from './metadataCache';

/** IDs asked for in one burst (hovering down a list) go out as one batch. */
const BATCH_SETTLE_MS = 250;
/** After a failed attempt an ID is not asked for again sooner than this. */
const RETRY_AFTER_FAILURE_MS = 30_000;
/** arXiv's terms: no more than one request every three seconds. */
const ARXIV_MIN_INTERVAL_MS = 3000;

export interface LookupConfiguration {
  readonly enabled: boolean;
  /** Whether the editor trusts the workspace; untrusted workspaces never go online. */
  readonly trusted: boolean;
  readonly apiBaseUrl: string;
  /** The cache file, or undefined for a cache in memory only. */
  readonly cachePath: string | undefined;
}

export interface LookupOptions {
  readonly transport?: Transport;
  readonly clock?: Clock;
  /**
   * Overrides for a loopback API (tests, a local mirror): arXiv's three-second interval and the
   * request timeout. Ignored for any other host, so arXiv itself is always asked politely.
   */
  readonly loopbackMinIntervalMs?: number;
  readonly loopbackTimeoutMs?: number;
}

export interface PrefetchResult {
  readonly requested: number;
  readonly found: number;
  readonly missing: number;
  readonly failed: number;
  readonly cancelled: boolean;
}

export class ArxivLookups implements ArxivMetadataSource {
  private cache: MetadataCache | undefined;
  private cachePath: string | undefined;
  private client: ArxivClient | undefined;
  private clientKey = '';
  private reasonOffline = 'online lookups are off (paperNotes.online.enabled)';
  private readonly inFlight = new Set<string>();
  private readonly queued = new Set<string>();
  private readonly failures = new Map<string, { reason: string; at: number }>();
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private changes = 0;

  constructor(
    private readonly logger: Logger,
    /** Told the IDs whose answers arrived (found, missing or failed). */
    private readonly onAnswers: (ids: string[]) => void,
    private readonly options: LookupOptions = {},
  ) {}

  get generation(): number {
    return this.changes;
  }

  /** Applies settings and trust; opens the cache at its (new) place. Safe to call again on every settings change. */
  async configure(configuration: LookupConfiguration): Promise<void> {
    if (!this.cache || configuration.cachePath !== this.cachePath) {
      const previous = this.cache;
      this.cachePath = configuration.cachePath;
      this.cache = await MetadataCache.open(configuration.cachePath, this.logger);
      await previous?.dispose();
      this.changes++;
    }
    if (!configuration.trusted) {
      this.client = undefined;
      this.reasonOffline = 'online lookups are off in an untrusted workspace';
      return;
    }
    if (!configuration.enabled) {
      this.client = undefined;
      this.reasonOffline = 'online lookups are off (paperNotes.online.enabled)';
      return;
    }
    const loopback = isLoopback(configuration.apiBaseUrl);
    const key = `${configuration.apiBaseUrl}|${loopback}`;
    if (!this.client || key !== this.clientKey) {
      this.clientKey = key;
      this.client = new ArxivClient({
        baseUrl: configuration.apiBaseUrl,
        transport: this.options.transport,
        clock: this.options.clock,
        minIntervalMs: loopback ? (this.options.loopbackMinIntervalMs ?? ARXIV_MIN_INTERVAL_MS) : ARXIV_MIN_INTERVAL_MS,
        timeoutMs: loopback ? this.options.loopbackTimeoutMs : undefined,
      });
    }
  }

  /** Why lookups are off, or undefined when they are on. */
  get offlineReason(): string | undefined {
    return this.client ? undefined : this.reasonOffline;
  }

  lookup(id: string, request: boolean): ArxivLookup {
    const record = this.cache?.get(id);
    if (record?.kind === 'found') return { status: 'found', metadata: record.metadata };
    if (record && this.cache!.isFresh(record)) return { status: 'missing', checkedAt: record.checkedAt };
    if (this.inFlight.has(id) || this.queued.has(id)) return { status: 'pending' };
    if (!this.client) return { status: 'offline', reason: this.reasonOffline };
    const failure = this.failures.get(id);
    if (failure && Date.now() - failure.at < RETRY_AFTER_FAILURE_MS) return { status: 'failed', reason: failure.reason };
    if (!request) return failure ? { status: 'failed', reason: failure.reason } : { status: 'unknown' };
    this.queued.add(id);
    if (!this.batchTimer) this.batchTimer = setTimeout(() => void this.sendQueued(), BATCH_SETTLE_MS);
    return { status: 'pending' };
  }

  /** IDs the cache cannot answer (unknown, or a "no such paper" gone stale). */
  unknown(ids: Iterable<string>): string[] {
    return [...new Set(ids)].filter((id) => {
      const record = this.cache?.get(id);
      return !record || (record.kind === 'missing' && !this.cache!.isFresh(record));
    });
  }

  /** Looks up every ID the cache cannot answer, batch by batch, until done or cancelled. */
  async prefetch(ids: Iterable<string>, onProgress: (done: number, total: number) => void, isCancelled: () => boolean): Promise<PrefetchResult> {
    const wanted = this.unknown(ids).filter((id) => !this.inFlight.has(id));
    // IDs a hover queued go with the prefetch instead of being asked twice.
    for (const id of wanted) this.queued.delete(id);
    const result = { requested: wanted.length, found: 0, missing: 0, failed: 0, cancelled: false };
    if (!this.client || wanted.length === 0) return result;
    const batchSize = 100;
    onProgress(0, wanted.length);
    for (let start = 0; start < wanted.length; start += batchSize) {
      if (isCancelled()) return { ...result, cancelled: true };
      const batch = wanted.slice(start, start + batchSize);
      const answered = await this.fetch(batch);
      result.found += answered.found;
      result.missing += answered.missing;
      result.failed += answered.failed;
      onProgress(Math.min(start + batchSize, wanted.length), wanted.length);
    }
    return result;
  }

  async dispose(): Promise<void> {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    await this.cache?.dispose();
  }

  private async sendQueued(): Promise<void> {
    this.batchTimer = undefined;
    const batch = [...this.queued];
    this.queued.clear();
    if (batch.length) await this.fetch(batch);
  }

  private async fetch(batch: string[]): Promise<{ found: number; missing: number; failed: number }> {
    const client = this.client;
    if (!client) return { found: 0, missing: 0, failed: 0 };
    batch.forEach((id) => this.inFlight.add(id));
    try {
      const result = await client.fetchMetadata(batch);
      this.cache?.put(result.found.values(), result.missing);
      const now = Date.now();
      const reason = result.errors[0] ?? 'arXiv did not answer';
      for (const id of result.failed) this.failures.set(id, { reason, at: now });
      for (const id of [...result.found.keys(), ...result.missing]) this.failures.delete(id);
      if (result.errors.length) this.logger.warnOnce(`arxiv:${result.errors.join('|')}`, `arXiv lookup of ${batch.length} ID(s): ${result.errors.join('; ')}`);
      return { found: result.found.size, missing: result.missing.length, failed: result.failed.length };
    } catch (error) {
      // The client reports failures as results; anything thrown is a bug, and costs only this batch.
      const now = Date.now();
      for (const id of batch) this.failures.set(id, { reason: (error as Error).message, at: now });
      this.logger.warn(`arXiv lookup failed: ${(error as Error).stack ?? error}`);
      return { found: 0, missing: 0, failed: batch.length };
    } finally {
      batch.forEach((id) => this.inFlight.delete(id));
      this.changes++;
      this.onAnswers(batch);
    }
  }
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}
