/**
 * The persistent, offline-first cache of arXiv metadata: answers come from memory at once, and
 * the file (in the extension's global storage, or `.paper-notes/` in a workspace a team can
 * commit) is a small, sorted, diff-friendly JSON document.
 *
 * Bad input is data here too. A file that cannot be read as a cache (not JSON, not UTF-8, not
 * ours, from a newer version, too large) is set aside as `<name>.corrupt-<timestamp>`, never
 * deleted, and the cache starts empty; invalid records are dropped one by one (a copy of the
 * file as it was is kept first); a location that cannot be used (a folder, not writable) leaves
 * a working cache in memory. Every problem is one warning; nothing throws out of this module.
 *
 * Saving is debounced and merges what another process (a second VS Code window) wrote
 * meanwhile: the file is re-read under a lock file, records merged, and the result written to a
 * temporary file and renamed over the old one.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ArxivMetadata } from '../core/arxivFeed';
import { parseArxivId } from '../core/arxivId';
import type { Logger } from './logger';
import { formatBytes } from './fileReading';

export type CacheRecord =
  | { readonly kind: 'found'; readonly metadata: ArxivMetadata; readonly fetchedAt: string /* ISO */ }
  | { readonly kind: 'missing'; readonly id: string; readonly checkedAt: string /* arXiv answered: no such paper */ };

export interface MetadataCacheOptions {
  /** The clock for `fetchedAt`/`checkedAt`, freshness and set-aside names (milliseconds). */
  readonly now?: () => number;
  /** How long after the first unsaved `put` the file is written (default 500). */
  readonly saveDelayMs?: number;
  /** How many days a 'missing' answer is trusted (default 7). */
  readonly missingTtlDays?: number;
  /** A larger file is set aside unread (default 64 MiB). */
  readonly maxFileBytes?: number;
}

export const CACHE_FORMAT = 'paper-notes/arxiv-metadata';
export const CACHE_VERSION = 1;
export const CACHE_FILE_NAME = 'arxiv-metadata.json';
export const WORKSPACE_CACHE_FOLDER = '.paper-notes';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** A lock older than this was left by a process that died while saving. */
const STALE_LOCK_MS = 10_000;
/** Waiting longer than this for another window's save, we save anyway rather than never. */
const LOCK_WAIT_MS = 2_000;

/**
 * The order of a paper's fields in the file. Typed over every field of ArxivMetadata, so a field
 * added there fails to compile here instead of being silently dropped from the cache.
 */
const PAPER_FIELDS: { readonly [K in keyof Required<ArxivMetadata>]: 'string' | 'strings' | 'integer' } = {
  id: 'string',
  title: 'string',
  authors: 'strings',
  published: 'string',
  updated: 'string',
  primaryCategory: 'string',
  categories: 'strings',
  doi: 'string',
  journalRef: 'string',
  comment: 'string',
  version: 'integer',
  summary: 'string',
};
const FIELD_NAMES = Object.keys(PAPER_FIELDS) as Array<keyof ArxivMetadata>;

/** Where the cache lives: global storage dir (from the client) or the first workspace folder; undefined = memory only. */
/**
 * In the workspace folder a team commits the cache, not its lock, temporary and set-aside files:
 * a `.gitignore` says so, written once and never overwritten.
 */
async function ignoreWorkingFiles(folder: string): Promise<void> {
  if (path.basename(folder) !== WORKSPACE_CACHE_FOLDER) return;
  const text = '# Paper Notes: commit arxiv-metadata.json; these are its lock, temporary and set-aside files.\n*.lock\n*.tmp-*\n*.corrupt-*\n';
  try {
    await fs.writeFile(path.join(folder, '.gitignore'), text, { flag: 'wx' });
  } catch {
    // Already there (perhaps edited by the team), or not writable: the cache works either way.
  }
}

export function cacheFilePath(location: 'global' | 'workspace', globalStoragePath: string | undefined, workspaceFolderPath: string | undefined): string | undefined {
  if (location === 'workspace') return workspaceFolderPath ? path.join(workspaceFolderPath, WORKSPACE_CACHE_FOLDER, CACHE_FILE_NAME) : undefined;
  return globalStoragePath ? path.join(globalStoragePath, CACHE_FILE_NAME) : undefined;
}

export class MetadataCache {
  private readonly records = new Map<string, CacheRecord>();
  private readonly now: () => number;
  private readonly saveDelay: number;
  private readonly missingTtl: number;
  private readonly maxFileBytes: number;
  /** Counts changes made by `put`; the file holds everything up to `savedChanges`. */
  private changes = 0;
  private savedChanges = 0;
  private writes = 0;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  /** A save problem is told once until a save succeeds again. */
  private saveProblemTold = false;
  /** The text of a file with invalid records already copied aside. */
  private copiedText: string | undefined;

