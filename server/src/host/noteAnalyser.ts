/**
 * Analyses notes read from disk on a small pool of worker threads (one per core, at most
 * `MAX_WORKERS`), so the first index of a large workspace is not bound to one core: analysis is
 * pure CPU work (markdown-it, the reference scan, the entry reader), and cloning its result back
 * costs about a tenth of making it. A note on disk is read by the worker itself (`analyseFile`),
 * so this thread, which answers requests, neither reads, decodes nor copies it. Editors' edits
 * are still analysed in place: one note, at once.
 * If a worker cannot start or dies, notes are analysed in place, with one warning: slower, never lost.
 * Idle workers are stopped after a few seconds (each holds its own heap) and started again when needed.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { type DocumentAnalysis, analyseDocument, analyseReferences } from '../core/documentAnalysis';
import { LineIndex } from '../core/lineIndex';
import type { Logger } from './logger';
import { type SkippedRead, readNote } from './fileReading';
import type { AnalyseAnswer, AnalyseRequest } from './noteAnalysisWorker';
import { WorkerClient, type WorkerClientOptions } from './workerClient';

/** More threads than this only add memory: reading files and updating the index stay serial. */
const MAX_WORKERS = 4;
/**
 * An idle worker is stopped after this long: each holds its own heap (tens of MB), and after the
 * first index notes arrive one at a time, as files change.
 */
const IDLE_MS = 3_000;

const IN_PLACE = "notes are analysed on the server's thread";

type AnalysisWorker = WorkerClient<AnalyseRequest, AnalyseAnswer>;

/** A note file read and analysed, or why it was skipped. */
export type NoteFileAnalysis = { readonly kind: 'analysis'; readonly analysis: DocumentAnalysis; readonly invalidUtf8: boolean } | SkippedRead;

export class NoteAnalyser {
  /** One client per possible worker; each starts its thread only when the pool needs it. */
  private readonly workers: AnalysisWorker[];
  private disposed = false;

  constructor(
    private readonly logger: Logger,
    /** The worker script: beside this module in the tests' output, beside the bundle in dist/. */
    workerScript = path.join(__dirname, 'noteAnalysisWorker.js'),
    size = Math.max(1, Math.min(MAX_WORKERS, availableCores())),
    idleMs = IDLE_MS,
  ) {
    const options: WorkerClientOptions = {
      script: workerScript,
      idleMs,
      logger,
      warnings: {
        key: 'analysis-worker',
        missing: (script) => `No note analysis worker at ${script}; ${IN_PLACE}.`,
        cannotStart: (reason) => `Could not start a note analysis worker (${reason}); ${IN_PLACE}.`,
        stopped: (reason) => `A note analysis worker stopped (${reason}); ${IN_PLACE}.`,
      },
    };
    this.workers = Array.from({ length: size }, (): AnalysisWorker => new WorkerClient(options));
  }

  /** Worker threads running now (idle ones are stopped after a while). */
  get runningWorkers(): number {
    return this.workers.filter((worker) => worker.running).length;
  }

  /**
   * A note file read and analysed by the least busy worker, so this thread does not read, decode
   * or copy it (what `readNote` says of it when it cannot be read); with `referencesOnly`,
   * `analyseReferences`' analysis. Read and analysed in place when no worker can run.
   */
  async analyseFile(uri: string, version: number, filePath: string, maxFileSize: number, referencesOnly = false): Promise<NoteFileAnalysis> {
    const answer = await this.ask({ uri, version, filePath, maxFileSize, referencesOnly });
    if (answer) return answer;
    const read = await readNote(filePath, maxFileSize);
    if (read.kind === 'skip') return read;
    return { kind: 'analysis', analysis: (referencesOnly ? analyseReferences : analyseDocument)(uri, version, read.text), invalidUtf8: read.invalidUtf8 };
  }

  /** The least busy worker's answer, with its line index rebuilt; undefined when no worker could answer. */
  private async ask(request: AnalyseRequest): Promise<NoteFileAnalysis | undefined> {
    const answer = this.leastBusy()?.request(request);
    if (!answer) return undefined;
    let made: AnalyseAnswer;
    try {
      made = await answer;
    } catch (error) {
      if (!this.disposed) this.logger.warnOnce(`analysis-worker:${request.uri}`, `Analysing ${request.uri} in a worker failed (${(error as Error).message.split('\n')[0]}); analysed in place instead.`);
      return undefined;
    }
    if (made.kind === 'skip') return made;
    return { kind: 'analysis', analysis: { ...made.analysis, lines: LineIndex.fromParts(made.lines) }, invalidUtf8: made.invalidUtf8 };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(this.workers.map((worker) => worker.dispose()));
  }

  /** The running worker with the fewest notes in hand, or a new one when every running worker is busy. */
  private leastBusy(): AnalysisWorker | undefined {
    let best: AnalysisWorker | undefined;
    for (const worker of this.workers) if (worker.running && (!best || worker.pending < best.pending)) best = worker;
    if (best?.pending === 0) return best;
    // A worker that died is not replaced: whatever killed it would likely kill the next.
    if (this.workers.some((worker) => worker.failed)) return best;
    const spare = this.workers.find((worker) => !worker.running);
    return spare?.start() ? spare : best;
  }
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
