// `npm run test:editor`: the mocha suite in test/editor/suite runs inside code-server's real
// extension host (the extensionTestsPath mechanism of @vscode/test-electron, passed as the web
// workbench's payload), against a copy of test/fixtures/workspace. Headless Chromium is only the
// window; the suite reports through the workbench's automation hooks and its exit code is ours.
import * as path from 'node:path';
import * as util from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { REPO, ensureTools, launchBrowser, startCodeServer, stopOnSignals } from './codeServer.mjs';

const SUITE = path.join(REPO, 'out', 'test', 'editor', 'suite', 'index.js');
const WORKSPACE = path.join(REPO, 'test', 'fixtures', 'workspace');
/** Turns a hang into a failure; the suite itself takes seconds. */
const HANG_MS = Number(process.env.EDITOR_TEST_TIMEOUT_MS ?? 300_000);
/** The workbench's own chatter that says nothing about the extension. */
const NOISE = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate)\]|autoUpdateBuiltinExtensions|checkForUpdates|marketplace|gallery/i;

ensureTools();
const server = await startCodeServer({ workspace: WORKSPACE, smokeTestDriver: true, log: (line) => console.log(`[editor tests] ${line}`) });
const profile = mkdtempSync(path.join(os.tmpdir(), 'paper-notes-chromium-'));
stopOnSignals(async () => {
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
});
let code = 1;
try {
  const context = await launchBrowser(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && /paper-notes|Paper Notes|paperNotes/i.test(message.text())) errors.push(message.text());
  });
  let exit;
  const exited = new Promise((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const text = util.format(...(args ?? []));
    if (!NOISE.test(text)) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (exitCode) => exit(exitCode));
  const host = new URL(server.url).host;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${host}${encodeURI(REPO)}`],
    ['extensionTestsPath', `vscode-remote://${host}${encodeURI(SUITE)}`],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.folder)}&payload=${encodeURIComponent(payload)}`);
  let timer;
  const result = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)))]);
  clearTimeout(timer);
  if (result === 'hang') {
    const shot = path.join(REPO, 'out', 'editor-tests-hang.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`[editor tests] no result after ${HANG_MS / 1000} s; screenshot ${shot}`);
    console.error(server.output.join('').slice(-4000));
  }
  // The extension's errors in the browser fail the run even when the suite passed.
  if (errors.length) console.error(`[editor tests] the extension's errors in the browser:\n${errors.join('\n')}`);
  code = result === 0 && errors.length === 0 ? 0 : 1;
  await context.close();
} finally {
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`[editor tests] ${code === 0 ? 'passed' : 'FAILED'}`);
process.exit(code);
