// `npm run test:ui`: a user's walk through Paper Notes in a real VS Code (code-server) with the
// packaged .vsix installed, driven in headless Chromium: open a Chinese note, hover an arXiv ID
// and read the card, type a citation trigger and accept a completion, open the Topics view and
// expand a seeded topic, run "Search Papers". Once in English, once with the display language
// set to zh-cn (checking Chinese labels). Screenshots go to docs/screenshots/ (the README's);
// the run fails, printing the browser console's extension errors, if any step does not hold.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, ensureTools, launchBrowser, startCodeServer, stopOnSignals } from './codeServer.mjs';
import { VSIX_PATH, runVsce } from './vsixPath.mjs';

const WORKSPACE = path.join(REPO, 'samples');
/** The README's screenshots are replaced only when asked (UPDATE_SCREENSHOTS=1): PNGs differ run to run. */
const SHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(REPO, 'docs', 'screenshots') : path.join(REPO, 'out', 'screenshots');
/** The note opened, an ID in it, and what the walk-through expects to see. */
const SCENARIO = {
  note: '2026-W45.md',
  id: '2106.09685',
  hoverTitle: 'LoRA: Low-Rank Adaptation of Large Language Models',
  trigger: '参见 [@低秩',
  completionLabel: 'LoRA: Low-Rank Adaptation',
  inserted: '[@huLoRALowRank2021]',
  topicPath: ['LLM_Paper_Reading', 'LLM的关键技术', '2.4 PEFT'],
  topicPaper: 'LoRA',
  search: '低秩',
  searchHit: 'LoRA',
};
const STEP_MS = 60_000;

