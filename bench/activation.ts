/**
 * Extension activation time (issue 7), measured in this Node process on the real extension:
 * the bundled client (`dist/client.js`) is loaded with `require('vscode')` answered by a fake
 * VS Code API (below), its `activate(context)` runs for real — vscode-languageclient forks
 * `dist/server.js` over Node IPC, the initialize handshake, the `paperNotes/indexStatus` request,
 * the Topics view and the commands — and `deactivate()` stops the server again.
 *
 * What is timed per run, as VS Code's extension host times it (`ExtensionActivationTimes`):
 * - `loadMs`: `require('dist/client.js')` (VS Code's codeLoadingTime); the module is dropped
 *   from the require cache before every run, so every run loads and compiles it again;
 * - `activateCallMs`: `activate(context)` until it returns its promise (activateCallTime);
 * - `activateResolvedMs`: from then until the promise resolves (activateResolvedTime);
 * - `activationMs` = the three together: the time until the extension's API exists and
 *   `executeCommand`/`getExtension().activate()` callers stop waiting. (VS Code's "Running
 *   Extensions" view shows only load + call, the synchronous part.)
 * - `readyMs`: from the start of the load until the API's `ready` promise resolves (the server's
 *   first index is built); never less than `activationMs`, as no caller can see it earlier.
 * The server's JSON-RPC messages are observed passively on the forked process (its `message`
 * events and `send`), which splits activation into phases: client setup, fork, server start
 * (Node startup + loading `dist/server.js` + answering `initialize`), client initialisation,
 * the `indexStatus` round trip, and the rest of `activate`.
 *
 * The fake VS Code API (`createFakeVscode`) implements what `activate`, vscode-languageclient 11
 * (`lib/common/*.js`, `lib/node/main.js`) and the client's own modules touch while activating
 * and stopping, with VS Code's behaviour where it matters: `workspace.getConfiguration` answers
 * the manifest's defaults (`contributes.configuration`) with `paperNotes.online.enabled: false`
 * forced (no network, as in the protocol tests), events are real emitters, `createTreeView`
 * only accepts contributed views and never asks for children (the view is not visible),
 * `registerCommand` refuses duplicates, `createOutputChannel(name, { log: true })` is a log
 * channel whose warnings and errors end up in the run's `problems`. Limits, by design: no text
 * documents or editors are open (so no didOpen, no diagnostics), file system watchers never
 * fire, message boxes answer "dismissed", `openExternal` refuses, `workspace.fs` and
 * `openTextDocument` reject. Members of `window`, `workspace`, `languages`, `commands` and `env`
 * that are not implemented follow one rule: `on…` is an event that never fires and `register…`
 * returns a no-op disposable (both listed in `stubbed`: the language features' providers are
 * registered this way); anything else throws "fake vscode: … is not implemented" and is listed
 * in `unimplemented`. The classes the converters need (`CompletionItem`, `Diagnostic`, …) are
 * plain data holders: activation converts no answers, and a hover or completion through the
 * fake is out of scope.
 *
 * While a run is in progress, `Module._resolveFilename` sends `'vscode'` to the fake and
 * `child_process.fork` is wrapped to see the server process; both are restored after each run.
 * What is measured is whatever `dist/` holds (`npm run bench` does not bundle): the bundles of
 * `scripts/bundle.mjs`, or the minified ones `scripts/editor/package.mjs` leaves there (what the
 * .vsix ships). Everything runs on the bench's machine at once (the client here, the
 * server in its own process), so other work on the machine, or a big heap in this process,
 * shows in the numbers: `loadAverage` is reported, and activation is best measured before the
 * other benchmarks fill the heap.
 */
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess, ForkOptions } from 'node:child_process';
import { URI, Utils } from 'vscode-uri';
import type { IndexSummary } from '../server/src/protocol';
import type { BenchNote } from './corpus';
import { type Distribution, distribution, now } from './measure';

// ---------------------------------------------------------------------------------------------
// Public API

export interface ActivationOptions {
  /** The workspace folder VS Code would have open (see `copySamplesWorkspace`, `writeNotesWorkspace`). */
  readonly workspaceFolder: string;
  /** Activations to time; each loads the client afresh and starts and stops its own server. */
  readonly runs: number;
  /** The extension's folder (with `package.json` and `dist/`); default: this repository. */
  readonly extensionPath?: string;
  /** More settings as VS Code would hold them (`{ 'paperNotes.files.maxSizeKB': 100 }`); online lookups stay off. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Give up on one `activate()` after this long (default 30 s). */
  readonly activationTimeoutMs?: number;
  /** Give up waiting for `ready` after this long (default 300 s). */
  readonly readyTimeoutMs?: number;
  /** The server process must have exited this long after `deactivate()` and the subscriptions' disposal finished, or it is killed and the run fails (default 5 s). */
  readonly exitTimeoutMs?: number;
}

/**
 * The server's start-up after `activate()` was called. `activate` does not wait for it (only
 * `ready` does), so these no longer add up to the activation time: they say where `ready` waits.
 */
export interface ActivationPhases {
  /** `activate()` called → `child_process.fork` of the server called: output channel, LanguageClient, start() up to the fork. */
  readonly clientSetupMs: number;
  /** The synchronous `fork` call itself. */
  readonly forkMs: number;
  /** Fork returned → `initialize` answered: Node starting, `dist/server.js` loading, the initialize handler. */
  readonly serverStartMs: number;
  /** `initialize` answered → `paperNotes/indexStatus` sent: `initialized`, the client's features, the rest of `start()`. */
  readonly clientInitialiseMs: number;
  /** `paperNotes/indexStatus` sent → answered (the server may be busy indexing meanwhile). */
  readonly indexStatusMs: number;
}

