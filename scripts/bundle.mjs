// Bundles the client and the language server with esbuild. tsc -b type-checks; this only bundles,
// so the shipped extension and the standalone server are single files with no node_modules.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ES module builds first: jsonc-parser's UMD "main" requires its parts at run time, which a
  // bundle cannot resolve; its "module" build is plain imports.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The shebang lets `npx paper-notes-server --stdio` run the bundle directly.
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  // Large bibliographies are parsed on a worker thread (server/src/host/bibliographyReader.ts).
  { ...common, entryPoints: ['server/src/host/bibliographyWorker.ts'], outfile: 'dist/bibliographyWorker.js' },
  // Notes read from disk are analysed on worker threads (server/src/host/noteAnalyser.ts).
  { ...common, entryPoints: ['server/src/host/noteAnalysisWorker.ts'], outfile: 'dist/noteAnalysisWorker.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/server.js', 0o755);
}
