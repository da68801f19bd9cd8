// `npm run test:electron`: the same mocha suite as `npm run test:editor`, in desktop VS Code
// downloaded by @vscode/test-electron — for machines that can download it (a contributor's
// laptop, public CI). These CI machines cannot, so CI runs the suite in code-server instead.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO } from './codeServer.mjs';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'paper-notes-electron-'));
cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
// Tests never touch the internet.
mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'paperNotes.online.enabled': false, 'files.autoSave': 'off' }, null, 2));
let code = 0;
try {
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out', 'test', 'editor', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
  });
} catch (error) {
  console.error(`[electron tests] ${error instanceof Error ? error.message : error}`);
  code = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