export interface TimelineEntry {
  /** Milliseconds since the run started (the start of loading `dist/client.js`). */
  readonly ms: number;
  /** `vscode.…` calls of the fake, `fork`, and messages: `→` to the server, `←` from it. */
  readonly event: string;
}

export interface ActivationRun {
  /** `require('dist/client.js')`: VS Code's codeLoadingTime. */
  readonly loadMs: number;
  /** `activate(context)` until it returned its promise: activateCallTime. */
  readonly activateCallMs: number;
  /** From then until the promise resolved: activateResolvedTime. */
  readonly activateResolvedMs: number;
  /** load + call + resolved: what the issue's target "activation ≤ 200 ms" is about. */
  readonly activationMs: number;
  /** Start of the load → `ready` resolved (the first index is built). */
  readonly readyMs: number;
  readonly phases: ActivationPhases;
  /** What `ready` resolved with (how many notes, references, papers). */
  readonly summary: IndexSummary;
  /** `deactivate()` called → the server process exited. */
  readonly stopMs: number;
  readonly serverExit: { readonly code: number | null; readonly signal: string | null };
  /** What happened when, for explaining a slow phase (messages capped at 400 entries). */
  readonly timeline: readonly TimelineEntry[];
  /** Warnings and errors the extension logged or showed, and fake API members it used that do not exist. */
  readonly problems: readonly string[];
  /** The extension's output channel (the server's log), at most the first 200 lines. */
  readonly output: readonly string[];
}

export interface ActivationResult {
  readonly workspaceFolder: string;
  /** `os.loadavg()` (1, 5, 15 minutes) when the runs started: other work on the machine slows the server's start. */
  readonly loadAverage: readonly number[];
  readonly runs: readonly ActivationRun[];
  readonly load: Distribution;
  readonly activation: Distribution;
  readonly ready: Distribution;
  /** Each phase's distribution over the runs. */
  readonly phases: { readonly [K in keyof ActivationPhases]: Distribution };
  /** Fake API members used that are stubbed (`on…` events, `register…` calls). */
  readonly stubbed: readonly string[];
  /** Fake API members used that are not implemented (each threw). */
  readonly unimplemented: readonly string[];
}

const REPOSITORY = path.resolve(__dirname, '..', '..');

/**
 * Activates the extension `runs` times on `workspaceFolder`, one run at a time, and reports
 * each run and the distributions. Throws when an activation fails or times out, when `ready`
 * never resolves, or when a server process outlives `deactivate()` (after killing it).
 */
