/**
 * The arXiv client keeps arXiv's terms: checked with a fake clock (no waiting) and a fake
 * transport, and once against a real HTTP server on 127.0.0.1 serving recorded answers.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ArxivClient, type Clock, type HttpAnswer, fetchTransport, retryAfter } from '../../server/src/host/arxivClient';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../test/fixtures/arxiv-api', name), 'utf8');
const ENTRY = fixture('live-2026-id_list-1605.08386.xml');
const EMPTY = fixture('live-2026-id_list-0000.0000-empty.xml');

/** Time passes only when someone sleeps. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

function scripted(answers: Array<HttpAnswer | Error>, clock: Clock) {
  const calls: Array<{ url: string; at: number }> = [];
  const transport = async (url: string) => {
    calls.push({ url, at: clock.now() });
    const next = answers.shift() ?? { status: 200, headers: {}, body: EMPTY };
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, transport };
}

describe('ArxivClient', () => {
  it('batches IDs with id_list and max_results, one request at a time, at least 3 s apart', async () => {
    const clock = fakeClock();
    const { calls, transport } = scripted([], clock);
    const client = new ArxivClient({ baseUrl: 'http://127.0.0.1:1/api/query', transport, clock });
    const ids = Array.from({ length: 250 }, (_, i) => `2106.${String(10000 + i)}`);
    // Two callers at once still share one connection and the interval.
    await Promise.all([client.fetchMetadata(ids), client.fetchMetadata(['1706.03762'])]);
    assert.equal(calls.length, 4);
    assert.match(calls[0].url, /\?id_list=2106\.10000,2106\.10001,.*&max_results=100$/);
    assert.deepEqual(calls.map((call) => /max_results=(\d+)$/.exec(call.url)?.[1]).sort(), ['1', '100', '100', '50']);
    for (let i = 1; i < calls.length; i++) assert.ok(calls[i].at - calls[i - 1].at >= 3000, `request ${i} waited ${calls[i].at - calls[i - 1].at} ms`);
  });

  it('finds entries, and tells missing IDs from failed ones', async () => {
    const clock = fakeClock();
    const { transport } = scripted([{ status: 200, headers: {}, body: ENTRY }], clock);
    const result = await new ArxivClient({ baseUrl: 'x', transport, clock }).fetchMetadata(['1605.08386', '0000.00001']);
    assert.equal(result.found.get('1605.08386')?.title, 'Heat-bath random walks with Markov bases');
    assert.deepEqual(result.missing, ['0000.00001']);
    assert.deepEqual(result.failed, []);
  });

  it('retries 429 after Retry-After and 5xx or resets with growing backoff, then gives up', async () => {
    const clock = fakeClock();
    const { calls, transport } = scripted([
      { status: 429, headers: { 'retry-after': '20' }, body: '' },
      { status: 503, headers: {}, body: '' },
      new Error('socket hang up'),
      { status: 200, headers: {}, body: ENTRY },
    ], clock);
    const result = await new ArxivClient({ baseUrl: 'x', transport, clock }).fetchMetadata(['1605.08386']);
    assert.equal(result.found.size, 1);
    assert.equal(calls.length, 4);
    assert.ok(calls[1].at - calls[0].at >= 20_000, 'Retry-After honoured');
    assert.ok(calls[3].at - calls[2].at >= 12_000, 'backoff grows');

    const down = fakeClock();
    const failing = scripted([new Error('timeout'), new Error('timeout'), new Error('timeout'), new Error('timeout')], down);
    const gaveUp = await new ArxivClient({ baseUrl: 'x', transport: failing.transport, clock: down }).fetchMetadata(['1605.08386']);
    assert.deepEqual(gaveUp.failed, ['1605.08386']);
    assert.match(gaveUp.errors.join(), /could not be reached: timeout/);
  });

  it('reads the error feed as an answer, not a failure to retry', async () => {
    const clock = fakeClock();
    const { calls, transport } = scripted([{ status: 400, headers: {}, body: fixture('live-2026-id_list-abc-malformed.xml') }], clock);
    const result = await new ArxivClient({ baseUrl: 'x', transport, clock }).fetchMetadata(['abc']);
    assert.equal(calls.length, 1);
    assert.ok(result.errors.length > 0);
    assert.deepEqual(result.missing, ['abc']);
  });

  it('takes an error feed naming one ID of a batch as that ID\'s answer, and asks again for the rest', async () => {
    const clock = fakeClock();
    const { calls, transport } = scripted([
      { status: 400, headers: {}, body: fixture('manual-error-1234.12345.xml') },
      { status: 200, headers: {}, body: ENTRY },
    ], clock);
    const result = await new ArxivClient({ baseUrl: 'x', transport, clock }).fetchMetadata(['1605.08386', '1234.12345']);
    assert.equal(calls.length, 2);
    assert.match(calls[1].url, /id_list=1605\.08386&max_results=1$/);
    assert.deepEqual([...result.found.keys()], ['1605.08386']);
    assert.deepEqual(result.missing, ['1234.12345']);
    assert.deepEqual(result.rejected, ['1234.12345']);
    assert.deepEqual(result.failed, []);
  });

  it('fails a batch whose error feed names none of its IDs, rather than calling them nonexistent', async () => {
    const clock = fakeClock();
    const { transport } = scripted([{ status: 400, headers: {}, body: fixture('manual-error-1234.12345.xml') }], clock);
    const result = await new ArxivClient({ baseUrl: 'x', transport, clock }).fetchMetadata(['1605.08386', '1501.00003']);
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.failed, ['1605.08386', '1501.00003']);
  });

  it('gives up on a batch rather than wait a Retry-After longer than a minute', async () => {
    const clock = fakeClock();
    const { calls, transport } = scripted([
      { status: 429, headers: { 'retry-after': '3600' }, body: '' },
      { status: 429, headers: { 'retry-after': '3600' }, body: '' },
    ], clock);
    const result = await new ArxivClient({ baseUrl: 'x', transport, clock }).fetchMetadata(['1605.08386']);
    assert.equal(calls.length, 1);
    assert.deepEqual(result.failed, ['1605.08386']);
    assert.match(result.errors.join(), /asked to wait 3600 s/);
    const client = new ArxivClient({ baseUrl: 'x', transport, clock });
    const first = await client.fetchMetadata(['1605.08386']);
    assert.deepEqual(first.failed, ['1605.08386']);
    const before = calls.length;
    const blocked = await client.fetchMetadata(Array.from({ length: 250 }, (_, i) => `2301.${String(i + 1).padStart(5, '0')}`));
    assert.equal(calls.length, before, 'nothing is sent while arXiv asked to wait, in any batch');
    assert.equal(blocked.failed.length, 250);
    assert.equal(client.waitUntil, calls[before - 1].at + 3_600_000);
    await clock.sleep(3_600_000);
    await client.fetchMetadata(['1605.08386']);
    assert.equal(calls.length, before + 1, 'asked again once the wait is over');
  });

  it('treats malformed XML as a failed batch to ask again later', async () => {
    const clock = fakeClock();
    const { transport } = scripted([{ status: 200, headers: {}, body: '<feed><entry>' }], clock);
    const result = await new ArxivClient({ baseUrl: 'x', transport, clock }).fetchMetadata(['1605.08386']);
    assert.deepEqual(result.failed, ['1605.08386']);
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.equal(retryAfter('5', 0), 5000);
    assert.equal(retryAfter(new Date(60_000).toUTCString(), 0), 60_000);
    assert.equal(retryAfter('soon', 0), 0);
    assert.equal(retryAfter(undefined, 0), 0);
  });

  it('talks HTTP to a local server with the real transport, and times out a server that never answers', async () => {
    const server = createServer((request, response) => {
      if (request.url?.includes('hang')) return; // never answers
      response.writeHead(200, { 'content-type': 'application/atom+xml' });
      response.end(ENTRY);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = new ArxivClient({ baseUrl: `http://127.0.0.1:${port}/api/query`, minIntervalMs: 0 });
      const result = await client.fetchMetadata(['1605.08386']);
      assert.equal(result.found.get('1605.08386')?.version, 1);
      await assert.rejects(fetchTransport(`http://127.0.0.1:${port}/hang`, 200), /abort/i);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
