/**
 * Online arXiv metadata, offline first: every answer comes from the persistent cache at once;
 * an ID nobody describes is looked up in the background (batched, through the one rate-limited
 * `ArxivClient`), and the server is told when answers arrive so it can refresh hovers, the
 * Topics view and diagnostics. Lookups are off when the setting says so or the workspace is
 * not trusted; the cache still answers.
 */
import type { ArxivLookup, ArxivMetadataSource } from '../core/features/context';
import { englishMessages, type OfflineCause } from '../core/messages';
import { ARXIV_BATCH_SIZE, ArxivClient, type Clock, type Transport } from './arxivClient';
import type { Logger } from './logger';
import { MetadataCache } from './metadataCache';

/** IDs asked for in one burst (hovering down a list) go out as one batch. */
const BATCH_SETTLE_MS = 250;
/** After a failed attempt an ID is not asked for again sooner than this. */
const RETRY_AFTER_FAILURE_MS = 30_000;
/** At shutdown, answers on their way are waited for this long before the cache is saved. */
const SHUTDOWN_WAIT_MS = 2000;
/** The batches of answers remembered for `changedSince`; a reader further behind rebuilds. */
const REMEMBERED_ARRIVALS = 256;

export interface LookupConfiguration {
  readonly enabled: boolean;
  /** Whether the editor trusts the workspace; untrusted workspaces never go online. */
  readonly trusted: boolean;
  /** Undefined when the setting is not an http(s) URL: lookups are off rather than sent elsewhere. */
  readonly apiBaseUrl: string | undefined;
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
  private causeOffline: OfflineCause = 'disabled';
  private readonly inFlight = new Set<string>();
  private readonly queued = new Set<string>();
  private readonly failures = new Map<string, { reason: string; at: number }>();
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private changes = 0;
  /** The IDs each recent change brought answers for, oldest first (a replaced cache is a change with no list). */
  private readonly arrivals: Array<{ readonly generation: number; readonly ids: readonly string[] }> = [];
  /** Configuration is applied one call at a time, in order: the last settings win. */
  private configuring: Promise<void> = Promise.resolve();
  private readonly fetches = new Set<Promise<unknown>>();

  constructor(
    private readonly logger: Logger,
    /** Told the IDs whose answers arrived (found, missing or failed). */
    private readonly onAnswers: (ids: string[]) => void,
    private readonly options: LookupOptions = {},
  ) {}

  get generation(): number {
    return this.changes;
  }

  changedSince(generation: number): readonly string[] | undefined {
    const since = this.arrivals.filter((arrival) => arrival.generation > generation);
    // Every change after `generation` must be one whose IDs are known.
    if (since.length !== this.changes - generation) return undefined;
    return since.flatMap((arrival) => arrival.ids);
  }

  /**
   * Applies settings and trust; opens the cache at its (new) place. Safe to call again on every
   * settings change, even before an earlier call finished: calls are applied in order.
   */
  configure(configuration: LookupConfiguration): Promise<void> {
    const applied = this.configuring.then(() => this.apply(configuration));
    this.configuring = applied.catch((error: Error) => this.logger.warn(`Could not configure arXiv lookups: ${error.stack ?? error.message}`));
    return this.configuring;
  }

  private async apply(configuration: LookupConfiguration): Promise<void> {
    if (!this.cache || configuration.cachePath !== this.cachePath) {
      const previous = this.cache;
      this.cachePath = configuration.cachePath;
      this.cache = await MetadataCache.open(configuration.cachePath, this.logger);
      await previous?.dispose();
      this.changes++;
    }
    if (!configuration.trusted) {
      this.client = undefined;
      this.causeOffline = 'untrusted';
      return;
    }
    if (!configuration.enabled) {
      this.client = undefined;
      this.causeOffline = 'disabled';
      return;
    }
    if (!configuration.apiBaseUrl) {
      this.client = undefined;
      this.causeOffline = 'invalid-api-url';
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
        // arXiv's own interval (the client's default) unless a loopback API says otherwise.
        minIntervalMs: loopback ? this.options.loopbackMinIntervalMs : undefined,
        timeoutMs: loopback ? this.options.loopbackTimeoutMs : undefined,
      });
    }
  }

  /** Why lookups are off, for messages in the user's language; undefined when they are on. */
  get offlineCause(): OfflineCause | undefined {
    return this.client ? undefined : this.causeOffline;
  }

  lookup(id: string, request: boolean): ArxivLookup {
    const record = this.cache?.get(id);
    if (record?.kind === 'found') return { status: 'found', metadata: record.metadata };
    if (record && this.cache!.isFresh(record)) return { status: 'missing', checkedAt: record.checkedAt };
    if (this.inFlight.has(id) || this.queued.has(id)) return { status: 'pending' };
    if (!this.client) return { status: 'offline', reason: englishMessages.offlineReason(this.causeOffline), cause: this.causeOffline };
    const failure = this.failures.get(id);
    // After a failure, wait a while, and at least as long as arXiv asked (a long Retry-After).
    if (failure && (Date.now() - failure.at < RETRY_AFTER_FAILURE_MS || Date.now() < this.client.waitUntil)) return { status: 'failed', reason: failure.reason };
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
    const batchSize = ARXIV_BATCH_SIZE;
    onProgress(0, wanted.length);
    for (let start = 0; start < wanted.length; start += batchSize) {
      if (isCancelled()) return { ...result, cancelled: true };
      // A hover may have asked for some of these meanwhile: ask for each ID once.
      const batch = this.unknown(wanted.slice(start, start + batchSize)).filter((id) => !this.inFlight.has(id));
      batch.forEach((id) => this.queued.delete(id));
      if (batch.length === 0) continue;
      const answered = await this.fetch(batch);
      result.found += answered.found;
      result.missing += answered.missing;
      result.failed += answered.failed;
      onProgress(Math.min(start + batchSize, wanted.length), wanted.length);
    }
    return result;
  }

  /** Lets answers already on their way arrive (briefly), then saves the cache. */
  async dispose(): Promise<void> {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.client = undefined;
    await Promise.race([Promise.allSettled([...this.fetches]), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
    await this.configuring;
    await this.cache?.dispose();
  }

  private async sendQueued(): Promise<void> {
    this.batchTimer = undefined;
    const batch = [...this.queued];
    this.queued.clear();
    if (batch.length) await this.fetch(batch);
  }

  private fetch(batch: string[]): Promise<{ found: number; missing: number; failed: number }> {
    const fetching = this.fetchBatch(batch);
    this.fetches.add(fetching);
    void fetching.finally(() => this.fetches.delete(fetching));
    return fetching;
  }

  private async fetchBatch(batch: string[]): Promise<{ found: number; missing: number; failed: number }> {
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
      this.arrivals.push({ generation: this.changes, ids: batch });
      if (this.arrivals.length > REMEMBERED_ARRIVALS) this.arrivals.shift();
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