export async function measureActivation(options: ActivationOptions): Promise<ActivationResult> {
  const extensionPath = options.extensionPath ?? REPOSITORY;
  const workspaceFolder = path.resolve(options.workspaceFolder);
  if (!fs.statSync(workspaceFolder).isDirectory()) throw new Error(`not a folder: ${workspaceFolder}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as Manifest;
  const clientPath = path.resolve(extensionPath, manifest.main ?? './dist/client.js');
  // VS Code keeps global storage between sessions; one folder for all runs of this measurement.
  const globalStorage = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-notes-activation-storage-'));
  const loadAverage = os.loadavg();
  const runs: ActivationRun[] = [];
  const stubbed = new Set<string>();
  const unimplemented = new Set<string>();
  try {
    for (let i = 0; i < options.runs; i++) {
      runs.push(
        await activateOnce({
          extensionPath,
          clientPath,
          manifest,
          workspaceFolder,
          globalStorage,
          settings: options.settings ?? {},
          activationTimeoutMs: options.activationTimeoutMs ?? 30_000,
          readyTimeoutMs: options.readyTimeoutMs ?? 300_000,
          exitTimeoutMs: options.exitTimeoutMs ?? 5_000,
          stubbed,
          unimplemented,
        }),
      );
    }
  } finally {
    fs.rmSync(globalStorage, { recursive: true, force: true });
  }
  const of = (pick: (run: ActivationRun) => number) => distribution(runs.map(pick));
  return {
    workspaceFolder,
    loadAverage,
    runs,
    load: of((run) => run.loadMs),
    activation: of((run) => run.activationMs),
    ready: of((run) => run.readyMs),
    phases: {
      clientSetupMs: of((run) => run.phases.clientSetupMs),
      forkMs: of((run) => run.phases.forkMs),
      serverStartMs: of((run) => run.phases.serverStartMs),
      clientInitialiseMs: of((run) => run.phases.clientInitialiseMs),
      indexStatusMs: of((run) => run.phases.indexStatusMs),
    },
    stubbed: [...stubbed].sort(),
    unimplemented: [...unimplemented].sort(),
  };
}

/** A copy of the repository's `samples/` in a new temporary folder (remove it with `removeWorkspace`). */
export function copySamplesWorkspace(extensionPath = REPOSITORY): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-notes-activation-samples-'));
  fs.cpSync(path.join(extensionPath, 'samples'), folder, { recursive: true });
  return folder;
}

/** The bench corpus's notes (`corpus.notes(…)`) as `.md` files in a new temporary folder, under their folders. */
export function writeNotesWorkspace(notes: readonly BenchNote[]): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-notes-activation-notes-'));
  for (const note of notes) {
    const relative = decodeURIComponent(new URL(note.uri).pathname).replace(/^\/bench\//, '');
    const file = path.join(folder, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, note.text);
  }
  return folder;
}

export function removeWorkspace(folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// One run

interface Manifest {
  readonly name?: string;
  readonly publisher?: string;
  readonly version?: string;
  readonly main?: string;
  readonly contributes?: {
    readonly configuration?: { readonly properties?: Readonly<Record<string, { readonly default?: unknown }>> };
    readonly views?: Readonly<Record<string, ReadonlyArray<{ readonly id: string }>>>;
  };
}

interface RunSetup {
  readonly extensionPath: string;
  readonly clientPath: string;
  readonly manifest: Manifest;
  readonly workspaceFolder: string;
  readonly globalStorage: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly activationTimeoutMs: number;
  readonly readyTimeoutMs: number;
  readonly exitTimeoutMs: number;
  readonly stubbed: Set<string>;
  readonly unimplemented: Set<string>;
}

interface ExtensionModule {
  activate(context: unknown): Promise<{ readonly ready: Promise<IndexSummary> }>;
  deactivate?(): Promise<void> | void;
}

/** Where `require('vscode')` is sent while a run loads the client: the fake's entry in the require cache. */
const FAKE_VSCODE_ID = path.join(REPOSITORY, 'node_modules', '.paper-notes-bench', 'vscode-fake.js');
const load = createRequire(__filename);
const moduleInternals = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
/** The real `child_process` module object (an `import *` would be a copy), so the client's `fork` can be observed. */
const childProcessModule = load('node:child_process') as { fork: (...args: unknown[]) => ChildProcess };
const MAX_TIMELINE = 400;

async function activateOnce(setup: RunSetup): Promise<ActivationRun> {
  // The run's clock starts again when the load starts; setting up the fake is not timed.
  let started = now();
  const at = () => now() - started;
  const timeline: TimelineEntry[] = [];
  const markAt = (event: string, ms: number) => {
    if (timeline.length < MAX_TIMELINE) timeline.push({ ms, event });
  };
  const mark = (event: string) => markAt(event, at());
  const problems: string[] = [];
  const fake = createFakeVscode({
    extensionPath: setup.extensionPath,
    manifest: setup.manifest,
    workspaceFolder: setup.workspaceFolder,
    settings: setup.settings,
    onCall: mark,
    onProblem: (problem) => problems.push(problem),
    onStub: (name) => setup.stubbed.add(name),
    onUnimplemented: (name) => setup.unimplemented.add(name),
  });
  const context = createExtensionContext(setup);

  // The server process(es) the client forks, observed but untouched.
  const forked: Array<{ child: ChildProcess; calledAt: number; returnedAt: number }> = [];
  const messages = new MessageLog(at, markAt);
  const originalFork = childProcessModule.fork;
  childProcessModule.fork = function observedFork(this: unknown, ...args: unknown[]): ChildProcess {
    const calledAt = at();
    const child = originalFork.apply(this, args);
    const returnedAt = at();
    const modulePath = typeof args[0] === 'string' ? path.basename(args[0]) : String(args[0]);
    timeline.push({ ms: calledAt, event: `fork ${modulePath} ${JSON.stringify((args[2] as ForkOptions | undefined)?.execArgv ?? [])}` });
    forked.push({ child, calledAt, returnedAt });
    messages.observe(child);
    return child;
  };
  const originalResolve = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function resolveVscode(this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? FAKE_VSCODE_ID : originalResolve.call(this, request, ...rest);
  };
  const fakeModule = new Module(FAKE_VSCODE_ID);
  fakeModule.filename = FAKE_VSCODE_ID;
  fakeModule.exports = fake.api;
  fakeModule.loaded = true;
  load.cache[FAKE_VSCODE_ID] = fakeModule;
  delete load.cache[setup.clientPath];

  let extension: ExtensionModule | undefined;
  let deactivated = false;
  try {
    started = now();
    extension = load(setup.clientPath) as ExtensionModule;
    const loadMs = at();
    mark('loaded');

    const callStart = at();
    const activation = extension.activate(context);
    const activateCallMs = at() - callStart;
    const api = await withTimeout(Promise.resolve(activation), setup.activationTimeoutMs, () => `activate() did not resolve within ${setup.activationTimeoutMs} ms`);
    const activatedAt = at();
    mark('activated');
    const activateResolvedMs = activatedAt - callStart - activateCallMs;
    const summary = await withTimeout(api.ready, setup.readyTimeoutMs, () => `ready did not resolve within ${setup.readyTimeoutMs} ms after activation`);
    const readyMs = at();
    mark('ready');

    if (forked.length !== 1) throw new Error(`expected one server process, the client forked ${forked.length}`);
    const server = forked[0];
    const stopStart = at();
    deactivated = true;
    await deactivate(extension, context, setup.activationTimeoutMs, problems);
    const serverExit = await exited(server.child, setup.exitTimeoutMs);
    const stopMs = at() - stopStart;

    const initializeAnswered = messages.first('← initialize');
    const indexStatusSent = messages.first('→ paperNotes/indexStatus');
    const indexStatusAnswered = messages.first('← paperNotes/indexStatus');
    for (const unknown of fake.unimplementedUsed) problems.push(`used ${unknown}, which the fake does not implement`);
    return {
      loadMs,
      activateCallMs,
      activateResolvedMs,
      activationMs: loadMs + activateCallMs + activateResolvedMs,
      readyMs,
      phases: {
        clientSetupMs: server.calledAt - callStart,
        forkMs: server.returnedAt - server.calledAt,
        serverStartMs: initializeAnswered - server.returnedAt,
        clientInitialiseMs: indexStatusSent - initializeAnswered,
        indexStatusMs: indexStatusAnswered - indexStatusSent,
      },
      summary,
      stopMs,
      serverExit,
      timeline: [...timeline].sort((a, b) => a.ms - b.ms),
      problems,
      output: fake.output.slice(0, 200),
    };
  } catch (error) {
    const output = fake.output.slice(-20).join('\n');
    throw new Error(`activation run failed on ${setup.workspaceFolder}: ${(error as Error).message}${output ? `\nLast output of the extension:\n${output}` : ''}`, { cause: error });
  } finally {
    childProcessModule.fork = originalFork;
    moduleInternals._resolveFilename = originalResolve;
    try {
      if (extension && !deactivated) await deactivate(extension, context, setup.activationTimeoutMs, problems).catch(() => undefined);
    } finally {
      // Nothing outlives a run: a server still running now is killed (a failed run has already thrown).
      for (const { child } of forked) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      delete load.cache[setup.clientPath];
      delete load.cache[FAKE_VSCODE_ID];
    }
  }
}

/** What VS Code does on deactivation: the extension's `deactivate()`, then its subscriptions disposed. */
async function deactivate(extension: ExtensionModule, context: FakeExtensionContext, timeoutMs: number, problems: string[]): Promise<void> {
  await withTimeout(Promise.resolve(extension.deactivate?.()), timeoutMs, () => `deactivate() did not resolve within ${timeoutMs} ms`);
  for (const subscription of context.subscriptions.splice(0)) {
    try {
      await Promise.resolve(subscription.dispose());
    } catch (error) {
      problems.push(`disposing a subscription failed: ${(error as Error).message}`);
    }
  }
}

/** Resolves when the process has exited; kills it and throws if it has not after `timeoutMs`. */
async function exited(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.removeListener('exit', onExit);
      child.kill('SIGKILL');
      reject(new Error(`the server process (pid ${child.pid}) was still running ${timeoutMs} ms after deactivate(); killed it`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ code, signal });
    };
    child.once('exit', onExit);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * JSON-RPC messages between the client and the forked server, read off the IPC channel without
 * changing it: `message` events (server → client) and the child's `send` (client → server).
 * Responses are named after the request they answer.
 */
class MessageLog {
  private readonly firsts = new Map<string, number>();
  private readonly sentRequests = new Map<string | number, string>();
  private readonly receivedRequests = new Map<string | number, string>();

  constructor(
    private readonly at: () => number,
    private readonly mark: (event: string, ms: number) => void,
  ) {}

  observe(child: ChildProcess): void {
    child.on('message', (message: unknown) => this.record('←', message));
    const send = child.send.bind(child) as (...args: unknown[]) => boolean;
    child.send = ((...args: unknown[]) => {
      this.record('→', args[0]);
      return send(...args);
    }) as ChildProcess['send'];
  }

  /** When the first such message went (`→ method`) or came (`← method`, also for a response to `method`); NaN: never. */
  first(event: string): number {
    return this.firsts.get(event) ?? NaN;
  }

  private record(direction: '→' | '←', message: unknown): void {
    const ms = this.at();
    if (typeof message !== 'object' || message === null) return;
    const { id, method, params } = message as { id?: string | number; method?: string; params?: { value?: { kind?: string } } };
    const outgoing = direction === '→';
    let name: string;
    let label: string;
    if (method !== undefined) {
      name = method === '$/progress' && params?.value?.kind ? `$/progress ${params.value.kind}` : method;
      label = name;
      if (id !== undefined) (outgoing ? this.sentRequests : this.receivedRequests).set(id, method);
    } else {
      // A response travels the other way from its request.
      const requests = outgoing ? this.receivedRequests : this.sentRequests;
      name = id !== undefined ? (requests.get(id) ?? `#${id}`) : '?';
      label = `${name} (response)`;
    }
    const event = `${direction} ${name}`;
    if (!this.firsts.has(event)) this.firsts.set(event, ms);
    // Progress reports (one per percent) would crowd out everything else.
    if (name !== '$/progress report') this.mark(`${direction} ${label}`, ms);
  }
}

