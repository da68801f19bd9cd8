/** The arXiv source tells caches which IDs its answers were for, so they update only those papers. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Clock } from '../../server/src/host/arxivClient';
import { ArxivLookups } from '../../server/src/host/arxivLookups';

const ENTRY = readFileSync(path.resolve(__dirname, '../../../test/fixtures/arxiv-api/live-2026-id_list-1605.08386.xml'), 'utf8');
const quiet = { info: () => undefined, warn: () => undefined, warnOnce: () => undefined };
/** Time passes only when someone sleeps. */
const clock: Clock = (() => {
  let now = 1_000_000;
  return { now: () => now, sleep: async (ms: number) => { now += ms; } };
})();

describe('ArxivLookups.changedSince', () => {
  it('lists the IDs answered since a generation, and nothing it cannot vouch for', async () => {
    const lookups = new ArxivLookups(quiet, () => undefined, { transport: async () => ({ status: 200, headers: {}, body: ENTRY }), clock, loopbackMinIntervalMs: 0 });
    await lookups.configure({ enabled: true, trusted: true, apiBaseUrl: 'http://127.0.0.1:1/api/query', cachePath: undefined });
    const opened = lookups.generation;
    // Opening the cache changed everything it answers: no list of IDs covers that.
    assert.equal(lookups.changedSince(opened - 1), undefined);
    assert.deepEqual(lookups.changedSince(opened), []);
    await lookups.prefetch(['1605.08386'], () => undefined, () => false);
    const first = lookups.generation;
    await lookups.prefetch(['2106.09685', '1706.03762'], () => undefined, () => false);
    assert.deepEqual(lookups.changedSince(opened), ['1605.08386', '2106.09685', '1706.03762']);
    assert.deepEqual(lookups.changedSince(first), ['2106.09685', '1706.03762']);
    assert.deepEqual(lookups.changedSince(lookups.generation), []);
    await lookups.dispose();
  });
});
