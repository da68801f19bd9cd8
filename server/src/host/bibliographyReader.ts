/**
 * Parses bibliography files off the server's thread. Small files (most hand-kept `.bib`s) are
 * parsed in place; large ones go to one worker thread, one at a time (stopped when idle for a
 * few seconds, as it holds its own heap, and started again for the next large file). A request the
 * file has outgrown by the time its turn comes (a reference manager rewrote it again) is
 * dropped. If the worker cannot start or dies, files are parsed in place, with one warning:
 * slower, never lost.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Bibliography, type BibliographyFormat, parseBibliography } from '../core/bibliography';
import { LineIndex } from '../core/lineIndex';
import type { Logger } from './logger';
import type { ParseRequest } from './bibliographyWorker';

/** Below this many characters a file parses in well under 100 ms: not worth a thread hop. */
const IN_PLACE_LIMIT = 12 * 1024;
/** An idle worker is stopped after this long: it holds its own heap, and files change rarely. */
const IDLE_MS = 3_000;

type Answer = { id: number; parsed?: Omit<Bibliography, 'lines'>; error?: string };

export class BibliographyReader {
  private worker: Worker | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private broken = false;
  private nextId = 0;
  private disposed = false;
  /** Settles when the worker is free for the next file. */
  private queue: Promise<void> = Promise.resolve();
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void }>();

  constructor(
    private readonly logger: Logger,
    /** The worker script: beside this module in the tests' output, beside the bundle in dist/. */
    private readonly workerScript = path.join(__dirname, 'bibliographyWorker.js'),
    private readonly inPlaceLimit = IN_PLACE_LIMIT,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Whether the worker thread is running (it is stopped when idle). */
  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  /**
   * The parsed file, or undefined when `isCurrent` says, before the work starts, that a newer
   * read of the file made this one pointless.
   */
  async parse(uri: string, version: number, text: string, format: BibliographyFormat, isCurrent: () => boolean = () => true): Promise<Bibliography | undefined> {
    if (text.length <= this.inPlaceLimit) return parseBibliography(uri, version, text, format);
    // One file on the worker at a time; the others wait here, where they can still be dropped.
    const turn = this.queue.then(() => undefined);
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await turn;
    try {
      if (!isCurrent() || this.disposed) return undefined;
      const worker = this.ensureWorker();
      if (!worker) return parseBibliography(uri, version, text, format);
      const id = ++this.nextId;
      const answer = await new Promise<Answer>((resolve) => {
        this.waiting.set(id, { resolve });
        clearTimeout(this.idle);
        const request: ParseRequest = { id, uri, version, text, format };
        // Keeps the process alive while a file is being parsed; idle, the worker does not.
        worker.ref();
        worker.postMessage(request);
      });
      if (answer.parsed) return { ...answer.parsed, lines: LineIndex.of(text) };
      if (this.disposed) return undefined;
      // The worker failed on this file (or died): the core's own answer, in place, is the fallback.
      if (answer.error) this.logger.warnOnce(`bibliography-worker:${uri}`, `Parsing ${uri} in a worker failed (${answer.error.split('\n')[0]}); parsed in place instead.`);
      return parseBibliography(uri, version, text, format);
    } finally {
      release();
    }
  }

  /** Stops the idle worker; the next large file starts another. */
  private retire(worker: Worker): void {
    if (this.worker !== worker || this.waiting.size > 0) return;
    this.worker = undefined;
    void worker.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    this.broken = true;
    // Nothing waits for an answer that will not come.
    for (const [id, waiter] of this.waiting) waiter.resolve({ id, error: 'stopped' });
    this.waiting.clear();
    await worker?.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    if (!existsSync(this.workerScript)) {
      this.broken = true;
      this.logger.warnOnce('bibliography-worker', `No bibliography worker at ${this.workerScript}; large bibliographies are parsed on the server's thread.`);
      return undefined;
    }
    try {
      const worker = new Worker(this.workerScript);
      // An idle worker must not keep the server process alive after `exit`.
      worker.unref();
      worker.on('message', (answer: Answer) => {
        const waiter = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        if (this.waiting.size === 0) {
          worker.unref();
          this.idle = setTimeout(() => this.retire(worker), this.idleMs);
          this.idle.unref();
        }
        waiter?.resolve(answer);
      });
      const fail = (reason: string) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.broken = true;
        this.logger.warnOnce('bibliography-worker', `The bibliography worker stopped (${reason}); large bibliographies are parsed on the server's thread.`);
        for (const [id, waiter] of this.waiting) waiter.resolve({ id, error: reason });
        this.waiting.clear();
      };
      worker.on('error', (error) => fail(error.message));
      worker.on('exit', (code) => fail(`exit code ${code}`));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.broken = true;
      this.logger.warnOnce('bibliography-worker', `Could not start the bibliography worker (${(error as Error).message}); large bibliographies are parsed on the server's thread.`);
      return undefined;
    }
  }
}
