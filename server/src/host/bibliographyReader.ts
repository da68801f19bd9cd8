/**
 * Parses bibliography files off the server's thread. Small files (most hand-kept `.bib`s) are
 * parsed in place; large ones go to one long-lived worker thread, one at a time. If the worker
 * cannot start or dies, files are parsed in place, with one warning: slower, never lost.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Bibliography, type BibliographyFormat, parseBibliography } from '../core/bibliography';
import { LineIndex } from '../core/lineIndex';
import type { Logger } from './logger';
import type { ParseRequest } from './bibliographyWorker';

/** Below this many characters a file parses in milliseconds: not worth a thread hop. */
const IN_PLACE_LIMIT = 64 * 1024;

type Answer = { id: number; parsed?: Omit<Bibliography, 'lines'>; error?: string };

export class BibliographyReader {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void }>();

  constructor(
    private readonly logger: Logger,
    /** The worker script: beside this module in the tests' output, beside the bundle in dist/. */
    private readonly workerScript = path.join(__dirname, 'bibliographyWorker.js'),
    private readonly inPlaceLimit = IN_PLACE_LIMIT,
  ) {}

  async parse(uri: string, version: number, text: string, format: BibliographyFormat): Promise<Bibliography> {
    const worker = text.length > this.inPlaceLimit ? this.ensureWorker() : undefined;
    if (!worker) return parseBibliography(uri, version, text, format);
    const id = ++this.nextId;
    const answer = await new Promise<Answer>((resolve) => {
      this.waiting.set(id, { resolve });
      const request: ParseRequest = { id, uri, version, text, format };
      // Keeps the process alive while a file is being parsed; idle, the worker does not.
      worker.ref();
      worker.postMessage(request);
    });
    if (answer.parsed) return { ...answer.parsed, lines: LineIndex.of(text) };
    // The worker failed on this file (or died): the core's own answer, in place, is the fallback.
    if (answer.error) this.logger.warnOnce(`bibliography-worker:${uri}`, `Parsing ${uri} in a worker failed (${answer.error.split('\n')[0]}); parsed in place instead.`);
    return parseBibliography(uri, version, text, format);
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.broken = true;
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
        if (this.waiting.size === 0) worker.unref();
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
