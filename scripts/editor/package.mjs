// `npm run package`: the .vsix that ships, built from what `npm run build` made and what
// .vscodeignore allows (bundles, catalog, seeds, grammar, media, translations, documents).
// The UI walk-through installs exactly this file.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { REPO } from './codeServer.mjs';

import { VSIX_PATH as VSIX, runVsce } from './vsixPath.mjs';

// What ships is minified, without source maps: a smaller download and a faster start.
const bundled = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'bundle.mjs'), '--production'], { cwd: REPO, stdio: 'inherit' });
if (bundled.status !== 0) process.exit(bundled.status ?? 1);

const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
// Relative links stay relative: the README's screenshots ship in the package (see
// .vscodeignore), so the extension's page in VS Code shows them without a network.
const result = runVsce(['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', VSIX]);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`[package] ${path.relative(REPO, VSIX)} (version ${version}, ${Math.round(statSync(VSIX).size / 1024)} KB)`);
