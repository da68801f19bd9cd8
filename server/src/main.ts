/**
 * The server process. In VS Code the client starts it over Node IPC; any other editor runs
 * `paper-notes-server --stdio` (the default when no transport is named).
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

const usage = `paper-notes-server: a language server for paper references in Markdown notes.

Usage: paper-notes-server [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

With no option it speaks LSP over stdin/stdout.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const namedTransport = args.some((arg) => /^--(node-ipc|socket|pipe|clientProcessId)/.test(arg));
const connection = namedTransport
  ? createConnection(ProposedFeatures.all)
  : createConnection(ProposedFeatures.all, process.stdin, process.stdout);

// A bug in one handler must not take the server down with every open note: log it and go on.
process.on('uncaughtException', (error) => connection.console.error(`Unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unexpected rejection: ${String(reason)}`));

startServer(connection);
