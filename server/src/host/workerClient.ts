/**
 * One worker thread as the server's thread sees it, and the loop a worker script runs. The
 * client starts the worker on the first request, matches answers to requests by id, stops it
 * after a while with nothing to do (each worker holds its own heap) and starts it again on the
 * next request. A worker that cannot start or dies is given up on for good, with one warning,
 * and what it was asked is rejected, so its user does the work in place: slower, never lost.
 * Its users keep their own policy: how many workers, what is worth a thread hop, what is
 * still wanted.
 */
import { existsSync } from 'node:fs';
import { Worker, parentPort } from 'node:worker_threads';
import type { Logger } from './logger';

interface Request<Input> {
  readonly id: number;
  readonly input: Input;
}
type Answer<Result> = { readonly id: number; readonly result: Result } | { readonly id: number; readonly error: string };

export interface WorkerClientOptions {
  readonly script: string;
  /** A worker with nothing to do for this long is stopped; the next request starts another. */
  readonly idleMs: number;
  readonly logger: Logger;
  /**
   * What to tell when the worker cannot run. Told once under `key`, however many clients share it:
   * after that the user's work is simply done in place.
   */
  readonly warnings: {
    readonly key: string;
    readonly missing: (script: string) => string;
    readonly cannotStart: (reason: string) => string;
    readonly stopped: (reason: string) => string;
  };
}

export class WorkerClient<Input, Result> {
  private worker: Worker | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly waiting = new Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private broken = false;
  private disposed = false;

  constructor(private readonly options: WorkerClientOptions) {}

  /** Whether the worker thread is running now (it is stopped when idle). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Requests sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Whether the worker could not start or died: it is not started again. */
  get failed(): boolean {
    return this.broken;
  }

  /** Starts the worker unless it is running; false when it cannot run (told once) or the client is disposed. */
  start(): boolean {
    if (this.worker) return true;
    if (this.broken || this.disposed) return false;
    const { script, logger, warnings } = this.options;
    if (!existsSync(script)) {
      this.broken = true;
      logger.warnOnce(warnings.key, warnings.missing(script));
      return false;
    }
    let worker: Worker;
    try {
      worker = new Worker(script);
    } catch (error) {
      this.broken = true;
      logger.warnOnce(warnings.key, warnings.cannotStart((error as Error).message));
      return false;
    }
    // An idle worker must not keep the server process alive after `exit`.
    worker.unref();
    worker.on('message', (answer: Answer<Result>) => this.answered(worker, answer));
    worker.on('error', (error) => this.stopped(worker, error.message));
    worker.on('exit', (code) => this.stopped(worker, `exit code ${code}`));
    this.worker = worker;
    return true;
  }

  /**
   * The worker's result for `input`; undefined when no worker can run, so the caller works in
   * place. Rejects when the worker threw on this input (the message is its stack), died before
   * answering (the message says how), or the client was disposed (`stopped`).
   */
  request(input: Input): Promise<Result> | undefined {
    if (!this.start()) return undefined;
    const worker = this.worker!;
    const id = ++this.nextId;
    return new Promise<Result>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      clearTimeout(this.idle);
      // Keeps the process alive while the work is being done; idle, the worker does not.
      worker.ref();
      const request: Request<Input> = { id, input };
      worker.postMessage(request);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    // Nothing waits for an answer that will not come.
    this.rejectWaiting('stopped');
    await worker?.terminate();
  }

  private answered(worker: Worker, answer: Answer<Result>): void {
    const waiter = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    if (this.waiting.size === 0) {
      worker.unref();
      this.idle = setTimeout(() => this.retire(worker), this.options.idleMs);
      this.idle.unref();
    }
    if ('error' in answer) waiter?.reject(new Error(answer.error));
    else waiter?.resolve(answer.result);
  }

  /** Stops an idle worker; the next request starts another. */
  private retire(worker: Worker): void {
    if (this.worker !== worker || this.waiting.size > 0) return;
    this.worker = undefined;
    void worker.terminate();
  }

  private stopped(worker: Worker, reason: string): void {
    // A worker retired when idle, or terminated by dispose, has not failed.
    if (this.worker !== worker) return;
    this.worker = undefined;
    clearTimeout(this.idle);
    // Not started again: whatever stopped it would likely stop the next one too.
    this.broken = true;
    this.options.logger.warnOnce(this.options.warnings.key, this.options.warnings.stopped(reason));
    this.rejectWaiting(reason);
  }

  private rejectWaiting(reason: string): void {
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiters) waiter.reject(new Error(reason));
  }
}

/**
 * The worker script's side: answers every request with `run(input)`, or with the stack of what
 * it threw (so one bad input costs that input's thread hop, not the worker).
 */
export function serveRequests<Input, Result>(run: (input: Input) => Result): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', ({ id, input }: Request<Input>) => {
    try {
      const answer: Answer<Result> = { id, result: run(input) };
      port.postMessage(answer);
    } catch (error) {
      const answer: Answer<Result> = { id, error: (error as Error).stack ?? String(error) };
      port.postMessage(answer);
    }
  });
}