  private constructor(private filePath: string | undefined, private readonly logger: Logger, options: MetadataCacheOptions) {
    this.now = options.now ?? Date.now;
    this.saveDelay = Math.max(0, options.saveDelayMs ?? 500);
    const ttlDays = options.missingTtlDays ?? 7;
    this.missingTtl = (Number.isFinite(ttlDays) && ttlDays >= 0 ? ttlDays : 7) * DAY_MS;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /**
   * Reads the cache file (absent = empty). Corrupt/unreadable content: the file is renamed aside
   * to `<name>.corrupt-<timestamp>` (never deleted), a warning says where it went, and the cache
   * starts empty. A location that cannot be used leaves a memory-only cache. Never throws.
   */
  static async open(filePath: string | undefined, logger: Logger, options: MetadataCacheOptions = {}): Promise<MetadataCache> {
    const cache = new MetadataCache(filePath, logger, options);
    try {
      await cache.load();
    } catch (error) {
      cache.goMemoryOnly(`could not be read: ${message(error)}`);
    }
    return cache;
  }

  /** The file the cache is saved to; undefined when it is kept in memory only. */
  get location(): string | undefined {
    return this.filePath;
  }

  /** Records, found and missing. */
  get size(): number {
    return this.records.size;
  }

  /** How many times the file has been written (for tests and diagnostics). */
  get writeCount(): number {
    return this.writes;
  }

  /** `id` is an unversioned normalised arXiv id ('2106.09685', 'hep-th/9901001'); records are returned fresh or not (see `isFresh`). */
  get(id: string): CacheRecord | undefined {
    return this.records.get(id);
  }

  /** Sorted ids of every record, found and missing. */
  ids(): string[] {
    return [...this.records.keys()].sort(compareIds);
  }

  /** Found records always are; a 'missing' record older than `missingTtlDays` is treated as unknown again (papers appear). */
  isFresh(record: CacheRecord): boolean {
    if (record.kind === 'found') return true;
    const checked = Date.parse(record.checkedAt);
    return Number.isFinite(checked) && this.now() - checked < this.missingTtl;
  }

  /**
   * Records what arXiv answered and schedules a save. Metadata equal to what is cached keeps its
   * `fetchedAt` (no change, no rewrite); a 'missing' answer never replaces found metadata (arXiv
   * does not delete papers, so that answer is a glitch). Invalid records are skipped with a warning.
   */
  put(found: Iterable<ArxivMetadata>, missing: Iterable<string> = []): void {
    const stamp = new Date(this.now()).toISOString();
    const rejected: string[] = [];
    for (const metadata of found) {
      const checked = readMetadata(metadata as unknown as Record<string, unknown>, metadata?.id);
      if (typeof checked === 'string') {
        rejected.push(`${short(String(metadata?.id))}: ${checked}`);
        continue;
      }
      const existing = this.records.get(checked.id);
      if (existing?.kind === 'found' && sameMetadata(existing.metadata, checked)) continue;
      this.records.set(checked.id, Object.freeze({ kind: 'found', metadata: checked, fetchedAt: stamp }));
      this.changes++;
    }
    for (const id of missing) {
      const problem = idProblem(id);
      if (problem) {
        rejected.push(`${short(String(id))}: ${problem}`);
        continue;
      }
      const existing = this.records.get(id);
      if (existing?.kind === 'found' || (existing?.kind === 'missing' && existing.checkedAt === stamp)) continue;
      this.records.set(id, Object.freeze({ kind: 'missing', id, checkedAt: stamp }));
      this.changes++;
    }
    if (rejected.length) this.logger.warn(`The arXiv metadata cache ignored ${plural(rejected.length, 'invalid record')} (${rejected.slice(0, 3).join('; ')}${rejected.length > 3 ? '; …' : ''}).`);
    if (this.changes !== this.savedChanges) this.schedule();
  }

  /**
   * Writes pending changes now: under a lock, re-reads the file, merges what another process
   * wrote meanwhile (found beats missing, otherwise the newer `fetchedAt`/`checkedAt` wins), and
   * writes atomically (`<file>.tmp-<pid>-<n>`, then rename). Nothing pending: nothing is read or
   * written. Problems are one warning; the cache keeps working in memory. Never rejects.
   */
  flush(): Promise<void> {
    this.clearTimer();
    const run = this.saving.then(() => this.save());
    this.saving = run;
    return run;
  }

  /** Merges what another process saved since (never writes); for a file watcher or a `git pull`. */
  async reload(): Promise<void> {
    if (this.filePath === undefined) return;
    try {
      const disk = await readCacheFile(this.filePath, this.maxFileBytes);
      if (disk.kind === 'records') this.merge(disk.records);
    } catch {
      // The next save reports problems with the file.
    }
  }

  /** Stops timers after a final flush; later `put`s are kept in memory only. */
  async dispose(): Promise<void> {
    await this.flush();
    this.disposed = true;
    this.clearTimer();
  }

  private async load(): Promise<void> {
    const file = this.filePath;
    if (file === undefined) return;
    const disk = await readCacheFile(file, this.maxFileBytes);
    switch (disk.kind) {
      case 'absent':
        return;
      case 'unusable':
        this.goMemoryOnly(disk.reason);
        return;
      case 'bad': {
        const aside = await setAside(file, 'move', this.now());
        if (aside.ok) this.logger.warn(`The arXiv metadata cache ${file} ${disk.reason}. It was set aside as ${aside.path} and the cache starts empty.`);
        else this.goMemoryOnly(`${disk.reason}, and could not be set aside (${aside.reason}); the file is left as it is`);
        return;
      }
      case 'records':
        this.merge(disk.records);
        if (disk.dropped.length) await this.keepCopyOfDropped(file, disk.text, disk.dropped);
        return;
    }
  }

  /** A copy of the file as it was, so the next save (without the invalid records) loses nothing; once per content. */
  private async keepCopyOfDropped(file: string, text: string, dropped: readonly string[]): Promise<boolean> {
    if (text === this.copiedText) return true;
    const summary = `${plural(dropped.length, 'invalid record')} (${dropped.slice(0, 3).join('; ')}${dropped.length > 3 ? '; …' : ''})`;
    const copy = await setAside(file, 'copy', this.now());
    if (copy.ok) {
      this.copiedText = text;
      this.logger.warn(`The arXiv metadata cache ${file} had ${summary}; they were dropped and the rest kept. The file as it was is copied to ${copy.path}.`);
      return true;
    }
    this.goMemoryOnly(`had ${summary}, and could not be copied aside (${copy.reason}); the file is left as it is`);
    return false;
  }

  private goMemoryOnly(reason: string): void {
    this.logger.warn(`The arXiv metadata cache ${this.filePath} ${reason}. Paper metadata is kept in memory for this session.`);
    this.filePath = undefined;
    this.clearTimer();
  }

  private tellSaveProblem(text: string): void {
    if (this.saveProblemTold) return;
    this.saveProblemTold = true;
    this.logger.warn(`${text} Paper metadata is kept in memory; saving is tried again with the next change.`);
  }

  private merge(records: ReadonlyMap<string, CacheRecord>): void {
    for (const [id, record] of records) {
      const mine = this.records.get(id);
      if (!mine || wins(record, mine)) this.records.set(id, record);
    }
  }

  private schedule(): void {
    if (this.filePath === undefined || this.disposed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.saveDelay);
    // A pending save never keeps a process alive; `dispose` flushes.
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async save(): Promise<void> {
    const file = this.filePath;
    if (file === undefined || this.changes === this.savedChanges) return;
    const target = this.changes;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await ignoreWorkingFiles(path.dirname(file));
      const saved = await withFileLock(file, () => this.mergeAndWrite(file));
      if (!saved) return;
      this.savedChanges = target;
      this.saveProblemTold = false;
    } catch (error) {
      this.tellSaveProblem(`The arXiv metadata cache could not be saved to ${file}: ${message(error)}.`);
    }
  }

  /** True when the file now holds everything in memory. */
  private async mergeAndWrite(file: string): Promise<boolean> {
    const disk = await readCacheFile(file, this.maxFileBytes);
    let diskText: string | undefined;
    switch (disk.kind) {
      case 'absent':
        break;
      case 'unusable':
        this.tellSaveProblem(`The arXiv metadata cache could not be saved to ${file}: it ${disk.reason}.`);
        return false;
      case 'bad': {
        if (disk.newer !== undefined) {
          // Another window runs a newer Paper Notes: setting its file aside at every save would ping-pong.
          this.goMemoryOnly(`${disk.reason}, written while this window was open; it is left to that version`);
          return false;
        }
        const aside = await setAside(file, 'move', this.now());
        if (!aside.ok) {
          this.tellSaveProblem(`The arXiv metadata cache ${file} ${disk.reason} and could not be set aside (${aside.reason}), so it was not overwritten.`);
          return false;
        }
        this.logger.warn(`The arXiv metadata cache ${file} ${disk.reason}. It was set aside as ${aside.path} and written again from memory.`);
        break;
      }
      case 'records':
        this.merge(disk.records);
        if (disk.dropped.length && !(await this.keepCopyOfDropped(file, disk.text, disk.dropped))) return false;
        diskText = disk.dropped.length ? undefined : disk.text;
        break;
    }
    const text = serialiseCache(this.records);
    if (text === diskText) return true;
    await writeAtomically(file, text);
    this.writes++;
    return true;
  }
}

/** The file's text for these records: sorted ids, fields in a fixed order, 2-space indent, trailing newline. */
export function serialiseCache(records: ReadonlyMap<string, CacheRecord>): string {
  // Ids are validated arXiv ids ('2106.09685', 'hep-th/9901001'), never integer-like keys, so
  // JSON.stringify keeps this insertion order.
  const papers: Record<string, unknown> = {};
  const missing: Record<string, string> = {};
  for (const id of [...records.keys()].sort(compareIds)) {
    const record = records.get(id)!;
    if (record.kind === 'found') papers[id] = { ...record.metadata, fetchedAt: record.fetchedAt };
    else missing[id] = record.checkedAt;
  }
  return `${JSON.stringify({ format: CACHE_FORMAT, version: CACHE_VERSION, papers, missing }, null, 2)}\n`;
}

type CacheFileRead =
  | { readonly kind: 'absent' }
  /** The location cannot be used (a folder, no permission): leave it alone. */
  | { readonly kind: 'unusable'; readonly reason: string }
  /** The content cannot be used: set it aside. `newer` is the version of a newer format. */
  | { readonly kind: 'bad'; readonly reason: string; readonly newer?: number }
  | { readonly kind: 'records'; readonly text: string; readonly records: ReadonlyMap<string, CacheRecord>; readonly dropped: readonly string[] };

async function readCacheFile(file: string, maxBytes: number): Promise<CacheFileRead> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) return { kind: 'unusable', reason: 'is a folder, not a file' };
    // A FIFO or device would block or never end.
    if (!stat.isFile()) return { kind: 'unusable', reason: 'is not a regular file' };
    if (stat.size > maxBytes) return { kind: 'bad', reason: `is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit` };
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; saving will say so.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'unusable', reason: `cannot be read (${message(error)})` };
  }
  if (bytes.length > maxBytes) return { kind: 'bad', reason: `is ${formatBytes(bytes.length)}, over the ${formatBytes(maxBytes)} limit` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'bad', reason: 'is not UTF-8 text' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { kind: 'bad', reason: `is not valid JSON (${message(error)})` };
  }
  const parsed = readCacheDocument(value);
  return parsed.kind === 'records' ? { ...parsed, text } : parsed;
}

