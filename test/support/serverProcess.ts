/**
 * Protocol-test harness: spawns the built server (dist/server.js) over stdio and speaks real
 * JSON-RPC to it, answering the requests a client must answer (registrations, progress tokens,
 * configuration) and recording what the server sends.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  ErrorCodes,
  ResponseError,
  type InitializeParams,
  type InitializeResult,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

export const SERVER = path.resolve(__dirname, '../../../dist/server.js');

export interface ServerSession {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly initializeResult: InitializeResult;
  readonly registrations: unknown[];
  readonly progress: unknown[];
  readonly logs: string[];
  /** Changes what the fake client answers to workspace/configuration. */
  setConfiguration(configuration: unknown): void;
  /** Forgets notifications of this method that arrived and were not asked for yet. */
  drain(method: string): void;
  /** Resolves with the params of the next notification of this method. */
  nextNotification<T>(method: string): Promise<T>;
  stop(): Promise<number | null>;
}

export interface ServerOptions {
  readonly rootPath: string;
  /** What the fake client answers to workspace/configuration; undefined: it does not support it. */
  readonly configuration?: unknown;
  readonly initializationOptions?: unknown;
  /** A client that refuses dynamic registration and progress tokens (the server must index anyway). */
  readonly refuseRequests?: boolean;
  /** Extra environment for the server process (the loopback arXiv test hooks). */
  readonly env?: Readonly<Record<string, string>>;
  /** The client's display language, sent as `InitializeParams.locale` (as vscode-languageclient does). */
  readonly locale?: string;
}

/**
 * Tests never touch the internet: unless a test configures `online` itself (pointing it at a
 * server on 127.0.0.1), the server is told online lookups are off, in settings and at start.
 */
function offlineUnlessSaid(settings: unknown): unknown {
  if (settings === undefined || settings === null) return { online: { enabled: false } };
  if (typeof settings !== 'object' || Array.isArray(settings)) return settings;
  const record = settings as Record<string, unknown>;
  if ('online' in record) return record;
  if (record.paperNotes && typeof record.paperNotes === 'object') return { ...record, paperNotes: offlineUnlessSaid(record.paperNotes) };
  return { ...record, online: { enabled: false } };
}

export async function startServer(given: ServerOptions): Promise<ServerSession> {
  const options: ServerOptions = {
    ...given,
    initializationOptions: offlineUnlessSaid(given.initializationOptions),
    // A client that answers null (Helix) keeps null: the server then uses initializationOptions.
    ...('configuration' in given && given.configuration != null ? { configuration: offlineUnlessSaid(given.configuration) } : {}),
  };
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...given.env } });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const registrations: unknown[] = [];
  const progress: unknown[] = [];
  const logs: string[] = [];
  const waiting = new Map<string, Array<(params: unknown) => void>>();
  const arrived = new Map<string, unknown[]>();

  connection.onRequest('client/registerCapability', (params: { registrations: unknown[] }) => {
    if (options.refuseRequests) return new ResponseError(ErrorCodes.InternalError, 'registration refused by the test client');
    registrations.push(...params.registrations);
    return null;
  });
  connection.onRequest('window/workDoneProgress/create', () =>
    options.refuseRequests ? new ResponseError(ErrorCodes.InternalError, 'progress refused by the test client') : null,
  );
  let configuration = options.configuration;
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => configuration ?? null));
  connection.onNotification('$/progress', (params: unknown) => {
    progress.push(params);
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    logs.push(params.message);
  });
  for (const method of ['paperNotes/indexReady', 'paperNotes/topicsChanged']) {
    connection.onNotification(method, (params: unknown) => {
      const resolvers = waiting.get(method);
      if (resolvers?.length) resolvers.shift()!(params);
      else arrived.set(method, [...(arrived.get(method) ?? []), params]);
    });
  }
  connection.listen();

  const rootUri = pathToFileUri(options.rootPath);
  const params: InitializeParams = {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: path.basename(options.rootPath) }],
    initializationOptions: options.initializationOptions,
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
    capabilities: {
      workspace: {
        configuration: 'configuration' in options,
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceFolders: true,
      },
      window: { workDoneProgress: true },
      textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
    },
  };
  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', params);
  await connection.sendNotification('initialized', {});

  return {
    connection,
    process: child,
    initializeResult,
    registrations,
    progress,
    logs,
    drain(method: string) {
      arrived.delete(method);
    },
    setConfiguration(value: unknown) {
      configuration = value == null ? value : offlineUnlessSaid(value);
    },
    nextNotification<T>(method: string): Promise<T> {
      const early = arrived.get(method);
      if (early?.length) return Promise.resolve(early.shift() as T);
      return new Promise<T>((resolve) => waiting.set(method, [...(waiting.get(method) ?? []), resolve as (params: unknown) => void]));
    },
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        child.kill();
      }
      const code = await exited;
      connection.dispose();
      if (code !== 0 && stderr.length) process.stderr.write(stderr.join(''));
      return code;
    },
  };
}

/** The URI a client such as VS Code would send for a file (vscode-uri's encoding). */
export function pathToFileUri(filePath: string): string {
  return URI.file(filePath).toString();
}