// ---------------------------------------------------------------------------------------------
// The fake VS Code API

interface FakeDisposable {
  dispose(): unknown;
}

type Listener<T> = (event: T) => unknown;
type FakeEvent<T> = (listener: Listener<T>, thisArgs?: unknown, disposables?: FakeDisposable[]) => FakeDisposable;

class Disposable implements FakeDisposable {
  private disposed = false;
  constructor(private readonly callOnDispose: () => unknown) {}
  static from(...disposables: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => {
      for (const disposable of disposables) disposable?.dispose();
    });
  }
  dispose(): unknown {
    if (this.disposed) return undefined;
    this.disposed = true;
    return this.callOnDispose();
  }
}

class EventEmitter<T> {
  private listeners: Array<{ listener: Listener<T>; thisArgs: unknown }> | undefined = [];
  readonly event: FakeEvent<T> = (listener, thisArgs, disposables) => {
    const entry = { listener, thisArgs };
    this.listeners?.push(entry);
    const disposable = new Disposable(() => {
      this.listeners = this.listeners?.filter((candidate) => candidate !== entry);
    });
    disposables?.push(disposable);
    return disposable;
  };
  fire(data: T): void {
    for (const { listener, thisArgs } of [...(this.listeners ?? [])]) {
      try {
        listener.call(thisArgs, data);
      } catch (error) {
        // VS Code logs a listener's error and goes on with the others.
        console.error(`fake vscode: an event listener threw: ${(error as Error).stack ?? String(error)}`);
      }
    }
  }
  dispose(): void {
    this.listeners = undefined;
  }
}