/** A parsed cache document: its valid records, and one line for each invalid record dropped. */
export function readCacheDocument(value: unknown):
  | { readonly kind: 'bad'; readonly reason: string; readonly newer?: number }
  | { readonly kind: 'records'; readonly records: ReadonlyMap<string, CacheRecord>; readonly dropped: readonly string[] } {
  if (!isObject(value) || value.format !== CACHE_FORMAT) return { kind: 'bad', reason: 'is not a Paper Notes arXiv metadata cache' };
  const version = value.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > CACHE_VERSION) {
    return { kind: 'bad', reason: `was written by a newer version of Paper Notes (cache format version ${version}; this version reads ${CACHE_VERSION})`, newer: version };
  }
  if (version !== CACHE_VERSION) return { kind: 'bad', reason: `has an unknown cache format version (${JSON.stringify(version)})` };
  const papers = value.papers ?? {};
  const missing = value.missing ?? {};
  if (!isObject(papers)) return { kind: 'bad', reason: '"papers" is not an object' };
  if (!isObject(missing)) return { kind: 'bad', reason: '"missing" is not an object' };
  const records = new Map<string, CacheRecord>();
  const dropped: string[] = [];
  const add = (record: CacheRecord) => {
    const id = record.kind === 'found' ? record.metadata.id : record.id;
    const other = records.get(id);
    if (!other || wins(record, other)) records.set(id, record);
  };
  for (const [id, raw] of Object.entries(papers)) {
    if (!isObject(raw)) {
      dropped.push(`${short(id)}: not an object`);
      continue;
    }
    const metadata = readMetadata(raw, id);
    if (typeof metadata === 'string') {
      dropped.push(`${short(id)}: ${metadata}`);
      continue;
    }
    if (!isDate(raw.fetchedAt)) {
      dropped.push(`${short(id)}: fetchedAt is not a date`);
      continue;
    }
    add(Object.freeze({ kind: 'found', metadata, fetchedAt: raw.fetchedAt }));
  }
  for (const [id, checkedAt] of Object.entries(missing)) {
    const problem = idProblem(id) ?? (isDate(checkedAt) ? undefined : 'its date is not a date');
    if (problem) dropped.push(`${short(id)}: ${problem}`);
    else add(Object.freeze({ kind: 'missing', id, checkedAt: checkedAt as string }));
  }
  return { kind: 'records', records, dropped };
}

