/**
 * Reads and parses bibliography files off the server's thread: one worker thread reads, decodes
 * and parses a file, one at a time (stopped when idle for a few seconds, as it holds its own heap,
 * and started again for the next file), so the server's thread neither decodes a reference
 * manager's large export, nor copies it, nor indexes its lines. A request the file has outgrown
 * by the time its turn comes (a reference manager rewrote it again) is dropped. If the worker
 * cannot start or dies, files are read and parsed in place, with one warning: slower, never lost.
 */
import * as path from 'node:path';
import { type Bibliography, type BibliographyFormat, parseBibliography } from '../core/bibliography';
import { LineIndex } from '../core/lineIndex';
import { BIBLIOGRAPHY_LIMIT_SETTING, type SkippedRead, readNote } from './fileReading';
import type { Logger } from './logger';
import type { ParseAnswer, ParseRequest } from './bibliographyWorker';
import { WorkerClient } from './workerClient';

/** An idle worker is stopped after this long: it holds its own heap, and files change rarely. */
const IDLE_MS = 3_000;

const IN_PLACE = "bibliographies are parsed on the server's thread";

/** A bibliography file read and parsed, or why it was skipped. */
export type BibliographyFileRead = { readonly kind: 'bibliography'; readonly bibliography: Bibliography; readonly invalidUtf8: boolean } | SkippedRead;

export class BibliographyReader {
  private readonly worker: WorkerClient<ParseRequest, ParseAnswer>;
  private disposed = false;
  /** Settles when the worker is free for the next file. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly logger: Logger,
    /** The worker script: beside this module in the tests' output, beside the bundle in dist/. */
    workerScript = path.join(__dirname, 'bibliographyWorker.js'),
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
   * The file read and parsed (or why it was skipped), or undefined when `isCurrent` says, before
   * the work starts, that a newer read of the file made this one pointless.
   */
  async parseFile(
    uri: string,
    version: number,
    filePath: string,
    maxFileSize: number,
    format: BibliographyFormat,
    isCurrent: () => boolean = () => true,
  ): Promise<BibliographyFileRead | undefined> {
    // One file on the worker at a time; the others wait here, where they can still be dropped.
    const turn = this.queue.then(() => undefined);
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await turn;
    try {
      if (!isCurrent() || this.disposed) return undefined;
      const inPlace = async (): Promise<BibliographyFileRead> => {
        const read = await readNote(filePath, maxFileSize, BIBLIOGRAPHY_LIMIT_SETTING);
        if (read.kind === 'skip') return read;
        return { kind: 'bibliography', bibliography: parseBibliography(uri, version, read.text, format), invalidUtf8: read.invalidUtf8 };
      };
      const answer = this.worker.request({ uri, version, filePath, maxFileSize, format });
      if (!answer) return inPlace();
      let parsed: ParseAnswer;
      try {
        parsed = await answer;
      } catch (error) {
        if (this.disposed) return undefined;
        // The worker failed on this file (or died): the core's own answer, in place, is the fallback.
        this.logger.warnOnce(`bibliography-worker:${uri}`, `Parsing ${uri} in a worker failed (${(error as Error).message.split('\n')[0]}); parsed in place instead.`);
        return inPlace();
      }
      if (parsed.kind === 'skip') return parsed;
      return { kind: 'bibliography', bibliography: { ...parsed.bibliography, lines: LineIndex.fromParts(parsed.lines) }, invalidUtf8: parsed.invalidUtf8 };
    } finally {
      release();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.worker.dispose();
  }
}