/** An event that never fires (watchers, editors, tabs: nothing happens in the bench). */
function quietEvent<T>(): FakeEvent<T> {
  return new EventEmitter<T>().event;
}

class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

class CancellationTokenSource {
  private readonly cancelled = new EventEmitter<void>();
  private isCancelled = false;
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.cancelled.event,
  };
  cancel(): void {
    if (this.isCancelled) return;
    this.isCancelled = true;
    this.token.isCancellationRequested = true;
    this.cancelled.fire();
  }
  dispose(): void {
    this.cancelled.dispose();
  }
}

/** `vscode.Uri`: vscode-uri is VS Code's own URI code; this adds `joinPath` and keeps the class on derived URIs. */
class Uri extends URI {
  static parse(value: string, strict = false): Uri {
    return Uri.of(URI.parse(value, strict));
  }
  static file(fsPath: string): Uri {
    return Uri.of(URI.file(fsPath));
  }
  static from(components: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return Uri.of(URI.from(components));
  }
  static joinPath(base: URI, ...segments: string[]): Uri {
    return Uri.of(Utils.joinPath(base, ...segments));
  }
  private static of(uri: URI): Uri {
    return new Uri(uri.scheme, uri.authority, uri.path, uri.query, uri.fragment);
  }
  with(change: { scheme?: string; authority?: string | null; path?: string | null; query?: string | null; fragment?: string | null }): Uri {
    return Uri.of(super.with(change));
  }
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position | number, end: Position | number, endLine?: number, endCharacter?: number) {
    this.start = typeof start === 'number' ? new Position(start, end as number) : start;
    this.end = typeof start === 'number' ? new Position(endLine ?? start, endCharacter ?? (end as number)) : (end as Position);
  }
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range | Position,
  ) {}
}

class RelativePattern {
  readonly baseUri: URI;
  constructor(
    base: URI | { uri: URI } | string,
    readonly pattern: string,
  ) {
    this.baseUri = typeof base === 'string' ? Uri.file(base) : base instanceof URI ? base : base.uri;
  }
}

class TreeItem {
  constructor(
    readonly label: unknown,
    readonly collapsibleState: number = 0,
  ) {}
}

class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}

class MarkdownString {
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
}

/**
 * Classes vscode-languageclient extends when its modules load (`ProtocolCompletionItem extends
 * code.CompletionItem`, …): plain data holders with VS Code's constructor parameters. They are
 * only instantiated when answers are converted, which activation does not do.
 */
class CompletionItem {
  constructor(
    public label: unknown,
    public kind?: number,
  ) {}
}
class CodeLens {
  constructor(
    public range: Range,
    public command?: unknown,
  ) {}
}
class DocumentLink {
  constructor(
    public range: Range,
    public target?: Uri,
  ) {}
}
class InlayHint {
  constructor(
    public position: Position,
    public label: unknown,
    public kind?: number,
  ) {}
}
class CallHierarchyItem {
  constructor(
    public kind: number,
    public name: string,
    public detail: string,
    public uri: Uri,
    public range: Range,
    public selectionRange: Range,
  ) {}
}
class TypeHierarchyItem extends CallHierarchyItem {}
class SymbolInformation {
  constructor(
    public name: string,
    public kind: number,
    public containerName: unknown,
    public location: unknown,
  ) {}
}
class CodeAction {
  constructor(
    public title: string,
    public kind?: unknown,
  ) {}
}
class Diagnostic {
  constructor(
    public range: Range,
    public message: string,
    public severity = 0,
  ) {}
}

/** `vscode.CodeActionKind`: the converters map LSP kinds to these when a client is created. */
class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = CodeActionKind.Empty.append('quickfix');
  static readonly Refactor = CodeActionKind.Empty.append('refactor');
  static readonly RefactorExtract = CodeActionKind.Refactor.append('extract');
  static readonly RefactorInline = CodeActionKind.Refactor.append('inline');
  static readonly RefactorMove = CodeActionKind.Refactor.append('move');
  static readonly RefactorRewrite = CodeActionKind.Refactor.append('rewrite');
  static readonly Source = CodeActionKind.Empty.append('source');
  static readonly SourceOrganizeImports = CodeActionKind.Source.append('organizeImports');
  static readonly SourceFixAll = CodeActionKind.Source.append('fixAll');
  static readonly Notebook = CodeActionKind.Empty.append('notebook');
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === other.value || other.value.startsWith(`${this.value}.`) || this.value === '';
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

/** VS Code's enums the client reads (values as in vscode.d.ts). */
const ENUMS = {
  SymbolKind: Object.fromEntries(
    ['File', 'Module', 'Namespace', 'Package', 'Class', 'Method', 'Property', 'Field', 'Constructor', 'Enum', 'Interface', 'Function', 'Variable', 'Constant', 'String', 'Number', 'Boolean', 'Array', 'Object', 'Key', 'Null', 'EnumMember', 'Struct', 'Event', 'Operator', 'TypeParameter'].map((name, value) => [name, value]),
  ),
  CompletionItemKind: Object.fromEntries(
    ['Text', 'Method', 'Function', 'Constructor', 'Field', 'Variable', 'Class', 'Interface', 'Module', 'Property', 'Unit', 'Value', 'Enum', 'Keyword', 'Snippet', 'Color', 'File', 'Reference', 'Folder', 'EnumMember', 'Constant', 'Struct', 'Event', 'Operator', 'TypeParameter', 'User', 'Issue'].map((name, value) => [name, value]),
  ),
  SymbolTag: { Deprecated: 1 },
  CompletionItemTag: { Deprecated: 1 },
  CompletionTriggerKind: { Invoke: 0, TriggerCharacter: 1, TriggerForIncompleteCompletions: 2 },
  DocumentHighlightKind: { Text: 0, Read: 1, Write: 2 },
  TextDocumentSaveReason: { Manual: 1, AfterDelay: 2, FocusOut: 3 },
  SignatureHelpTriggerKind: { Invoke: 1, TriggerCharacter: 2, ContentChange: 3 },
  InlineCompletionTriggerKind: { Invoke: 0, Automatic: 1 },
  FoldingRangeKind: { Comment: 1, Imports: 2, Region: 3 },
  CodeActionTriggerKind: { Invoke: 1, Automatic: 2 },
};