/** A paper's metadata checked field by field and rebuilt in the file's order, frozen; or what is wrong with it. */
function readMetadata(raw: Record<string, unknown> | undefined, key: unknown): ArxivMetadata | string {
  if (!isObject(raw)) return 'not an object';
  const problem = idProblem(key);
  if (problem) return problem;
  if (raw.id !== key) return `its id ${JSON.stringify(raw.id)} differs from its key`;
  const out: Record<string, unknown> = {};
  for (const field of FIELD_NAMES) {
    let value = raw[field];
    if (value === undefined || value === null) {
      // Absent lists and summary read as empty; the title is required.
      if (field === 'title') return 'it has no title';
      if (field === 'summary') value = '';
      else if (PAPER_FIELDS[field] === 'strings') value = [];
      else continue;
    }
    switch (PAPER_FIELDS[field]) {
      case 'string':
        if (typeof value !== 'string') return `${field} is not text`;
        break;
      case 'strings':
        if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return `${field} is not a list of text`;
        value = Object.freeze([...value]);
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return `${field} is not a positive whole number`;
        break;
    }
    out[field] = value;
  }
  return Object.freeze(out) as unknown as ArxivMetadata;
}

function idProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'the id is not text';
  const parsed = parseArxivId(id);
  if (!parsed.ok || parsed.value.id !== id || parsed.value.version !== undefined) return 'not a normalised, unversioned arXiv id';
  return undefined;
}

