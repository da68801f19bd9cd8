/**
 * Analyses notes read from disk on a small pool of worker threads (one per core, at most
 * `MAX_WORKERS`), so the first index of a large workspace is not bound to one core: analysis is
 * pure CPU work (markdown-it, the reference scan, the entry reader), and cloning its result back
 * costs about a tenth of making it. Editors' edits are still analysed in place: one note, at once.
 * If a worker cannot start or dies, notes are analysed in place, with one warning: slower, never lost.
 * Idle workers are stopped after a few seconds (each holds its own heap) and started again when needed.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type DocumentAnalysis, analyseDocument } from '../core/documentAnalysis';
import { LineIndex } from '../core/lineIndex';
import type { Logger } from './logger';
import type { AnalyseRequest } from './noteAnalysisWorker';

/** More threads than this only add memory: reading files and updating the index stay serial. */
const MAX_WORKERS = 4;
/** Below this many characters a note is analysed in well under a millisecond: not worth a thread hop. */
const IN_PLACE_LIMIT = 2 * 1024;
/**
 * An idle worker is stopped after this long: each holds its own heap (tens of MB), and after the
 * first index notes arrive one at a time, as files change.
 */
const IDLE_MS = 3_000;

type Answer = { id: number; analysis?: Omit<DocumentAnalysis, 'lines'>; error?: string };

interface PoolWorker {
  readonly worker: Worker;
  /** Requests sent and not yet answered. */
  readonly waiting: Map<number, (answer: Answer) => void>;
  idle?: ReturnType<typeof setTimeout>;
  retired?: boolean;
}

export class NoteAnalyser {
  private readonly workers: PoolWorker[] = [];
  private broken = false;
  private disposed = false;
  private nextId = 0;

  constructor(
    private readonly logger: Logger,
    /** The worker script: beside this module in the tests' output, beside the bundle in dist/. */
    private readonly workerScript = path.join(__dirname, 'noteAnalysisWorker.js'),
    private readonly size = Math.max(1, Math.min(MAX_WORKERS, availableCores())),
    private readonly inPlaceLimit = IN_PLACE_LIMIT,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Worker threads running now (idle ones are stopped after a while). */
  get runningWorkers(): number {
    return this.workers.length;
  }

  /** The note's analysis, made on the least busy worker (or in place). */
  async analyse(uri: string, version: number, text: string): Promise<DocumentAnalysis> {
    if (text.length <= this.inPlaceLimit) return analyseDocument(uri, version, text);
    const pooled = this.leastBusy();
    if (!pooled) return analyseDocument(uri, version, text);
    const id = ++this.nextId;
    const answer = await new Promise<Answer>((resolve) => {
      pooled.waiting.set(id, resolve);
      clearTimeout(pooled.idle);
      // Keeps the process alive while a note is being analysed; idle, the workers do not.
      pooled.worker.ref();
      const request: AnalyseRequest = { id, uri, version, text };
      pooled.worker.postMessage(request);
    });
    if (answer.analysis) return { ...answer.analysis, lines: LineIndex.of(text) };
    if (answer.error && !this.disposed) {
      this.logger.warnOnce(`analysis-worker:${uri}`, `Analysing ${uri} in a worker failed (${answer.error.split('\n')[0]}); analysed in place instead.`);
    }
    return analyseDocument(uri, version, text);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.broken = true;
    const workers = this.workers.splice(0);
    for (const pooled of workers) {
      clearTimeout(pooled.idle);
      for (const [id, resolve] of pooled.waiting) resolve({ id, error: 'stopped' });
    }
    await Promise.all(workers.map((pooled) => pooled.worker.terminate()));
  }

  /** Stops an idle worker; the next busy moment starts another. */
  private retire(pooled: PoolWorker): void {
    if (pooled.waiting.size > 0) return;
    const at = this.workers.indexOf(pooled);
    if (at >= 0) this.workers.splice(at, 1);
    pooled.retired = true;
    void pooled.worker.terminate();
  }

  private leastBusy(): PoolWorker | undefined {
    let best = this.workers.reduce<PoolWorker | undefined>((min, pooled) => (!min || pooled.waiting.size < min.waiting.size ? pooled : min), undefined);
    if ((!best || best.waiting.size > 0) && this.workers.length < this.size && !this.broken) best = this.startWorker() ?? best;
    return best;
  }

  private startWorker(): PoolWorker | undefined {
    if (!existsSync(this.workerScript)) {
      this.broken = true;
      this.logger.warnOnce('analysis-worker', `No note analysis worker at ${this.workerScript}; notes are analysed on the server's thread.`);
      return undefined;
    }
    try {
      const worker = new Worker(this.workerScript);
      // An idle worker must not keep the server process alive after `exit`.
      worker.unref();
      const pooled: PoolWorker = { worker, waiting: new Map() };
      worker.on('message', (answer: Answer) => {
        const resolve = pooled.waiting.get(answer.id);
        pooled.waiting.delete(answer.id);
        if (pooled.waiting.size === 0) {
          worker.unref();
          pooled.idle = setTimeout(() => this.retire(pooled), this.idleMs);
          pooled.idle.unref();
        }
        resolve?.(answer);
      });
      const fail = (reason: string) => {
        const at = this.workers.indexOf(pooled);
        if (at < 0 || pooled.retired) return;
        this.workers.splice(at, 1);
        // A worker that dies is not replaced: whatever killed it would likely kill the next.
        this.broken = true;
        if (!this.disposed) this.logger.warnOnce('analysis-worker', `A note analysis worker stopped (${reason}); notes are analysed on the server's thread.`);
        for (const [id, resolve] of pooled.waiting) resolve({ id, error: reason });
        pooled.waiting.clear();
      };
      worker.on('error', (error) => fail(error.message));
      worker.on('exit', (code) => fail(`exit code ${code}`));
      this.workers.push(pooled);
      return pooled;
    } catch (error) {
      this.broken = true;
      this.logger.warnOnce('analysis-worker', `Could not start a note analysis worker (${(error as Error).message}); notes are analysed on the server's thread.`);
      return undefined;
    }
  }
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