/** Tab inputs only matter for `instanceof` checks; the fake has no tabs. */
class TabInputText {}
class TabInputTextDiff {}
class TabInputCustom {}
class TabInputNotebook {}

const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 } as const;

/** VS Code's `l10n.t`: `{0}` or `{name}` placeholders; the English text (no bundle loaded). */
function l10nT(...args: unknown[]): string {
  const first = args[0];
  const message = typeof first === 'object' && first !== null ? String((first as { message: string }).message) : String(first);
  const values =
    typeof first === 'object' && first !== null
      ? ((first as { args?: unknown }).args ?? [])
      : args.length === 2 && typeof args[1] === 'object' && args[1] !== null && !Array.isArray(args[1])
        ? args[1]
        : args.slice(1);
  return message.replace(/\{([^}]+)\}/g, (match, key: string) => {
    const value = (values as Record<string, unknown>)[key];
    return value === undefined ? match : String(value);
  });
}

/** Settings as VS Code's configuration service nests them: `paperNotes.files.include` → `{ paperNotes: { files: { include } } }`. */
function settingsTree(manifest: Manifest, settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(manifest.contributes?.configuration?.properties ?? {})) flat[key] = schema.default;
  Object.assign(flat, settings);
  // Tests and benchmarks never touch the internet (see ARCHITECTURE.md): not overridable.
  flat['paperNotes.online.enabled'] = false;
  const tree: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return tree;
}

