// The .vsix `npm run package` writes (the walk-through and `npm start` install it), and the one
// way the scripts run vsce.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from './codeServer.mjs';

export const VSIX_PATH = path.join(REPO, 'dist', 'paper-notes.vsix');

/** Runs the project's @vscode/vsce with `args` in `cwd`; `stdio` as for spawnSync. */
export function runVsce(args, { cwd = REPO, stdio = 'inherit' } = {}) {
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  return spawnSync(process.execPath, [vsce, ...args], { cwd, stdio, encoding: 'utf8' });
}
