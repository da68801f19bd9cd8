/** One worker thread's lifecycle: answers matched to requests, stopped when idle and started again, given up on (with one warning) when it cannot run. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Logger } from '../../server/src/host/logger';
import { WorkerClient } from '../../server/src/host/workerClient';
import type { EchoAnswer, EchoRequest } from '../support/echoWorker';

const support = path.join(__dirname, '..', 'support');

/** Records every warning asked for, told-once or not, so a test can count them. */
function collectingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => warnings.push(m), warnOnce: (k, m) => warnings.push(`${k}: ${m}`) };
}

function client<Input = EchoRequest, Result = EchoAnswer>(logger: Logger, script: string, idleMs = 5_000): WorkerClient<Input, Result> {
  return new WorkerClient<Input, Result>({
    script: path.join(support, script),
    idleMs,
    logger,
    warnings: {
      key: 'test-worker',
      missing: (at) => `missing ${at}`,
      cannotStart: (reason) => `cannot start (${reason})`,
      stopped: (reason) => `stopped (${reason})`,
    },
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('WorkerClient', () => {
  it('gives each request its own answer, whatever order the worker answers in', async () => {
    const logger = collectingLogger();
    const worker = client<number, number>(logger, 'reversingWorker.js');
    try {
      const answers = [1, 2, 3].map((n) => worker.request(n));
      assert.equal(worker.pending, 3);
      assert.deepEqual(await Promise.all(answers), [10, 20, 30]);
      assert.equal(worker.pending, 0);
      assert.deepEqual(logger.warnings, []);
    } finally {
      await worker.dispose();
    }
  });

  it("rejects only the request the worker threw on, with the worker's error, and keeps the worker", async () => {
    const logger = collectingLogger();
    const worker = client(logger, 'echoWorker.js');
    try {
      const [before, failing, after] = [worker.request({ value: 1 }), worker.request({ value: 2, throws: 'no twos' }), worker.request({ value: 3 })];
      await assert.rejects(failing!, (error: Error) => error.message.split('\n')[0] === 'Error: no twos' && /echoWorker/.test(error.message));
      assert.equal((await before)!.doubled, 2);
      assert.equal((await after)!.doubled, 6);
      assert.equal(worker.running, true);
      assert.equal(worker.failed, false);
      assert.deepEqual(logger.warnings, []);
    } finally {
      await worker.dispose();
    }
  });

  it('stops the worker when idle and starts another for the next request, without a warning', async () => {
    const logger = collectingLogger();
    const worker = client(logger, 'echoWorker.js', 20);
    try {
      assert.equal(worker.running, false, 'nothing starts before the first request');
      const first = (await worker.request({ value: 1 }))!;
      assert.equal(worker.running, true);
      await until(() => !worker.running);
      assert.equal(worker.running, false);
      const again = (await worker.request({ value: 2 }))!;
      assert.equal(again.doubled, 4);
      assert.notEqual(again.threadId, first.threadId, 'a new thread');
      assert.equal(worker.failed, false);
      assert.deepEqual(logger.warnings, []);
    } finally {
      await worker.dispose();
    }
  });

  it('does not stop a worker that has a request in hand, however long it takes', async () => {
    const worker = client(collectingLogger(), 'echoWorker.js', 20);
    try {
      const first = (await worker.request({ value: 1 }))!;
      const slow = (await worker.request({ value: 2, busyMs: 150 }))!;
      assert.equal(slow.threadId, first.threadId);
      assert.equal(worker.running, true);
    } finally {
      await worker.dispose();
    }
  });

  it('answers undefined, with one warning, when there is no worker script', async () => {
    const logger = collectingLogger();
    const worker = client(logger, 'no-such-worker.js');
    assert.equal(worker.request({ value: 1 }), undefined);
    assert.equal(worker.start(), false);
    assert.equal(worker.request({ value: 2 }), undefined);
    assert.equal(worker.failed, true);
    assert.deepEqual(logger.warnings, [`test-worker: missing ${path.join(support, 'no-such-worker.js')}`]);
    await worker.dispose();
  });

  it('rejects what was waiting when the worker dies, with one warning, and does not start it again', async () => {
    const logger = collectingLogger();
    // A script that exits at once stands in for a worker that crashes.
    const worker = client(logger, 'exitingWorker.js');
    const waiting = [worker.request({ value: 1 }), worker.request({ value: 2 })];
    await Promise.all(waiting.map((answer) => assert.rejects(answer!, { message: 'exit code 3' })));
    assert.equal(worker.running, false);
    assert.equal(worker.failed, true);
    assert.equal(worker.request({ value: 3 }), undefined, 'the caller works in place from now on');
    assert.deepEqual(logger.warnings, ['test-worker: stopped (exit code 3)']);
    await worker.dispose();
  });

  it('counts a worker that dies while idle as failed', async () => {
    const logger = collectingLogger();
    const worker = client(logger, 'echoWorker.js');
    assert.equal((await worker.request({ value: 1, exitAfterMs: 10 }))!.doubled, 2);
    await until(() => worker.failed);
    assert.equal(worker.failed, true);
    assert.equal(worker.request({ value: 2 }), undefined);
    assert.deepEqual(logger.warnings, ['test-worker: stopped (exit code 4)']);
    await worker.dispose();
  });

  it('rejects what was waiting on dispose, without a warning, and starts nothing after', async () => {
    const logger = collectingLogger();
    const worker = client(logger, 'echoWorker.js');
    const waiting = assert.rejects(worker.request({ value: 1, busyMs: 200 })!, { message: 'stopped' });
    await worker.dispose();
    await waiting;
    assert.equal(worker.running, false);
    assert.equal(worker.failed, false);
    assert.equal(worker.request({ value: 2 }), undefined);
    assert.deepEqual(logger.warnings, []);
  });
});