function nls(locale) {
  const file = path.join(REPO, locale === 'en' ? 'package.nls.json' : `package.nls.${locale}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/** The labels the UI shows in a locale, read from package.json and its translations. */
function uiLabels(locale) {
  const table = { ...nls('en'), ...(locale === 'en' ? {} : nls(locale)) };
  const text = (value) => value?.replace(/^%(.+)%$/, (_, key) => table[key] ?? value);
  const { contributes } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const search = contributes.commands.find((command) => command.command === 'paperNotes.searchPapers');
  const english = 'Title, author, arXiv ID or Chinese keywords';
  const bundle = path.join(REPO, 'l10n', `bundle.l10n.${locale}.json`);
  return {
    searchPlaceholder: locale === 'en' || !existsSync(bundle) ? english : JSON.parse(readFileSync(bundle, 'utf8'))[english] ?? english,
    container: text(contributes.viewsContainers.activitybar[0].title),
    view: text(contributes.views.paperNotes[0].name),
    searchPapers: text(search.title),
  };
}

/**
 * VS Code shows a display language only when a language pack declares it, and the marketplace's
 * cannot be downloaded here: a test fixture declares zh-cn (translating nothing of VS Code), so
 * the extension's own Chinese is what the run checks.
 */
function languagePack(folder) {
  const out = path.join(folder, 'zh-cn-language-pack.vsix');
  const packed = runVsce(['package', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: path.join(REPO, 'test', 'fixtures', 'zh-cn-language-pack'), stdio: 'pipe' });
  if (packed.status !== 0) throw new Error(`could not package the test language pack:\n${packed.stdout}\n${packed.stderr}`);
  return out;
}

async function walk(locale) {
  const labels = uiLabels(locale);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'paper-notes-walk-'));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'paper-notes-chromium-'));
  let server;
  let context;
  const cleanUp = async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  stopOnSignals(cleanUp);
  try {
    const extensions = locale === 'en' ? [VSIX_PATH] : [VSIX_PATH, languagePack(scratch)];
    server = await startCodeServer({ workspace: WORKSPACE, vsix: extensions, locale: locale === 'en' ? undefined : locale, log: (line) => console.log(`[walk-through ${locale}] ${line}`) });
    context = await launchBrowser(profile, { locale: locale === 'en' ? 'en-US' : 'zh-CN' });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (error) => errors.push(`page error: ${error}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /paper-notes|Paper Notes|paperNotes|论文笔记/i.test(message.text())) errors.push(message.text());
    });
    const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}${locale === 'en' ? '' : `.${locale}`}.png`) });
    const step = async (name, action) => {
      try {
        await action();
        console.log(`[walk-through ${locale}] ✔ ${name}`);
      } catch (error) {
        const failures = path.join(REPO, 'out', 'walkthrough-failures');
        mkdirSync(failures, { recursive: true });
        await page.screenshot({ path: path.join(failures, `${locale}-${name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
        throw new Error(`${name}: ${error.message}${errors.length ? `\nextension errors in the browser:\n${errors.join('\n')}` : ''}`);
      }
    };
    const runCommand = async (title) => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill(`>${title}`);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: STEP_MS });
      await page.keyboard.press('Enter');
    };
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: STEP_MS });

    await step('open a Chinese note', async () => {
      await page.keyboard.press('Control+P');
      await page.keyboard.type(SCENARIO.note);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: SCENARIO.note }).first().waitFor({ timeout: STEP_MS });
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-line', { hasText: SCENARIO.id }).first().waitFor({ timeout: STEP_MS });
    });

    await step('hover an arXiv ID and read the card', async () => {
      // The server answers once the notes are indexed: hover until the card is there. The
      // editor re-renders lines as it decorates links, so the ID is found afresh each time.
      const deadline = Date.now() + STEP_MS;
      let text = '';
      while (!text.includes(SCENARIO.hoverTitle) && Date.now() < deadline) {
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
        const box = await textBox(page, SCENARIO.id).catch(() => undefined);
        if (!box) continue;
        await page.mouse.move(box.x, box.y + 40);
        await page.mouse.move(box.x, box.y, { steps: 4 });
        text = await page.locator('.monaco-hover:visible').first().innerText({ timeout: 3000 }).catch(() => '');
      }
      if (!text.includes(SCENARIO.hoverTitle)) throw new Error(`the hover card did not show "${SCENARIO.hoverTitle}" (last: ${text})`);
      // The server speaks the display language: its own labels, not the notes' Chinese, tell.
      const yourNotes = locale === 'en' ? 'Your notes' : '你的笔记';
      if (!text.includes(yourNotes)) throw new Error(`the hover card's labels are not in ${locale} (no "${yourNotes}"): ${text}`);
      await shot('hover');
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    });

    await step('type a citation trigger and accept a completion', async () => {
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type(SCENARIO.trigger);
      const suggestion = page.locator('.suggest-widget .monaco-list-row').first();
      await suggestion.waitFor({ timeout: STEP_MS });
      // The highlighted suggestion is the one Enter accepts: it must be LoRA itself.
      await page.locator('.suggest-widget .monaco-list-row.focused', { hasText: SCENARIO.completionLabel }).first().waitFor({ timeout: STEP_MS });
      await shot('completion');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-line', { hasText: SCENARIO.inserted }).first().waitFor({ timeout: STEP_MS });
    });

    await step('open the Topics view and expand a seeded topic', async () => {
      await page.locator(`.activitybar a[aria-label^="${labels.container}"], .activitybar .action-label[aria-label^="${labels.container}"]`).first().click();
      const tree = page.locator('.pane-body .monaco-list-row');
      // Seed › heading › heading, down to a paper, as a reader browses.
      const path = [...SCENARIO.topicPath, SCENARIO.topicPaper];
      for (let level = 0; level < path.length - 1; level++) {
        const row = tree.filter({ hasText: path[level] }).first();
        const child = tree.filter({ hasText: path[level + 1] }).first();
        await row.waitFor({ timeout: STEP_MS });
        await row.click();
        // A tree refresh (the server tells it the notes changed, as after the completion above)
        // can land while a level loads; a reader would collapse and expand again, so does this.
        const deadline = Date.now() + STEP_MS;
        while (Date.now() < deadline) {
          if (await child.waitFor({ timeout: 10_000 }).then(() => true, () => false)) break;
          await row.click();
          await row.click();
        }
      }
      await tree.filter({ hasText: SCENARIO.topicPaper }).first().waitFor({ timeout: STEP_MS });
      // The view's own name, translated in zh-cn.
      await page.locator('.pane-header, .composite.title', { hasText: labels.view }).first().waitFor({ timeout: STEP_MS });
      await shot('topics');
    });

    await step('run "Search Papers"', async () => {
      await runCommand(labels.searchPapers);
      // The quick pick's placeholder is the client's own message (l10n/bundle.l10n.<locale>.json).
      await page.locator(`.quick-input-widget input[placeholder="${labels.searchPlaceholder}"]`).waitFor({ timeout: STEP_MS });
      await page.locator('.quick-input-widget input').fill(SCENARIO.search);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: SCENARIO.searchHit }).first().waitFor({ timeout: STEP_MS });
      await shot('search');
      await page.keyboard.press('Escape');
    });
    if (errors.length) throw new Error(`extension errors in the browser:\n${errors.join('\n')}`);
  } finally {
    await cleanUp();
  }
}

/** The middle of the first occurrence of `needle` in the editor's rendered lines. */
async function textBox(page, needle) {
  const box = await page.evaluate((needle) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf(needle);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + 2);
        range.setEnd(node, at + 4);
        const rect = range.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
    }
    return null;
  }, needle);
  if (!box) throw new Error(`${needle} is not on screen`);
  return box;
}

ensureTools();
mkdirSync(SHOTS, { recursive: true });
const locales = (process.env.WALKTHROUGH_LOCALES ?? 'en,zh-cn').split(',');
let failed = false;
for (const locale of locales) {
  try {
    await walk(locale);
  } catch (error) {
    failed = true;
    console.error(`[walk-through ${locale}] FAILED: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
