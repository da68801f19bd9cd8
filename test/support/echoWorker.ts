// A worker for the workerClient tests, serving through serveRequests: it doubles a number, and can
// be told to throw, to take its time, or to exit a little after answering.
import { threadId } from 'node:worker_threads';
import { serveRequests } from '../../server/src/host/workerClient';

export interface EchoRequest {
  readonly value: number;
  readonly throws?: string;
  readonly busyMs?: number;
  readonly exitAfterMs?: number;
}

export interface EchoAnswer {
  readonly doubled: number;
  readonly threadId: number;
}

serveRequests((request: EchoRequest): EchoAnswer => {
  if (request.throws) throw new Error(request.throws);
  // Sleeps without spinning a shared core.
  if (request.busyMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, request.busyMs);
  if (request.exitAfterMs !== undefined) setTimeout(() => process.exit(4), request.exitAfterMs);
  return { doubled: request.value * 2, threadId };
});
