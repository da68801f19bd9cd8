// `npm start`: try Paper Notes at once. Packages the extension, starts code-server (a real VS
// Code in the browser) with it installed on a fresh copy of samples/, and prints the URL.
// Online arXiv lookups are on, as for a user. Ctrl+C stops it.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO, ensureTools, startCodeServer, stopOnSignals } from './codeServer.mjs';
import { VSIX_PATH } from './vsixPath.mjs';

ensureTools();
const packaged = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'editor', 'package.mjs')], { stdio: 'inherit' });
if (packaged.status !== 0) process.exit(packaged.status ?? 1);
const port = Number(process.env.PORT ?? 8080);
const server = await startCodeServer({
  workspace: path.join(REPO, 'samples'),
  vsix: VSIX_PATH,
  port,
  settings: { 'paperNotes.online.enabled': true },
  // A user's editor: online lookups and the extension store are reachable.
  offline: false,
  log: (line) => console.log(`[start] ${line}`),
});
console.log(`\nPaper Notes is running in VS Code at ${server.url}/?folder=${encodeURIComponent(server.folder)}`);
console.log(`(a copy of samples/ in ${server.folder}; Ctrl+C stops it)\n`);
// Stopping the product is its normal end.
stopOnSignals(() => server.stop(), 0);