function sameMetadata(a: ArxivMetadata, b: ArxivMetadata): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `a` should replace `b` for the same id: found beats missing, otherwise the newer answer. */
function wins(a: CacheRecord, b: CacheRecord): boolean {
  if (a.kind !== b.kind) return a.kind === 'found';
  return Date.parse(stampOf(a)) > Date.parse(stampOf(b));
}

function stampOf(record: CacheRecord): string {
  return record.kind === 'found' ? record.fetchedAt : record.checkedAt;
}

/** By UTF-16 code units: the same order on every machine and locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && Number.isFinite(Date.parse(value));
}

let tmpCounter = 0;

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${++tmpCounter}`;
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Windows refuses a rename over a file another process is reading for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 3 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
      await sleep(50 * (attempt + 1));
    }
  }
}

/** `<file>.corrupt-<timestamp>` (a free name: never over an earlier one), moved or copied there. */
async function setAside(file: string, how: 'move' | 'copy', now: number): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  const date = new Date(now);
  const stamp = (Number.isFinite(date.getTime()) ? date : new Date()).toISOString().replace(/[:.]/g, '-');
  for (let n = 0; n < 1000; n++) {
    const candidate = `${file}.corrupt-${stamp}${n ? `-${n}` : ''}`;
    try {
      if (how === 'copy') {
        await fs.copyFile(file, candidate, fsConstants.COPYFILE_EXCL);
      } else {
        if (await exists(candidate)) continue;
        await fs.rename(file, candidate);
      }
      return { ok: true, path: candidate };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      return { ok: false, reason: message(error) };
    }
  }
  return { ok: false, reason: 'no free name' };
}

/**
 * Runs `task` holding `<file>.lock` (created exclusively), so two windows saving at once merge
 * in turn. A lock older than STALE_LOCK_MS is broken; after LOCK_WAIT_MS, or when no lock can be
 * created at all, the task runs anyway: saving beats a lock that is never released.
 */
async function withFileLock<T>(file: string, task: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  let held = false;
  for (;;) {
    try {
      await fs.writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      held = true;
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) break;
    }
    const age = await fs.stat(lock).then((stat) => Date.now() - stat.mtimeMs, () => undefined);
    if (age === undefined) continue; // released meanwhile
    if (age > STALE_LOCK_MS) await fs.rm(lock, { force: true }).catch(() => undefined);
    else await sleep(20);
  }
  try {
    return await task();
  } finally {
    if (held) await fs.rm(lock, { force: true }).catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

