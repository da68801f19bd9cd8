/**
 * The arXiv metadata cache on real temporary folders: round trips, a sorted diff-friendly file,
 * bad files set aside (never deleted), two windows sharing one file, and locations that cannot
 * be used leaving a cache that still works in memory.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ArxivMetadata } from '../../server/src/core/arxivFeed';
import type { Logger } from '../../server/src/host/logger';
import { CACHE_FORMAT, MetadataCache, cacheFilePath } from '../../server/src/host/metadataCache';

const DAY = 24 * 60 * 60 * 1000;

function fakeLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  const told = new Set<string>();
  return {
    warnings,
    infos,
    info: (message) => infos.push(message),
    warn: (message) => warnings.push(message),
    warnOnce: (key, message) => {
      if (told.has(key)) return;
      told.add(key);
      warnings.push(message);
    },
  };
}

function fakeClock(start = '2026-03-01T12:00:00.000Z') {
  let now = Date.parse(start);
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function paper(id: string, title = `Paper ${id}`): ArxivMetadata {
  return {
    id,
    version: 2,
    title,
    summary: 'We study things.',
    authors: ['Ada Lovelace', '李雷'],
    published: '2021-06-17T17:37:18Z',
    updated: '2021-10-16T18:43:15Z',
    primaryCategory: 'cs.CL',
    categories: ['cs.CL', 'cs.LG'],
    doi: id === '2106.09685' ? '10.1000/lora' : undefined,
  };
}

async function listing(folder: string): Promise<string[]> {
  return (await fs.readdir(folder)).sort();
}

describe('MetadataCache', () => {
  let base: string;
  let counter = 0;
  /** A fresh folder for each test. */
  const folder = async () => {
    const dir = path.join(base, `t${++counter}`);
    await fs.mkdir(dir, { recursive: true });
    return dir;
  };
  before(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-cache-'));
  });
  after(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  it('says where the cache lives, or nowhere when the path it needs is missing', () => {
    assert.equal(cacheFilePath('global', path.join('/g'), path.join('/w')), path.join('/g', 'arxiv-metadata.json'));
    assert.equal(cacheFilePath('workspace', path.join('/g'), path.join('/w')), path.join('/w', '.paper-notes', 'arxiv-metadata.json'));
    assert.equal(cacheFilePath('global', undefined, path.join('/w')), undefined);
    assert.equal(cacheFilePath('workspace', path.join('/g'), undefined), undefined);
  });

  it('starts empty when the file is absent, creates nothing until something is put, and creates the folder then', async () => {
    const dir = await folder();
    const file = path.join(dir, '.paper-notes', 'arxiv-metadata.json');
    const logger = fakeLogger();
    const cache = await MetadataCache.open(file, logger);
    assert.equal(cache.size, 0);
    assert.deepEqual(cache.ids(), []);
    assert.equal(cache.get('2106.09685'), undefined);
    await cache.flush();
    assert.deepEqual(await listing(dir), [], 'a flush with nothing pending writes nothing');
    cache.put([paper('2106.09685')]);
    await cache.dispose();
    assert.deepEqual(await listing(path.dirname(file)), ['.gitignore', 'arxiv-metadata.json'], 'no temporary or lock file left behind');
    assert.match(await fs.readFile(path.join(path.dirname(file), '.gitignore'), 'utf8'), /^\*\.lock\n\*\.tmp-\*\n\*\.corrupt-\*$/m);
    assert.deepEqual(logger.warnings, []);
  });

  it('never overwrites a .gitignore the team keeps in .paper-notes/, and writes none elsewhere', async () => {
    const dir = await folder();
    const file = path.join(dir, '.paper-notes', 'arxiv-metadata.json');
    await fs.mkdir(path.dirname(file));
    await fs.writeFile(path.join(path.dirname(file), '.gitignore'), 'ours\n');
    const cache = await MetadataCache.open(file, fakeLogger());
    cache.put([paper('2106.09685')]);
    await cache.dispose();
    assert.equal(await fs.readFile(path.join(path.dirname(file), '.gitignore'), 'utf8'), 'ours\n');
    const global = path.join(await folder(), 'arxiv-metadata.json');
    const elsewhere = await MetadataCache.open(global, fakeLogger());
    elsewhere.put([paper('2106.09685')]);
    await elsewhere.dispose();
    assert.deepEqual(await listing(path.dirname(global)), ['arxiv-metadata.json']);
  });

  it('round-trips found and missing records through the file', async () => {
    const file = path.join(await folder(), 'arxiv-metadata.json');
    const clock = fakeClock();
    const first = await MetadataCache.open(file, fakeLogger(), { now: clock.now });
    first.put([paper('2106.09685'), paper('hep-th/9901001')], ['0704.0001']);
    assert.equal(first.size, 3);
    await first.flush();
    await first.dispose();

    const second = await MetadataCache.open(file, fakeLogger(), { now: clock.now });
    assert.deepEqual(second.ids(), ['0704.0001', '2106.09685', 'hep-th/9901001']);
    const found = second.get('2106.09685');
    assert.ok(found?.kind === 'found');
    assert.deepEqual({ ...found.metadata }, JSON.parse(JSON.stringify(paper('2106.09685'))));
    assert.equal(found.fetchedAt, '2026-03-01T12:00:00.000Z');
    assert.deepEqual(second.get('0704.0001'), { kind: 'missing', id: '0704.0001', checkedAt: '2026-03-01T12:00:00.000Z' });
    await second.dispose();
  });

  it('writes a sorted, stable file: the same records in any insertion order give the same bytes', async () => {
    const dir = await folder();
    const clock = fakeClock();
    const ids = ['2106.09685', 'hep-th/9901001', '1706.03762', 'math/0309136', '0704.0001'];
    const write = async (name: string, order: string[]) => {
      const cache = await MetadataCache.open(path.join(dir, name), fakeLogger(), { now: clock.now });
      for (const id of order) {
        if (id === '0704.0001') cache.put([], [id]);
        else cache.put([paper(id)]);
      }
      await cache.dispose();
      return fs.readFile(path.join(dir, name), 'utf8');
    };
    const a = await write('a.json', ids);
    const b = await write('b.json', [...ids].reverse());
    assert.equal(a, b);
    assert.ok(a.endsWith('}\n'));
    const parsed = JSON.parse(a);
    assert.equal(parsed.format, CACHE_FORMAT);
    assert.equal(parsed.version, 1);
    assert.deepEqual(Object.keys(parsed), ['format', 'version', 'papers', 'missing']);
    assert.deepEqual(Object.keys(parsed.papers), ['1706.03762', '2106.09685', 'hep-th/9901001', 'math/0309136']);
    assert.deepEqual(Object.keys(parsed.missing), ['0704.0001']);
    assert.deepEqual(Object.keys(parsed.papers['2106.09685']), [
      'id', 'title', 'authors', 'published', 'updated', 'primaryCategory', 'categories', 'doi', 'version', 'summary', 'fetchedAt',
    ]);
    assert.match(a, /^\{\n {2}"format": "paper-notes\/arxiv-metadata",\n/);
  });

  it('does not rewrite the file when nothing changed, not even for a re-fetch of the same metadata', async () => {
    const file = path.join(await folder(), 'arxiv-metadata.json');
    const clock = fakeClock();
    const cache = await MetadataCache.open(file, fakeLogger(), { now: clock.now });
    cache.put([paper('2106.09685')]);
    await cache.flush();
    const before = await fs.readFile(file, 'utf8');
    clock.advance(DAY);
    cache.put([paper('2106.09685')]);
    await cache.flush();
    await cache.flush();
    assert.equal(cache.writeCount, 1);
    assert.equal(await fs.readFile(file, 'utf8'), before);
    cache.put([paper('2106.09685', 'A new title')]);
    await cache.dispose();
    assert.equal(cache.writeCount, 2);
    const record = cache.get('2106.09685');
    assert.ok(record?.kind === 'found' && record.fetchedAt === '2026-03-02T12:00:00.000Z');
  });

  it('sets a corrupt file aside with its bytes, warns where it went, and saves a good file again', async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    const garbage = '{"format": "paper-notes/arxiv-metadata", "version": 1, "papers": {\n<<<<<<< HEAD\n';
    await fs.writeFile(file, garbage);
    const logger = fakeLogger();
    const cache = await MetadataCache.open(file, logger, { now: fakeClock().now });
    assert.equal(cache.size, 0);
    const aside = (await listing(dir)).filter((name) => name.startsWith('arxiv-metadata.json.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(await fs.readFile(path.join(dir, aside[0]), 'utf8'), garbage);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /not valid JSON/);
    assert.ok(logger.warnings[0].includes(path.join(dir, aside[0])), logger.warnings[0]);
    assert.match(aside[0], /^arxiv-metadata\.json\.corrupt-2026-03-01T12-00-00-000Z$/, 'no colons: a valid name on Windows');

    cache.put([paper('2106.09685')]);
    await cache.dispose();
    const reopened = await MetadataCache.open(file, logger);
    assert.deepEqual(reopened.ids(), ['2106.09685']);
    assert.equal(logger.warnings.length, 1);
  });

  it('never sets aside over an earlier set-aside file', async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    const clock = fakeClock();
    for (const text of ['first', 'second']) {
      await fs.writeFile(file, text);
      await MetadataCache.open(file, fakeLogger(), { now: clock.now });
    }
    const aside = (await listing(dir)).filter((name) => name.includes('.corrupt-'));
    assert.equal(aside.length, 2);
    const contents = await Promise.all(aside.map((name) => fs.readFile(path.join(dir, name), 'utf8')));
    assert.deepEqual(contents.sort(), ['first', 'second']);
  });

  it('sets aside a file from a newer version, a file that is not UTF-8, one that is not a cache, and one that is too large', async () => {
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['newer', JSON.stringify({ format: CACHE_FORMAT, version: 2, papers: {} }), /newer version of Paper Notes \(cache format version 2/],
      ['latin1', Buffer.from([0x7b, 0xe9, 0x7d]), /not UTF-8/],
      ['other', JSON.stringify({ hello: 'world' }), /not a Paper Notes arXiv metadata cache/],
      ['array', '[]', /not a Paper Notes arXiv metadata cache/],
      ['huge', `${JSON.stringify({ format: CACHE_FORMAT, version: 1, papers: {}, missing: {} })}${' '.repeat(4096)}`, /over the 1 KB limit/],
    ];
    for (const [name, content, warning] of cases) {
      const dir = await folder();
      const file = path.join(dir, 'arxiv-metadata.json');
      await fs.writeFile(file, content);
      const logger = fakeLogger();
      const cache = await MetadataCache.open(file, logger, { maxFileBytes: 1024 });
      assert.equal(cache.size, 0, name);
      assert.equal(logger.warnings.length, 1, name);
      assert.match(logger.warnings[0], warning, name);
      const files = await listing(dir);
      assert.equal(files.length, 1, name);
      assert.deepEqual(await fs.readFile(path.join(dir, files[0])), Buffer.from(content), name);
      cache.put([paper('1706.03762')]);
      await cache.dispose();
      assert.equal(JSON.parse(await fs.readFile(file, 'utf8')).papers['1706.03762'].id, '1706.03762', name);
    }
  });

  it('drops invalid records one by one with one warning, keeps the rest, and keeps a copy of the file as it was', async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    const good = { ...paper('2106.09685'), fetchedAt: '2026-01-01T00:00:00.000Z' };
    const original = JSON.stringify({
      format: CACHE_FORMAT,
      version: 1,
      papers: {
        '2106.09685': good,
        '1706.03762': { ...paper('1706.03762'), authors: 'Vaswani', fetchedAt: '2026-01-01T00:00:00.000Z' },
        '2106.09685v2': { ...paper('2106.09685'), fetchedAt: '2026-01-01T00:00:00.000Z' },
        'hep-th/9901001': { ...paper('hep-th/9901001'), fetchedAt: 'yesterday' },
        'math/0309136': 42,
      },
      missing: { '0704.0001': '2026-01-01T00:00:00.000Z', '0704.0002': 7 },
    }, null, 2);
    await fs.writeFile(file, original);
    const logger = fakeLogger();
    const clock = fakeClock();
    const cache = await MetadataCache.open(file, logger, { now: clock.now });
    assert.deepEqual(cache.ids(), ['0704.0001', '2106.09685']);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /5 invalid records \(1706\.03762: authors is not a list of text;/);
    const copies = (await listing(dir)).filter((name) => name.includes('.corrupt-'));
    assert.equal(copies.length, 1);
    assert.equal(await fs.readFile(path.join(dir, copies[0]), 'utf8'), original);

    // Saving writes the valid records only, without a second copy or warning for the same file.
    cache.put([paper('math/0309136')]);
    await cache.dispose();
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.deepEqual(Object.keys(saved.papers), ['2106.09685', 'math/0309136']);
    assert.deepEqual(saved.missing, { '0704.0001': '2026-01-01T00:00:00.000Z' });
    assert.equal((await listing(dir)).filter((name) => name.includes('.corrupt-')).length, 1);
    assert.equal(logger.warnings.length, 1);
  });

  it('reads absent lists and null fields leniently, as a hand-edited file may have them', async () => {
    const file = path.join(await folder(), 'arxiv-metadata.json');
    await fs.writeFile(file, JSON.stringify({
      format: CACHE_FORMAT,
      version: 1,
      papers: { '1706.03762': { id: '1706.03762', title: 'Attention Is All You Need', doi: null, fetchedAt: '2026-01-01T00:00:00Z' } },
    }));
    const logger = fakeLogger();
    const cache = await MetadataCache.open(file, logger);
    const record = cache.get('1706.03762');
    assert.ok(record?.kind === 'found');
    assert.deepEqual({ ...record.metadata }, { id: '1706.03762', title: 'Attention Is All You Need', authors: [], categories: [], summary: '' });
    assert.deepEqual(logger.warnings, []);
  });

  it('lets missing records expire with the clock, and never lets a missing answer replace found metadata', async () => {
    const clock = fakeClock();
    const cache = await MetadataCache.open(undefined, fakeLogger(), { now: clock.now });
    cache.put([paper('2106.09685')], ['0704.0001']);
    const missing = cache.get('0704.0001')!;
    const found = cache.get('2106.09685')!;
    assert.equal(cache.isFresh(missing), true);
    clock.advance(7 * DAY - 1);
    assert.equal(cache.isFresh(missing), true);
    clock.advance(1);
    assert.equal(cache.isFresh(missing), false);
    assert.equal(cache.isFresh(found), true, 'found metadata does not expire');

    cache.put([], ['0704.0001', '2106.09685']);
    assert.equal(cache.isFresh(cache.get('0704.0001')!), true, 'checked again');
    assert.equal(cache.get('2106.09685')?.kind, 'found');
    cache.put([paper('0704.0001')]);
    assert.equal(cache.get('0704.0001')?.kind, 'found', 'a paper that appeared replaces its missing record');

    const shortLived = await MetadataCache.open(undefined, fakeLogger(), { now: clock.now, missingTtlDays: 1 });
    shortLived.put([], ['0704.0002']);
    clock.advance(DAY);
    assert.equal(shortLived.isFresh(shortLived.get('0704.0002')!), false);
  });

  it('ignores invalid ids given to put, with a warning', async () => {
    const logger = fakeLogger();
    const cache = await MetadataCache.open(undefined, logger);
    cache.put([paper('2106.09685v2'), paper('arXiv:1706.03762'), { ...paper('1706.03762'), title: 7 as unknown as string }], ['not an id', '0704.0001']);
    assert.deepEqual(cache.ids(), ['0704.0001']);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /4 invalid records/);
  });

  it('lets two windows on one file keep each other\'s records, the newest answer winning', async () => {
    const file = path.join(await folder(), 'arxiv-metadata.json');
    const clock = fakeClock();
    const windowA = await MetadataCache.open(file, fakeLogger(), { now: clock.now });
    const windowB = await MetadataCache.open(file, fakeLogger(), { now: clock.now });
    windowA.put([paper('2106.09685', 'Old title')], ['0704.0001']);
    clock.advance(1000);
    windowB.put([paper('1706.03762'), paper('2106.09685', 'New title')]);
    // B saves first; A's older answer for 2106.09685 must not overwrite B's newer one.
    await windowB.flush();
    await windowA.flush();
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.deepEqual(Object.keys(saved.papers), ['1706.03762', '2106.09685']);
    assert.equal(saved.papers['2106.09685'].title, 'New title');
    assert.deepEqual(Object.keys(saved.missing), ['0704.0001']);
    // A merged what B wrote; B sees A's records once it reloads.
    assert.deepEqual(windowA.ids(), ['0704.0001', '1706.03762', '2106.09685']);
    const record = windowA.get('2106.09685');
    assert.ok(record?.kind === 'found' && record.metadata.title === 'New title');
    assert.equal(windowB.get('0704.0001'), undefined);
    await windowB.reload();
    assert.deepEqual(windowB.ids(), ['0704.0001', '1706.03762', '2106.09685']);
    await Promise.all([windowA.dispose(), windowB.dispose()]);
  });

  it('keeps both windows\' records when they save at the same moment', async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    const windows = await Promise.all(Array.from({ length: 4 }, () => MetadataCache.open(file, fakeLogger())));
    windows.forEach((cache, i) => cache.put([paper(`2106.0968${i}`)]));
    await Promise.all(windows.map((cache) => cache.flush()));
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.deepEqual(Object.keys(saved.papers), ['2106.09680', '2106.09681', '2106.09682', '2106.09683']);
    assert.deepEqual(await listing(dir), ['arxiv-metadata.json']);
    await Promise.all(windows.map((cache) => cache.dispose()));
  });

  it('breaks a lock left behind by a window that died while saving', async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    await fs.writeFile(`${file}.lock`, '12345\n');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(`${file}.lock`, old, old);
    const cache = await MetadataCache.open(file, fakeLogger());
    cache.put([paper('2106.09685')]);
    await cache.dispose();
    assert.deepEqual(await listing(dir), ['arxiv-metadata.json']);
  });

  it('keeps working in memory with one warning when the location cannot be written (its parent is a file)', async () => {
    const dir = await folder();
    await fs.writeFile(path.join(dir, 'not-a-folder'), 'hello');
    const file = path.join(dir, 'not-a-folder', 'arxiv-metadata.json');
    const logger = fakeLogger();
    const cache = await MetadataCache.open(file, logger, { saveDelayMs: 0 });
    cache.put([paper('2106.09685')]);
    await cache.flush();
    cache.put([paper('1706.03762')], ['0704.0001']);
    await cache.flush();
    await cache.dispose();
    assert.deepEqual(cache.ids(), ['0704.0001', '1706.03762', '2106.09685']);
    assert.equal(cache.get('2106.09685')?.kind, 'found');
    assert.equal(logger.warnings.length, 1);
    assert.ok(logger.warnings[0].includes(file), logger.warnings[0]);
    assert.match(logger.warnings[0], /kept in memory/);
    assert.equal(await fs.readFile(path.join(dir, 'not-a-folder'), 'utf8'), 'hello');
  });

  it('keeps working in memory when the cache path is a folder, and leaves the folder alone', async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    await fs.mkdir(file);
    await fs.writeFile(path.join(file, 'inside.txt'), 'keep me');
    const logger = fakeLogger();
    const cache = await MetadataCache.open(file, logger);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /is a folder, not a file/);
    assert.equal(cache.location, undefined);
    cache.put([paper('2106.09685')]);
    await cache.dispose();
    assert.equal(cache.get('2106.09685')?.kind, 'found');
    assert.deepEqual(await listing(dir), ['arxiv-metadata.json']);
    assert.deepEqual(await listing(file), ['inside.txt']);
    assert.equal(logger.warnings.length, 1);
  });

  it('never blocks on a named pipe where the file should be', { skip: process.platform === 'win32' }, async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    execFileSync('mkfifo', [file]);
    const logger = fakeLogger();
    const cache = await MetadataCache.open(file, logger);
    assert.match(logger.warnings.join('\n'), /not a regular file/);
    cache.put([paper('2106.09685')]);
    await cache.dispose();
    assert.equal(cache.size, 1);
  });

  it('keeps working when the file turns into a folder before saving', async () => {
    const dir = await folder();
    const file = path.join(dir, 'arxiv-metadata.json');
    const logger = fakeLogger();
    const cache = await MetadataCache.open(file, logger);
    await fs.mkdir(file);
    cache.put([paper('2106.09685')]);
    await cache.flush();
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /could not be saved .*is a folder/);
    assert.equal(cache.size, 1);
    await fs.rmdir(file);
    cache.put([paper('1706.03762')]);
    await cache.dispose();
    assert.deepEqual(Object.keys(JSON.parse(await fs.readFile(file, 'utf8')).papers), ['1706.03762', '2106.09685']);
  });

  it('saves once, after the delay, for many puts', async () => {
    const file = path.join(await folder(), 'arxiv-metadata.json');
    const cache = await MetadataCache.open(file, fakeLogger(), { saveDelayMs: 30 });
    for (let i = 1; i <= 50; i++) cache.put([paper(`2106.${String(i).padStart(5, '0')}`)]);
    assert.equal(cache.writeCount, 0, 'not written at once');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(cache.writeCount, 1);
    assert.equal(Object.keys(JSON.parse(await fs.readFile(file, 'utf8')).papers).length, 50);
    await cache.dispose();
    assert.equal(cache.writeCount, 1);
  });

  it('writes pending changes on dispose, without waiting for the delay', async () => {
    const file = path.join(await folder(), 'arxiv-metadata.json');
    const cache = await MetadataCache.open(file, fakeLogger(), { saveDelayMs: 60_000 });
    cache.put([paper('2106.09685')]);
    await cache.dispose();
    assert.equal(cache.writeCount, 1);
    assert.deepEqual(Object.keys(JSON.parse(await fs.readFile(file, 'utf8')).papers), ['2106.09685']);
  });

  it('keeps everything in memory when there is no file path', async () => {
    const logger = fakeLogger();
    const cache = await MetadataCache.open(undefined, logger);
    cache.put([paper('2106.09685')], ['0704.0001']);
    await cache.flush();
    await cache.dispose();
    assert.equal(cache.size, 2);
    assert.equal(cache.writeCount, 0);
    assert.equal(cache.location, undefined);
    assert.deepEqual(logger.warnings, []);
  });
});