function lookUp(tree: unknown, key: string | undefined): unknown {
  if (!key) return tree;
  let node = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A `WorkspaceConfiguration` as VS Code builds it: get/has/inspect/update, and the section's values mixed in. */
function configurationSection(tree: Record<string, unknown>, section: string | undefined): Record<string, unknown> {
  const values = lookUp(tree, section);
  const copy = <T>(value: T): T => (value === undefined ? value : (structuredClone(value) as T));
  const configuration: Record<string, unknown> = {
    has: (key: string) => lookUp(values, key) !== undefined,
    get: (key: string, defaultValue?: unknown) => {
      const value = lookUp(values, key);
      return value === undefined ? defaultValue : copy(value);
    },
    inspect: (key: string) => ({ key: section ? `${section}.${key}` : key, defaultValue: copy(lookUp(values, key)) }),
    update: () => Promise.reject(new Error('fake vscode: settings are read-only in the bench')),
  };
  if (typeof values === 'object' && values !== null) {
    for (const [key, value] of Object.entries(values)) if (!(key in configuration)) configuration[key] = copy(value);
  }
  return configuration;
}

interface FakeVscodeOptions {
  readonly extensionPath: string;
  readonly manifest: Manifest;
  readonly workspaceFolder: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Every implemented API call, by name (for the run's timeline). */
  readonly onCall: (name: string) => void;
  readonly onProblem: (problem: string) => void;
  readonly onStub: (name: string) => void;
  readonly onUnimplemented: (name: string) => void;
}

interface FakeVscode {
  /** What `require('vscode')` returns. */
  readonly api: Record<string, unknown>;
  /** Every line written to the extension's output channels. */
  readonly output: string[];
  readonly unimplementedUsed: Set<string>;
}

/** Property names asked of any object in passing (promise checks, inspection): answered "absent", never an error. */
const INCIDENTAL = new Set(['then', 'toJSON', 'constructor', 'inspect', 'asymmetricMatch', 'nodeType', '$$typeof', 'prototype', 'default']);

/** `members`, with a fallback for members it lacks: stubs for `on…`/`register…` (if `stubs`), else an error. */
function withFallback<T extends Record<string, unknown>>(where: string, members: T, options: FakeVscodeOptions, unimplementedUsed: Set<string>, stubs: boolean): T {
  const fallback = new Proxy(Object.create(null) as object, {
    get(_target, property) {
      if (typeof property === 'symbol' || INCIDENTAL.has(property)) return undefined;
      const name = `${where}.${property}`;
      if (stubs && /^on[A-Z]/.test(property)) {
        options.onStub(name);
        return quietEvent();
      }
      if (stubs && /^register[A-Z]/.test(property)) {
        options.onStub(name);
        return () => {
          options.onCall(name);
          return new Disposable(() => undefined);
        };
      }
      options.onUnimplemented(name);
      unimplementedUsed.add(name);
      throw new Error(`fake vscode: ${name} is not implemented (bench/activation.ts)`);
    },
  });
  Object.setPrototypeOf(members, fallback);
  return members;
}

function createFakeVscode(options: FakeVscodeOptions): FakeVscode {
  const output: string[] = [];
  const unimplementedUsed = new Set<string>();
  const call = options.onCall;
  const tree = settingsTree(options.manifest, options.settings);
  const folderUri = Uri.file(options.workspaceFolder);
  const workspaceFolders = [{ uri: folderUri, name: path.basename(options.workspaceFolder), index: 0 }];
  const contributedViews = new Set(Object.values(options.manifest.contributes?.views ?? {}).flatMap((views) => views.map((view) => view.id)));
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const disposable = () => new Disposable(() => undefined);
  const ns = <T extends Record<string, unknown>>(where: string, members: T) => withFallback(where, members, options, unimplementedUsed, true);

  function outputChannel(name: string, log: boolean): Record<string, unknown> {
    const write = (level: string) => (message: unknown, ...args: unknown[]) => {
      const text = `[${level}] ${message instanceof Error ? (message.stack ?? message.message) : String(message)}${args.length ? ` ${args.map(String).join(' ')}` : ''}`;
      output.push(`${name} ${text}`);
      if (level === 'warning' || level === 'error') options.onProblem(`${name} ${text}`);
    };
    const channel: Record<string, unknown> = {
      name,
      append: (value: string) => output.push(`${name} ${value}`),
      appendLine: (value: string) => output.push(`${name} ${value}`),
      replace: (value: string) => output.push(`${name} ${value}`),
      clear: () => undefined,
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
    };
    if (log) {
      Object.assign(channel, {
        logLevel: LogLevel.Info,
        onDidChangeLogLevel: quietEvent<number>(),
        trace: write('trace'),
        debug: write('debug'),
        info: write('info'),
        warn: write('warning'),
        error: write('error'),
      });
    }
    return withFallback(`OutputChannel`, channel, options, unimplementedUsed, true);
  }

  const shown = (level: string) => (message: string) => {
    call(`vscode.window.show${level}Message`);
    if (level !== 'Information') options.onProblem(`showed ${level.toLowerCase()}: ${message}`);
    output.push(`[shown ${level.toLowerCase()}] ${message}`);
    return Promise.resolve(undefined);
  };

  const window = ns('vscode.window', {
    createOutputChannel: (name: string, languageIdOrOptions?: string | { log: true }) => {
      call('vscode.window.createOutputChannel');
      return outputChannel(name, typeof languageIdOrOptions === 'object' && languageIdOrOptions?.log === true);
    },
    createTreeView: (viewId: string, viewOptions: { treeDataProvider?: { onDidChangeTreeData?: FakeEvent<unknown> } }) => {
      call('vscode.window.createTreeView');
      if (!contributedViews.has(viewId)) throw new Error(`No view is registered with id: ${viewId}`);
      if (!viewOptions?.treeDataProvider) throw new Error('Options with treeDataProvider is mandatory');
      // The view is not visible (its container is closed), so VS Code asks for no children yet.
      const listening = viewOptions.treeDataProvider.onDidChangeTreeData?.(() => undefined);
      return withFallback(
        'TreeView',
        {
          visible: false,
          selection: [],
          onDidExpandElement: quietEvent(),
          onDidCollapseElement: quietEvent(),
          onDidChangeSelection: quietEvent(),
          onDidChangeVisibility: quietEvent(),
          onDidChangeCheckboxState: quietEvent(),
          reveal: () => Promise.resolve(),
          dispose: () => listening?.dispose(),
        },
        options,
        unimplementedUsed,
        true,
      );
    },
    showInformationMessage: shown('Information'),
    showWarningMessage: shown('Warning'),
    showErrorMessage: shown('Error'),
    setStatusBarMessage: () => disposable(),
    withProgress: <R>(_options: unknown, task: (progress: { report(value: unknown): void }, token: unknown) => Thenable<R>) => {
      call('vscode.window.withProgress');
      return Promise.resolve(task({ report: () => undefined }, new CancellationTokenSource().token));
    },
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: withFallback('vscode.window.tabGroups', { all: [], activeTabGroup: undefined, onDidChangeTabs: quietEvent(), onDidChangeTabGroups: quietEvent() }, options, unimplementedUsed, true),
    state: { focused: true, active: true },
    showTextDocument: () => Promise.reject(new Error('fake vscode: no editors in the bench')),
  });

  const workspace = ns('vscode.workspace', {
    workspaceFolders,
    name: workspaceFolders[0].name,
    workspaceFile: undefined,
    rootPath: options.workspaceFolder,
    isTrusted: true,
    textDocuments: [],
    notebookDocuments: [],
    getConfiguration: (section?: string) => {
      call(`vscode.workspace.getConfiguration(${section === undefined ? '' : JSON.stringify(section)})`);
      return configurationSection(tree, section);
    },
    getWorkspaceFolder: (uri: URI) => workspaceFolders.find((folder) => uri.scheme === 'file' && (uri.fsPath === folder.uri.fsPath || uri.fsPath.startsWith(folder.uri.fsPath + path.sep))),
    createFileSystemWatcher: () => {
      call('vscode.workspace.createFileSystemWatcher');
      return { ignoreCreateEvents: false, ignoreChangeEvents: false, ignoreDeleteEvents: false, onDidCreate: quietEvent(), onDidChange: quietEvent(), onDidDelete: quietEvent(), dispose: () => undefined };
    },
    applyEdit: () => Promise.resolve(false),
    openTextDocument: () => Promise.reject(new Error('fake vscode: no documents in the bench')),
    fs: withFallback('vscode.workspace.fs', {}, options, unimplementedUsed, false),
  });

  const languages = ns('vscode.languages', {
    match: (selector: unknown, document: { languageId: string; uri: URI }) => {
      const filters = Array.isArray(selector) ? selector : [selector];
      return Math.max(
        0,
        ...filters.map((filter: string | { language?: string; scheme?: string; pattern?: unknown }) => {
          if (typeof filter === 'string') return filter === '*' ? 5 : filter === document.languageId ? 10 : 0;
          if (filter.language !== undefined && filter.language !== '*' && filter.language !== document.languageId) return 0;
          if (filter.scheme !== undefined && filter.scheme !== '*' && filter.scheme !== document.uri.scheme) return 0;
          return filter.language === '*' || filter.scheme === '*' ? 5 : 10;
        }),
      );
    },
    createDiagnosticCollection: (name?: string) => {
      call('vscode.languages.createDiagnosticCollection');
      const entries = new Map<string, unknown[]>();
      return {
        name,
        set: (uri: URI, diagnostics: unknown[]) => entries.set(uri.toString(), diagnostics),
        delete: (uri: URI) => entries.delete(uri.toString()),
        clear: () => entries.clear(),
        get: (uri: URI) => entries.get(uri.toString()),
        has: (uri: URI) => entries.has(uri.toString()),
        forEach: () => undefined,
        dispose: () => entries.clear(),
      };
    },
    getDiagnostics: () => [],
  });

  const vscodeCommands = ns('vscode.commands', {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown, thisArg?: unknown) => {
      call('vscode.commands.registerCommand');
      if (commands.has(id)) throw new Error(`command '${id}' already exists`);
      commands.set(id, (...args) => handler.apply(thisArg, args));
      return new Disposable(() => commands.delete(id));
    },
    executeCommand: (id: string, ...args: unknown[]) => {
      const handler = commands.get(id);
      return handler ? Promise.resolve(handler(...args)) : Promise.reject(new Error(`command '${id}' not found`));
    },
    getCommands: () => Promise.resolve([...commands.keys()]),
  });

  const env = ns('vscode.env', {
    appName: 'Visual Studio Code',
    appHost: 'desktop',
    appRoot: '',
    language: 'en',
    machineId: 'paper-notes-bench',
    sessionId: 'paper-notes-bench',
    uriScheme: 'vscode',
    uiKind: 1,
    remoteName: undefined,
    shell: '/bin/sh',
    isNewAppInstall: false,
    isTelemetryEnabled: false,
    logLevel: LogLevel.Info,
    clipboard: { readText: () => Promise.resolve(''), writeText: () => Promise.resolve() },
    // Never leaves the machine.
    openExternal: () => Promise.resolve(false),
    asExternalUri: (uri: URI) => Promise.resolve(uri),
  });

  const api = withFallback(
    'vscode',
    {
      // The interop helpers (tsc's __importStar, esbuild's __toESM) then use this object as is,
      // so a missing member reaches the fallback below instead of reading `undefined` off a copy.
      __esModule: true,
      version: '1.100.0',
      env,
      window,
      workspace,
      languages,
      commands: vscodeCommands,
      l10n: { t: l10nT, bundle: undefined, uri: undefined },
      Uri,
      Disposable,
      EventEmitter,
      CancellationTokenSource,
      CancellationError,
      Position,
      Range,
      Location,
      RelativePattern,
      TreeItem,
      ThemeIcon,
      MarkdownString,
      CompletionItem,
      CodeLens,
      DocumentLink,
      InlayHint,
      CallHierarchyItem,
      TypeHierarchyItem,
      SymbolInformation,
      CodeAction,
      Diagnostic,
      CodeActionKind,
      ...ENUMS,
      TabInputText,
      TabInputTextDiff,
      TabInputCustom,
      TabInputNotebook,
      LogLevel,
      ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
      TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
      DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
      DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
      ExtensionMode: { Production: 1, Development: 2, Test: 3 },
      ExtensionKind: { UI: 1, Workspace: 2 },
      UIKind: { Desktop: 1, Web: 2 },
      ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
      FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
      EndOfLine: { LF: 1, CRLF: 2 },
      NotebookCellKind: { Markup: 1, Code: 2 },
    },
    options,
    unimplementedUsed,
    false,
  );
  return { api, output, unimplementedUsed };
}

interface FakeExtensionContext {
  readonly subscriptions: FakeDisposable[];
  readonly [key: string]: unknown;
}

function memento(): Record<string, unknown> {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: (key: string, defaultValue?: unknown) => (values.has(key) ? values.get(key) : defaultValue),
    update: (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
      return Promise.resolve();
    },
    setKeysForSync: () => undefined,
  };
}

