/** Large bibliographies are parsed on a worker thread with the same result as in place, and the server's thread stays free meanwhile. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseBibliography } from '../../server/src/core/bibliography';
import { BibliographyReader } from '../../server/src/host/bibliographyReader';
import type { Logger } from '../../server/src/host/logger';

function collectingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, info: (m) => messages.push(m), warn: (m) => messages.push(m), warnOnce: (_k, m) => messages.push(m) };
}

function library(entries: number): string {
  return Array.from({ length: entries }, (_, i) =>
    [`@article{key${i},`, `  title = {Paper {${i}} on \\"Uber-{LaTeX} \\& graphs},`, `  author = {M{\\"u}ller, J{\\"u}rgen and 王, 小明},`, `  year = {20${String(i % 100).padStart(2, '0')}},`, `  eprint = {2301.${String((i % 99999) + 1).padStart(5, '0')}}, archivePrefix = {arXiv},`, '}'].join('\n'),
  ).join('\n\n');
}

const withoutLines = ({ lines: _lines, ...rest }: ReturnType<typeof parseBibliography>) => rest;

describe('BibliographyReader', () => {
  it('parses a large file on the worker with the same result as in place, and the thread stays free', async () => {
    const logger = collectingLogger();
    const reader = new BibliographyReader(logger);
    const text = library(1500);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const parsed = (await reader.parse('file:///ws/big.bib', 3, text, 'bibtex'))!;
    clearInterval(timer);
    await reader.dispose();
    assert.ok(ticks > 0, 'timers ran while the worker parsed');
    assert.equal(parsed.entries.length, 1500);
    assert.deepEqual(withoutLines(parsed), withoutLines(parseBibliography('file:///ws/big.bib', 3, text, 'bibtex')));
    assert.deepEqual(parsed.lines.positionAt(text.length), parseBibliography('file:///ws/big.bib', 3, text, 'bibtex').lines.positionAt(text.length));
    assert.deepEqual(logger.messages, []);
  });

  it('drops a queued parse that a newer read made pointless, and never leaves a caller waiting after dispose', async () => {
    const reader = new BibliographyReader(collectingLogger());
    const text = library(300);
    let stillWanted = true;
    const first = reader.parse('file:///ws/a.bib', 1, text, 'bibtex');
    const superseded = reader.parse('file:///ws/a.bib', 2, text, 'bibtex', () => stillWanted);
    const latest = reader.parse('file:///ws/a.bib', 3, text, 'bibtex');
    stillWanted = false;
    assert.equal((await first)?.version, 1);
    assert.equal(await superseded, undefined, 'its turn came after a newer read: not parsed');
    assert.equal((await latest)?.version, 3);
    const pending = reader.parse('file:///ws/b.bib', 1, library(2000), 'bibtex');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await reader.dispose();
    assert.equal(await pending, undefined, 'dispose answers what was waiting');
  });

  it('stops the worker when idle and starts another for the next large file, without a warning', async () => {
    const logger = collectingLogger();
    const reader = new BibliographyReader(logger, undefined, 10, 20);
    try {
      const text = library(50);
      const first = (await reader.parse('file:///ws/a.bib', 1, text, 'bibtex'))!;
      assert.equal(reader.workerRunning, true);
      for (let waited = 0; reader.workerRunning && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(reader.workerRunning, false);
      const again = (await reader.parse('file:///ws/a.bib', 1, text, 'bibtex'))!;
      assert.deepEqual(withoutLines(again), withoutLines(first));
      assert.equal(first.entries.length, 50);
      assert.deepEqual(logger.messages, []);
    } finally {
      await reader.dispose();
    }
  });

  it('parses in place, with one warning, when the worker is missing', async () => {
    const logger = collectingLogger();
    const reader = new BibliographyReader(logger, path.join(__dirname, 'no-such-worker.js'), 10);
    const text = library(3);
    const parsed = (await reader.parse('file:///ws/a.bib', 1, text, 'bibtex'))!;
    await reader.parse('file:///ws/b.bib', 1, text, 'bibtex');
    assert.equal(parsed.entries.length, 3);
    assert.equal(logger.messages.length, 1);
    assert.match(logger.messages[0], /No bibliography worker/);
  });

  it('falls back to parsing in place when the worker dies', async () => {
    const logger = collectingLogger();
    // A script that exits at once stands in for a worker that crashes.
    const reader = new BibliographyReader(logger, path.join(__dirname, '..', 'support', 'exitingWorker.js'), 10);
    const parsed = (await reader.parse('file:///ws/a.bib', 1, library(2), 'bibtex'))!;
    assert.equal(parsed.entries.length, 2);
    assert.ok(logger.messages.some((m) => /worker stopped|failed/.test(m)), logger.messages.join('\n'));
    await reader.dispose();
  });
});
