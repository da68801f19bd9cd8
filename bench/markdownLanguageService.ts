/**
 * The baseline issue 7 compares the cold index against: `vscode-markdown-languageservice` (the
 * language service behind VS Code's built-in Markdown support) finding references over the same
 * notes, through its own public API only (`createLanguageService` with an in-memory workspace and
 * a markdown-it parser).
 *
 * Which request, and why. Every workspace-wide references request of the package (`getReferences`
 * on a header, on a link to a file or on an external link, and `getFileReferences`) first asks its
 * workspace link cache for *all* links in the workspace: on the first request that lists every
 * document (`getAllMarkdownDocuments`), tokenizes each with the parser (markdown-it, for the
 * ranges where links cannot be: code, HTML) and runs its link regexes over the whole text. That is
 * the package's cold index, the counterpart of `WorkspaceIndex.setDocument` over every note.
 * We measure `getReferences(document, position, { includeDeclaration: true }, token)` with the
 * position on an external link, `[title](https://arxiv.org/abs/ID)`, because:
 * - it is the package's nearest equivalent of our "find all references of a paper": it returns
 *   every link in the workspace to the same URL (the generated notes do not link to each other, so
 *   `getFileReferences` or a header's references would find next to nothing);
 * - the default target is the abs URL linked most often in the notes (a popular paper, as the
 *   slow tail of our own references request is), so the answer shows real work: it must equal the
 *   number of `](url)` occurrences counted here with a regex (`expectedReferences`).
 * The service only knows links (`[text](url)`, `<url>`, reference links and definitions); bare
 * arXiv IDs, `arXiv:ID`, bare URLs, `https://arxiv.org/pdf/IDv2` and citekeys are not the same
 * reference to it, so it answers a narrower question than our index does, over the same text.
 *
 * Cold = a fresh service (`createLanguageService`) and its first answer to that request; warm =
 * the same request again (`warmRuns` times), answered from the link cache. The parser is
 * in-process markdown-it 15 (`html: true`, as the package's own tests and VS Code use), reusing one
 * instance and keeping the last document's tokens as VS Code's engine does (a single-entry cache:
 * the trigger note is tokenized for its table of contents and for its links). In VS Code the
 * server asks the extension host to tokenize over IPC, so this is a generous baseline: the
 * fastest way to use the package, not what VS Code pays. TextDocuments are made before timing
 * (`TextDocument.create` stores the text; line offsets are computed lazily, inside the timing).
 *
 * The package is an ES module (and declares Node ≥ 22, though it loads on 20.19+); this file is
 * compiled to CommonJS, so it is loaded with `import()`. Nothing is printed; progress goes to
 * `options.log` if given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line no-restricted-imports -- the baseline issue 7 compares against
import MarkdownIt from 'markdown-it';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import type * as Mdls from 'vscode-markdown-languageservice' with { 'resolution-mode': 'import' };
import type { URI } from 'vscode-uri';
import { type Distribution, collectGarbage, distribution, megabytes, now } from './measure';

export interface MarkdownLanguageServiceNote {
  readonly uri: string;
  readonly text: string;
}

export interface MarkdownLanguageServiceOptions {
  /** How many times the request is repeated on the warm service. Default 5. */
  readonly warmRuns?: number;
  /**
   * Other notes to run the same cold request over first, on a throwaway service, so the JIT has
   * seen the package and markdown-it before the timed run (as `indexNotes` warms up our index).
   * Default: none.
   */
  readonly warmUpNotes?: readonly MarkdownLanguageServiceNote[];
  /** The external link to find references of. Default: the arXiv abs URL linked most often. */
  readonly url?: string;
  /** Give up on a request after this long (and cancel its token). Default 30 minutes. */
  readonly timeoutMs?: number;
  /** Read memory after a full GC before and after (three extra full GCs). Default true. */
  readonly measureMemory?: boolean;
  /** Progress lines (the module prints nothing itself). */
  readonly log?: (line: string) => void;
}