function createExtensionContext(setup: RunSetup): FakeExtensionContext {
  const extensionUri = Uri.file(setup.extensionPath);
  const globalStorageUri = Uri.file(setup.globalStorage);
  const id = `${setup.manifest.publisher ?? 'publisher'}.${setup.manifest.name ?? 'extension'}`;
  const context: FakeExtensionContext = {
    subscriptions: [],
    extensionPath: setup.extensionPath,
    extensionUri,
    asAbsolutePath: (relative: string) => path.join(setup.extensionPath, relative),
    globalStorageUri,
    globalStoragePath: setup.globalStorage,
    // Workspace storage and logs: VS Code creates neither folder before the extension does.
    storageUri: Uri.joinPath(globalStorageUri, 'workspace'),
    storagePath: path.join(setup.globalStorage, 'workspace'),
    logUri: Uri.joinPath(globalStorageUri, 'logs'),
    logPath: path.join(setup.globalStorage, 'logs'),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: quietEvent() },
    environmentVariableCollection: { persistent: true, replace: () => undefined, append: () => undefined, prepend: () => undefined, get: () => undefined, forEach: () => undefined, delete: () => undefined, clear: () => undefined },
    extensionMode: 1,
    extension: { id, extensionUri, extensionPath: setup.extensionPath, isActive: false, packageJSON: setup.manifest, extensionKind: 2, exports: undefined },
  };
  return context;
}
