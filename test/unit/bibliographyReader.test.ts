/** Large bibliographies are parsed on a worker thread with the same result as in place, and the server's thread stays free meanwhile. */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Bibliography, parseBibliography } from '../../server/src/core/bibliography';
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

let folder: string;

/** The text written to `name` in the test's folder, read and parsed as the first index does (undefined: dropped). */
async function parse(reader: BibliographyReader, name: string, version: number, text: string, isCurrent?: () => boolean): Promise<Bibliography | undefined> {
  const file = path.join(folder, name);
  await fs.writeFile(file, text);
  const answer = await reader.parseFile(`file:///ws/${name}`, version, file, 64 * 1024 * 1024, 'bibtex', isCurrent);
  if (answer?.kind === 'skip') assert.fail(`skipped: ${answer.detail}`);
  return answer?.bibliography;
}

describe('BibliographyReader', () => {
  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-bibliography-reader-'));
  });
  after(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('parses a large file on the worker with the same result as in place, and the thread stays free', async () => {
    const logger = collectingLogger();
    const reader = new BibliographyReader(logger);
    const text = library(1500);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const parsed = (await parse(reader, 'big.bib', 3, text))!;
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
    const first = parse(reader, 'a1.bib', 1, text);
    const superseded = parse(reader, 'a2.bib', 2, text, () => stillWanted);
    const latest = parse(reader, 'a3.bib', 3, text);
    stillWanted = false;
    assert.equal((await first)?.version, 1);
    assert.equal(await superseded, undefined, 'its turn came after a newer read: not parsed');
    assert.equal((await latest)?.version, 3);
    const pending = parse(reader, 'b.bib', 1, library(2000));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await reader.dispose();
    assert.equal(await pending, undefined, 'dispose answers what was waiting');
  });

  it('stops the worker when idle and starts another for the next large file, without a warning', async () => {
    const logger = collectingLogger();
    const reader = new BibliographyReader(logger, undefined, 20);
    try {
      const text = library(50);
      const first = (await parse(reader, 'a.bib', 1, text))!;
      assert.equal(reader.workerRunning, true);
      for (let waited = 0; reader.workerRunning && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(reader.workerRunning, false);
      const again = (await parse(reader, 'a.bib', 1, text))!;
      assert.deepEqual(withoutLines(again), withoutLines(first));
      assert.equal(first.entries.length, 50);
      assert.deepEqual(logger.messages, []);
    } finally {
      await reader.dispose();
    }
  });

  it('parses in place, with one warning, when the worker is missing', async () => {
    const logger = collectingLogger();
    const reader = new BibliographyReader(logger, path.join(__dirname, 'no-such-worker.js'));
    const text = library(3);
    const parsed = (await parse(reader, 'a.bib', 1, text))!;
    await parse(reader, 'b.bib', 1, text);
    assert.equal(parsed.entries.length, 3);
    assert.equal(logger.messages.length, 1);
    assert.match(logger.messages[0], /No bibliography worker/);
  });

  it('falls back to parsing in place when the worker dies', async () => {
    const logger = collectingLogger();
    // A script that exits at once stands in for a worker that crashes.
    const reader = new BibliographyReader(logger, path.join(__dirname, '..', 'support', 'exitingWorker.js'));
    const parsed = (await parse(reader, 'a.bib', 1, library(2)))!;
    assert.equal(parsed.entries.length, 2);
    assert.ok(logger.messages.some((m) => /worker stopped|failed/.test(m)), logger.messages.join('\n'));
    await reader.dispose();
  });
});