export interface MarkdownLanguageServiceResult {
  readonly package: string;
  readonly notes: number;
  readonly megabytes: number;
  readonly request: 'getReferences';
  readonly target: {
    readonly url: string;
    /** The note and position the request is made at (on the link's URL). */
    readonly uri: string;
    readonly position: { readonly line: number; readonly character: number };
  };
  /** `createLanguageService` plus the first answer (lists, tokenizes and scans every note). */
  readonly coldReferencesMs: number;
  /** The same request on the warm service. */
  readonly warmReferences: Distribution;
  /** Locations returned (the cold and every warm answer returned the same number). */
  readonly references: number;
  /** Distinct notes among them. */
  readonly referencingNotes: number;
  /** `](url)` occurrences in the notes, counted with a regex: what `references` should be. */
  readonly expectedReferences: number;
  /** The parser as the service used it during the cold request. */
  readonly tokenize: {
    readonly calls: number;
    /** Actual markdown-it parses (calls minus single-entry cache hits). */
    readonly parses: number;
    /** Distinct notes parsed: all of them, or the service did not read every note. */
    readonly documents: number;
    /** Time inside markdown-it's `parse`, a part of `coldReferencesMs`. */
    readonly ms: number;
  };
  readonly warmUp?: { readonly notes: number; readonly ms: number };
  readonly memory?: {
    /** Right after the cold answer, before any GC (roughly the peak of the cold request). */
    readonly rssAfterColdMB: number;
    readonly heapAfterColdMB: number;
    /** After a full GC with the warm service live. */
    readonly rssMB: number;
    readonly heapUsedMB: number;
    /** Heap held by the service (link cache, line offsets), after a full GC: live minus before. */
    readonly serviceHeapMB: number;
    /** Heap and RSS after a full GC before the service was made. */
    readonly baselineHeapMB: number;
    readonly baselineRssMB: number;
  };
}

type MdlsModule = typeof Mdls;
type UriModule = { readonly URI: typeof URI };

interface Modules {
  readonly mdls: MdlsModule;
  readonly uri: UriModule;
  readonly version: string;
}

let modules: Promise<Modules> | undefined;

/**
 * The package and the same ES module build of vscode-uri it uses (its URIs go through our
 * workspace). Loaded once.
 */
