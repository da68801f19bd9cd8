/**
 * Parses bibliography files off the server's thread. Small files (most hand-kept `.bib`s) are
 * parsed in place; large ones go to one worker thread, one at a time (stopped when idle for a
 * few seconds, as it holds its own heap, and started again for the next large file). A request the
 * file has outgrown by the time its turn comes (a reference manager rewrote it again) is
 * dropped. If the worker cannot start or dies, files are parsed in place, with one warning:
 * slower, never lost.
 */
import * as path from 'node:path';
import { type Bibliography, type BibliographyFormat, parseBibliography } from '../core/bibliography';
import { LineIndex } from '../core/lineIndex';
import type { Logger } from './logger';
import type { BibliographyWithoutLines, ParseRequest } from './bibliographyWorker';
import { WorkerClient } from './workerClient';

/** Below this many characters a file parses in well under 100 ms: not worth a thread hop. */
const IN_PLACE_LIMIT = 12 * 1024;
/** An idle worker is stopped after this long: it holds its own heap, and files change rarely. */
const IDLE_MS = 3_000;

const IN_PLACE = "large bibliographies are parsed on the server's thread";

export class BibliographyReader {
  private readonly worker: WorkerClient<ParseRequest, BibliographyWithoutLines>;
  private disposed = false;
  /** Settles when the worker is free for the next file. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly logger: Logger,
    /** The worker script: beside this module in the tests' output, beside the bundle in dist/. */
    workerScript = path.join(__dirname, 'bibliographyWorker.js'),
    private readonly inPlaceLimit = IN_PLACE_LIMIT,
    idleMs = IDLE_MS,
  ) {
    this.worker = new WorkerClient({
      script: workerScript,
      idleMs,
      logger,
      warnings: {
        key: 'bibliography-worker',
        missing: (script) => `No bibliography worker at ${script}; ${IN_PLACE}.`,
        cannotStart: (reason) => `Could not start the bibliography worker (${reason}); ${IN_PLACE}.`,
        stopped: (reason) => `The bibliography worker stopped (${reason}); ${IN_PLACE}.`,
      },
    });
  }

  /** Whether the worker thread is running (it is stopped when idle). */
  get workerRunning(): boolean {
    return this.worker.running;
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
      const answer = this.worker.request({ uri, version, text, format });
      if (!answer) return parseBibliography(uri, version, text, format);
      let parsed: BibliographyWithoutLines;
      try {
        parsed = await answer;
      } catch (error) {
        if (this.disposed) return undefined;
        // The worker failed on this file (or died): the core's own answer, in place, is the fallback.
        this.logger.warnOnce(`bibliography-worker:${uri}`, `Parsing ${uri} in a worker failed (${(error as Error).message.split('\n')[0]}); parsed in place instead.`);
        return parseBibliography(uri, version, text, format);
      }
      return { ...parsed, lines: LineIndex.of(text) };
    } finally {
      release();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.worker.dispose();
  }
}