function loadModules(): Promise<Modules> {
  modules ??= (async () => {
    let mdls: MdlsModule;
    let uri: UriModule;
    try {
      mdls = await import('vscode-markdown-languageservice');
      uri = await import('vscode-uri');
    } catch (error) {
      throw new Error(`could not load vscode-markdown-languageservice (an ES module, needs Node ≥ 20.19): ${messageOf(error)}`, { cause: error });
    }
    let version = 'unknown';
    try {
      const manifest = path.join(path.dirname(require.resolve('vscode-markdown-languageservice')), '..', 'package.json');
      version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
    } catch {
      // The version is for the report only.
    }
    return { mdls, uri, version };
  })();
  return modules;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Workspace and parser

/** A workspace event that never fires (the notes never change during the measurement). */
const never = (() => ({ dispose() { /* nothing to undo */ } })) as Mdls.IWorkspace['onDidChangeMarkdownDocument'];

/** The notes, in memory; directories are the notes' folders. Keys are `URI.toString()`. */
class InMemoryWorkspace implements Mdls.IWorkspace {
  readonly onDidChangeMarkdownDocument = never;
  readonly onDidCreateMarkdownDocument = never;
  readonly onDidDeleteMarkdownDocument = never as unknown as Mdls.IWorkspace['onDidDeleteMarkdownDocument'];
  readonly #documents = new Map<string, TextDocument>();
  /** Directory key → its entries (name → is a directory). */
  readonly #directories = new Map<string, Map<string, boolean>>();
  readonly #folders: readonly URI[];

  constructor(uriModule: UriModule, documents: readonly TextDocument[]) {
    const { URI } = uriModule;
    for (const document of documents) {
      let uri = URI.parse(document.uri);
      this.#documents.set(uri.toString(), document);
      let isDirectory = false;
      while (uri.path !== '/' && uri.path !== '') {
        const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
        const parent = uri.with({ path: uri.path.slice(0, uri.path.lastIndexOf('/')) || '/' });
        const key = parent.toString();
        let entries = this.#directories.get(key);
        const known = entries !== undefined;
        if (!entries) this.#directories.set(key, (entries = new Map()));
        entries.set(name, isDirectory);
        if (known) break;
        uri = parent;
        isDirectory = true;
      }
    }
    // The workspace folder: the deepest directory holding every note.
    const paths = documents.map((document) => URI.parse(document.uri).path.split('/').slice(0, -1));
    const common = paths.reduce((prefix, parts) => {
      let i = 0;
      while (i < prefix.length && i < parts.length && prefix[i] === parts[i]) i++;
      return prefix.slice(0, i);
    }, paths[0] ?? ['']);
    const first = documents.length ? URI.parse(documents[0].uri) : URI.file('/');
    this.#folders = [first.with({ path: common.join('/') || '/' })];
  }

  get workspaceFolders(): readonly URI[] {
    return this.#folders;
  }

  async getAllMarkdownDocuments(): Promise<Iterable<Mdls.ITextDocument>> {
    return this.#documents.values();
  }

  hasMarkdownDocument(resource: URI): boolean {
    return this.#documents.has(resource.toString());
  }

  async openMarkdownDocument(resource: URI): Promise<Mdls.ITextDocument | undefined> {
    return this.#documents.get(resource.toString());
  }

  async stat(resource: URI): Promise<Mdls.FileStat | undefined> {
    const key = resource.toString();
    if (this.#documents.has(key)) return { isDirectory: false };
    if (this.#directories.has(key)) return { isDirectory: true };
    return undefined;
  }

  async readDirectory(resource: URI): Promise<Iterable<readonly [string, Mdls.FileStat]>> {
    const entries = this.#directories.get(resource.toString());
    return entries ? Array.from(entries, ([name, isDirectory]) => [name, { isDirectory }] as const) : [];
  }
}

interface TokenizeStats {
  calls: number;
  parses: number;
  ms: number;
  readonly documents: Set<string>;
}

/**
 * markdown-it as VS Code configures it for the language service (`html: true`), one instance,
 * with a single-entry token cache (uri and version) like VS Code's engine.
 */
function markdownItParser(mdls: MdlsModule, stats: TokenizeStats): Mdls.IMdParser {
  const md = new MarkdownIt({ html: true });
  let last: { uri: string; version: number; tokens: Mdls.Token[] } | undefined;
  return {
    slugifier: mdls.githubSlugifier,
    async tokenize(document: Mdls.ITextDocument): Promise<Mdls.Token[]> {
      stats.calls++;
      if (last && last.uri === document.uri && last.version === document.version) return last.tokens;
      const start = now();
      const tokens: Mdls.Token[] = md.parse(document.getText(), {});
      stats.ms += now() - start;
      stats.parses++;
      stats.documents.add(document.uri);
      last = { uri: document.uri, version: document.version, tokens };
      return tokens;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The target link

interface Target {
  readonly url: string;
  readonly noteIndex: number;
  /** Offset of a character inside the URL, in the note's text. */
  readonly offset: number;
  readonly occurrences: number;
}

const ABS_LINK = /\]\((https:\/\/arxiv\.org\/abs\/\d{4}\.\d{4,5})\)/g;

/** The most linked abs URL (or `url`), and its first `](url)` in the notes. */
function findTarget(notes: readonly MarkdownLanguageServiceNote[], url: string | undefined): Target {
  const counts = new Map<string, number>();
  const first = new Map<string, { noteIndex: number; offset: number }>();
  const record = (found: string, noteIndex: number, offset: number) => {
    counts.set(found, (counts.get(found) ?? 0) + 1);
    if (!first.has(found)) first.set(found, { noteIndex, offset });
  };
  notes.forEach((note, noteIndex) => {
    if (url !== undefined) {
      const needle = `](${url})`;
      for (let at = note.text.indexOf(needle); at >= 0; at = note.text.indexOf(needle, at + needle.length)) record(url, noteIndex, at + 2);
    } else {
      for (const match of note.text.matchAll(ABS_LINK)) record(match[1], noteIndex, match.index + 2);
    }
  });
  let best: string | undefined;
  for (const [found, count] of counts) if (best === undefined || count > counts.get(best)!) best = found;
  if (best === undefined) {
    throw new Error(url !== undefined
      ? `vscode-markdown-languageservice baseline: no note links to ${url} as [text](${url})`
      : 'vscode-markdown-languageservice baseline: no note has an [text](https://arxiv.org/abs/ID) link to find references of');
  }
  const at = first.get(best)!;
  return { url: best, noteIndex: at.noteIndex, offset: at.offset + Math.floor(best.length / 2), occurrences: counts.get(best)! };
}

// ---------------------------------------------------------------------------------------------
// Measurement

/** `promise`, or a clear error after `timeoutMs` (cancelling the request's token). */
async function guarded<T>(what: string, timeoutMs: number, source: CancellationTokenSource, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // The timer also keeps the event loop alive: a promise the package never settles would
  // otherwise let Node exit quietly in the middle of the benchmark.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      source.cancel();
      reject(new Error(`vscode-markdown-languageservice: ${what} did not answer within ${(timeoutMs / 1000).toFixed(0)} s`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(), timeout]);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('vscode-markdown-languageservice: ')) throw error;
    throw new Error(`vscode-markdown-languageservice: ${what} threw: ${messageOf(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

interface Run {
  readonly target: Target;
  readonly document: TextDocument;
  readonly position: { line: number; character: number };
  readonly coldMs: number;
  readonly warm: number[];
  readonly references: number;
  readonly referencingNotes: number;
  readonly stats: TokenizeStats;
  readonly service: Mdls.IMdLanguageService;
  readonly rssAfterCold: number;
  readonly heapAfterCold: number;
}

async function run(
  loaded: Modules,
  notes: readonly MarkdownLanguageServiceNote[],
  options: MarkdownLanguageServiceOptions,
  warmRuns: number,
  beforeCold?: () => void,
): Promise<Run> {
  const { mdls } = loaded;
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const target = findTarget(notes, options.url);
  // Fresh documents for every service: a TextDocument caches its line offsets.
  const documents = notes.map((note) => TextDocument.create(note.uri, 'markdown', 1, note.text));
  const document = documents[target.noteIndex];
  const position = TextDocument.create(document.uri, 'markdown', 1, notes[target.noteIndex].text).positionAt(target.offset);
  const stats: TokenizeStats = { calls: 0, parses: 0, ms: 0, documents: new Set() };
  const workspace = new InMemoryWorkspace(loaded.uri, documents);
  const logger: Mdls.ILogger = { level: mdls.LogLevel.Off, log() { /* off */ } };
  const context = { includeDeclaration: true };
  const request = async (what: string) => {
    const source = new CancellationTokenSource();
    try {
      return await guarded(`getReferences (${what}, ${notes.length} notes)`, timeoutMs, source, () => service.getReferences(document, position, context, source.token));
    } finally {
      source.dispose();
    }
  };

  beforeCold?.();
  const coldStart = now();
  let service: Mdls.IMdLanguageService;
  try {
    service = mdls.createLanguageService({ workspace, parser: markdownItParser(mdls, stats), logger });
  } catch (error) {
    throw new Error(`vscode-markdown-languageservice: createLanguageService threw: ${messageOf(error)}`, { cause: error });
  }
  const cold = await request('cold');
  const coldMs = now() - coldStart;
  const memory = process.memoryUsage();
  const coldStats: TokenizeStats = { ...stats, documents: new Set(stats.documents) };

  if (cold.length === 0) {
    throw new Error(`vscode-markdown-languageservice: getReferences found nothing at ${document.uri}:${position.line + 1}:${position.character + 1} (expected ${target.occurrences} links to ${target.url})`);
  }
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const start = now();
    const answer = await request('warm');
    warm.push(now() - start);
    if (answer.length !== cold.length) throw new Error(`vscode-markdown-languageservice: warm getReferences returned ${answer.length} locations, cold ${cold.length}`);
  }
  return {
    target,
    document,
    position,
    coldMs,
    warm,
    references: cold.length,
    referencingNotes: new Set(cold.map((location) => location.uri)).size,
    stats: coldStats,
    service,
    rssAfterCold: memory.rss,
    heapAfterCold: memory.heapUsed,
  };
}

/**
 * `vscode-markdown-languageservice` answering "find all references" over `notes`: a fresh service
 * and its first `getReferences` on an external link (cold: it must list, tokenize and scan every
 * note), then the same request `warmRuns` times. See the header comment for why this request.
 */
export async function measureMarkdownLanguageService(
  notes: readonly MarkdownLanguageServiceNote[],
  options: MarkdownLanguageServiceOptions = {},
): Promise<MarkdownLanguageServiceResult> {
  if (notes.length === 0) throw new Error('vscode-markdown-languageservice baseline: no notes');
  const log = options.log ?? (() => undefined);
  const warmRuns = options.warmRuns ?? 5;
  const measureMemory = options.measureMemory ?? true;
  const loaded = await loadModules();

  let warmUp: MarkdownLanguageServiceResult['warmUp'];
  if (options.warmUpNotes?.length) {
    log(`vscode-markdown-languageservice: warm-up on ${options.warmUpNotes.length} other notes`);
    const start = now();
    const warmed = await run(loaded, options.warmUpNotes, { ...options, url: undefined }, 2);
    warmed.service.dispose();
    warmUp = { notes: options.warmUpNotes.length, ms: now() - start };
  }

  let baselineHeap = 0;
  let baselineRss = 0;
  const bytes = notes.reduce((sum, note) => sum + Buffer.byteLength(note.text), 0);
  log(`vscode-markdown-languageservice: references over ${notes.length} notes (${megabytes(bytes).toFixed(1)} MB)`);
  const measured = await run(loaded, notes, options, warmRuns, () => {
    if (!measureMemory) return;
    collectGarbage();
    const memory = process.memoryUsage();
    baselineHeap = memory.heapUsed;
    baselineRss = memory.rss;
  });

  let memory: MarkdownLanguageServiceResult['memory'];
  if (measureMemory) {
    collectGarbage();
    const live = process.memoryUsage();
    memory = {
      rssAfterColdMB: megabytes(measured.rssAfterCold),
      heapAfterColdMB: megabytes(measured.heapAfterCold),
      rssMB: megabytes(live.rss),
      heapUsedMB: megabytes(live.heapUsed),
      serviceHeapMB: megabytes(live.heapUsed - baselineHeap),
      baselineHeapMB: megabytes(baselineHeap),
      baselineRssMB: megabytes(baselineRss),
    };
  }
  // Dispose only now, so the service (and its link cache) is live for the memory reading.
  measured.service.dispose();

  return {
    package: `vscode-markdown-languageservice@${loaded.version}`,
    notes: notes.length,
    megabytes: megabytes(bytes),
    request: 'getReferences',
    target: { url: measured.target.url, uri: measured.document.uri, position: measured.position },
    coldReferencesMs: measured.coldMs,
    warmReferences: distribution(measured.warm),
    references: measured.references,
    referencingNotes: measured.referencingNotes,
    expectedReferences: measured.target.occurrences,
    tokenize: { calls: measured.stats.calls, parses: measured.stats.parses, documents: measured.stats.documents.size, ms: measured.stats.ms },
    ...(warmUp ? { warmUp } : {}),
    ...(memory ? { memory } : {}),
  };
}
