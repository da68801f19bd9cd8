/**
 * The host against a real folder on disk: after any interleaving of disk writes and deletes
 * (announced by watcher events or found by a full re-index), editors opening, editing and
 * closing notes, the index equals what an independent oracle says the workspace holds.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { BibliographyReader } from '../../server/src/host/bibliographyReader';
import { createLogger } from '../../server/src/host/logger';
import { defaultSettings } from '../../server/src/host/settings';
import { WorkspaceNotes } from '../../server/src/host/workspaceNotes';
import { pick, randomNoteText, seededRandom } from '../support/randomNotes';

const MAX_SIZE = 600;
const settings = { ...defaultSettings, exclude: [...defaultSettings.exclude, 'drafts'], maxFileSize: MAX_SIZE };
const paths = ['a.md', 'b.markdown', 'sub/c.md', 'sub/deep/d.md', 'drafts/e.md', 'node_modules/f.md', 'g.txt', '中文/笔记.md', 'Vaswani (2017).md'];
const folders = ['sub', 'sub/deep', 'drafts', '中文'];

const uriOf = (root: string, relative: string) => URI.file(path.join(root, relative)).toString();

/** What the workspace holds, decided without the host's code: the rules, written out plainly. */
function oracle(root: string, editors: Map<string, { version: number; text: string }>): WorkspaceIndex {
  const texts: Array<{ uri: string; version: number; text: string }> = [];
  for (const relative of paths) {
    const uri = uriOf(root, relative);
    const editor = editors.get(uri);
    if (editor) {
      texts.push({ uri, ...editor });
      continue;
    }
    const file = path.join(root, relative);
    const isNoteName = /\.(md|markdown)$/.test(relative) && !relative.split('/').some((segment) => segment === 'drafts' || segment === 'node_modules');
    if (!isNoteName || !existsSync(file) || statSync(file).size > MAX_SIZE) continue;
    const bytes = readFileSync(file);
    if (bytes.includes(0)) continue;
    texts.push({ uri, version: -1, text: new TextDecoder().decode(bytes) });
  }
  return WorkspaceIndex.fromDocuments(texts);
}

describe('WorkspaceNotes (host) on a real folder', () => {
  let base: string;
  before(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-host-'));
  });
  after(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  for (let seed = 1; seed <= 12; seed++) {
    it(`matches the oracle after random disk and editor events (seed ${seed})`, async () => {
      const next = seededRandom(seed);
      const root = path.join(base, `seed-${seed}`);
      await fs.mkdir(root, { recursive: true });
      const index = new WorkspaceIndex();
      const notes = new WorkspaceNotes(index, createLogger(() => undefined), settings, [URI.file(root).toString()]);
      const editors = new Map<string, { version: number; text: string }>();
      await notes.indexAll(() => undefined);

      for (let step = 0; step < 80; step++) {
        const relative = pick(next, paths);
        const file = path.join(root, relative);
        const uri = uriOf(root, relative);
        const roll = next();
        let action: string;
        if (roll < 0.35) {
          action = `write ${relative}`;
          await fs.mkdir(path.dirname(file), { recursive: true });
          const flavour = next();
          const content = flavour < 0.1 ? Buffer.from([0x61, 0x00, 0x62]) : flavour < 0.2 ? randomNoteText(next, 60) : randomNoteText(next, 1 + Math.floor(next() * 6));
          const existed = existsSync(file);
          await fs.writeFile(file, content);
          if (next() < 0.85) await notes.fileChanged(uri, existed ? 'changed' : 'created');
          else {
            action += ' unannounced, then re-index';
            await notes.indexAll(() => undefined);
          }
        } else if (roll < 0.45) {
          action = `delete ${relative}`;
          await fs.rm(file, { force: true });
          await notes.fileChanged(uri, 'deleted');
        } else if (roll < 0.5) {
          const folder = pick(next, folders);
          action = `delete folder ${folder}`;
          await fs.rm(path.join(root, folder), { recursive: true, force: true });
          await notes.fileChanged(uriOf(root, folder), 'deleted');
        } else if (roll < 0.55) {
          const folder = pick(next, folders);
          action = `move in folder ${folder}`;
          const staging = path.join(base, `staging-${seed}-${step}`);
          await fs.mkdir(staging, { recursive: true });
          await fs.writeFile(path.join(staging, path.basename(paths.find((p) => p.startsWith(`${folder}/`)) ?? 'x.md')), randomNoteText(next, 3));
          await fs.rm(path.join(root, folder), { recursive: true, force: true });
          await fs.mkdir(path.dirname(path.join(root, folder)), { recursive: true });
          await fs.rename(staging, path.join(root, folder));
          await notes.fileChanged(uriOf(root, folder), 'created');
        } else if (roll < 0.8) {
          const version = (editors.get(uri)?.version ?? 0) + 1;
          action = `editor ${relative} v${version}`;
          const text = randomNoteText(next, 1 + Math.floor(next() * 5));
          editors.set(uri, { version, text });
          notes.setEditorText(uri, version, text);
        } else if (roll < 0.95) {
          action = `close ${relative}`;
          if (editors.delete(uri)) await notes.closeEditor(uri);
        } else {
          action = 're-index';
          await notes.indexAll(() => undefined);
        }
        notes.flush();
        assert.deepEqual(index.snapshot(), oracle(root, editors).snapshot(), `seed ${seed}, step ${step}: ${action}`);
      }
    });
  }

  it('keeps a note created, or opened, while the first index is being built', async () => {
    const root = path.join(base, 'during-index');
    await fs.mkdir(path.join(root, 'many'), { recursive: true });
    for (let i = 0; i < 200; i++) await fs.writeFile(path.join(root, 'many', `n${i}.md`), `arXiv:2106.09685 note ${i}`);
    const index = new WorkspaceIndex();
    const notes = new WorkspaceNotes(index, createLogger(() => undefined), defaultSettings, [URI.file(root).toString()]);
    const run = notes.indexAll(() => undefined);
    const created = path.join(root, 'created-meanwhile.md');
    await fs.writeFile(created, 'arXiv:1706.03762');
    await notes.fileChanged(URI.file(created).toString(), 'created');
    const opened = URI.file(path.join(root, 'many', 'n150.md')).toString();
    notes.setEditorText(opened, 3, 'edited in the editor: arXiv:2005.14165');
    await run;
    notes.flush();
    assert.deepEqual(index.notesMentioning('arxiv:1706.03762'), [URI.file(created).toString()]);
    assert.equal(index.getDocument(opened)?.version, 3, 'the editor text wins over the disk read');
    assert.equal(index.documentCount, 201);
  });
});

describe('WorkspaceNotes: the first index reads references first, then entries', () => {
  const table = (i: number) =>
    `# 阅读记录 ${i}\n\n| 论文 | 简介 |\n|---|---|\n| [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685) | 低秩适配 ${'很好 '.repeat(40 * (i % 3))} |\n\n\`arXiv:1706.03762\` is code; arXiv:2005.14165 is not.\n`;

  it('answers references for every note before any entry is read, and ends with every entry', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-passes-'));
    try {
      for (let i = 0; i < 30; i++) await fs.writeFile(path.join(root, `n${i}.md`), table(i));
      const index = new WorkspaceIndex();
      const notes = new WorkspaceNotes(index, createLogger(() => undefined), defaultSettings, [URI.file(root).toString()]);
      const passes: string[] = [];
      let atReferences: Array<{ pending: boolean; references: string[] }> = [];
      let entriesAtReferences = -1;
      const changed = path.join(root, 'n7.md');
      const summary = await notes.indexAll(
        (_done, _total, pass) => passes.push(pass),
        () => false,
        () => {
          atReferences = [...index.uris()].map((uri) => ({ pending: index.getDocument(uri)?.entriesPending === true, references: index.getDocument(uri)?.references.map((r) => r.key) ?? [] }));
          entriesAtReferences = index.entriesOf('arxiv:2106.09685').length;
          // Written between the passes and never announced: the second pass reads the file again.
          writeFileSync(changed, '- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n');
        },
      );
      assert.equal(atReferences.length, 30);
      assert.ok(atReferences.every((note) => note.pending));
      assert.ok(atReferences.every((note) => note.references.join() === 'arxiv:2106.09685,arxiv:2005.14165'), JSON.stringify(atReferences[0]));
      assert.equal(entriesAtReferences, 0);
      assert.deepEqual([...new Set(passes)], ['references', 'entries']);
      assert.equal(passes.filter((pass) => pass === 'references').length, 30);
      assert.equal(passes.filter((pass) => pass === 'entries').length, 30);
      assert.ok([...index.uris()].every((uri) => index.getDocument(uri)?.entriesPending === undefined));
      assert.equal(index.entriesOf('arxiv:2106.09685').length, 29);
      assert.deepEqual(index.entriesOf('arxiv:1706.03762').map((entry) => entry.uri), [URI.file(changed).toString()]);
      assert.ok(summary.referencesMs <= summary.durationMs);
      assert.deepEqual(index.snapshot(), WorkspaceIndex.fromDocuments([...index.uris()].map((uri) => ({ uri, version: -1, text: readFileSync(URI.parse(uri).fsPath, 'utf8') }))).snapshot());

      // A re-index never hides what is known: notes already indexed are read in full at once.
      let pendingAtReindex = -1;
      await notes.indexAll(() => undefined, () => false, () => {
        pendingAtReindex = [...index.uris()].filter((uri) => index.getDocument(uri)?.entriesPending).length;
      });
      assert.equal(pendingAtReindex, 0);
      await notes.dispose();
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('reads bibliographies beside both passes, and is not settled until they are read', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-passes-bib-'));
    try {
      for (let i = 0; i < 5; i++) await fs.writeFile(path.join(root, `n${i}.md`), table(i) + 'See [@hu2021lora].\n');
      await fs.writeFile(path.join(root, 'references.bib'), '@article{hu2021lora, title={LoRA}, eprint={2106.09685}, archivePrefix={arXiv}}\n');
      let release: () => void = () => undefined;
      let held = true;
      const released = new Promise<void>((resolve) => (release = resolve)).then(() => (held = false));
      // Were the passes to wait for the bibliography, this lets the test fail instead of hang.
      const failSafe = setTimeout(() => release(), 5_000);
      // A reader that holds the parse until the test lets it go: a reference manager's large export.
      const slowReader = new (class extends BibliographyReader {
        override async parseFile(...args: Parameters<BibliographyReader['parseFile']>) {
          await released;
          return super.parseFile(...args);
        }
      })(createLogger(() => undefined));
      const index = new WorkspaceIndex();
      const notes = new WorkspaceNotes(index, createLogger(() => undefined), defaultSettings, [URI.file(root).toString()], undefined, undefined, slowReader);
      let atReferences: { settled: boolean; bibliographies: number } | undefined;
      let entriesWhileHeld = 0;
      const run = notes.indexAll(
        (_done, _total, pass) => {
          if (pass === 'entries' && held) entriesWhileHeld++;
          if (entriesWhileHeld === 5) release();
        },
        () => false,
        () => (atReferences = { settled: !notes.readingBibliographies, bibliographies: index.bibliographyCount }),
      );
      await run;
      clearTimeout(failSafe);
      assert.equal(entriesWhileHeld, 5, 'the entries of every note were read while the bibliography was still being parsed');
      assert.deepEqual(atReferences, { settled: false, bibliographies: 0 });
      assert.equal(index.bibliographyCount, 1);
      assert.equal(notes.readingBibliographies, false);
      assert.ok(index.definesCitekey('citekey:hu2021lora'));
      // A re-index keeps the bibliography's keys while it is read again: citation keys can still be checked.
      let settledAtReindex = false;
      await notes.indexAll(() => undefined, () => false, () => (settledAtReindex = !notes.readingBibliographies));
      assert.equal(settledAtReindex, true);
      await notes.dispose();
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('WorkspaceNotes with bibliography files', () => {
  let root: string;
  const bigLibrary = (tag: string, entries = 400) =>
    Array.from({ length: entries }, (_, i) => `@misc{${tag}${i},\n  title = {Paper ${i} about {LaTeX} \\& graphs},\n  author = {M{\\"u}ller, J{\\"u}rgen},\n  year = {2020},\n}\n`).join('\n');
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-bib-host-'));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const start = (folder: string, told: { bibliographies: string[] } = { bibliographies: [] }) => {
    const index = new WorkspaceIndex();
    const notes = new WorkspaceNotes(index, createLogger(() => undefined), defaultSettings, [URI.file(folder).toString()], () => undefined, (uri) => told.bibliographies.push(uri));
    return { index, notes, told };
  };

  it('reads a UTF-16 bibliography (with its BOM) instead of skipping it as binary', async () => {
    const folder = path.join(root, 'utf16');
    await fs.mkdir(folder);
    const text = '@misc{wang2020,\n  title = {中文标题},\n  eprint = {2106.09685}, archivePrefix = {arXiv},\n}\n';
    await fs.writeFile(path.join(folder, 'refs.bib'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { index, notes } = start(folder);
    const summary = await notes.indexAll(() => undefined);
    assert.equal(summary.skipped, 0);
    assert.deepEqual(index.bibliographyEntriesOf('arxiv:2106.09685').map(({ entry }) => [entry.citekey, entry.title]), [['wang2020', '中文标题']]);
    await notes.dispose();
  });

  it('keeps only the last of quick rewrites of a large bibliography', async () => {
    const folder = path.join(root, 'rewrites');
    await fs.mkdir(folder);
    const file = path.join(folder, 'library.bib');
    const uri = URI.file(file).toString();
    const { index, notes } = start(folder);
    const reads: Promise<void>[] = [];
    for (const tag of ['first', 'second', 'third']) {
      await fs.writeFile(file, bigLibrary(tag));
      reads.push(notes.fileChanged(uri, 'changed'));
    }
    await Promise.all(reads);
    assert.deepEqual(index.bibliographyEntriesOf('citekey:third0').length, 1);
    assert.deepEqual(index.bibliographyEntriesOf('citekey:first0'), []);
    assert.equal(index.getBibliography(uri)?.entries.length, 400);
    await notes.dispose();
  });

  it('never indexes a bibliography whose folder was excluded while it was being parsed', async () => {
    const folder = path.join(root, 'excluded-meanwhile');
    await fs.mkdir(path.join(folder, 'refs'), { recursive: true });
    const file = path.join(folder, 'refs', 'library.bib');
    await fs.writeFile(file, bigLibrary('x'));
    const { index, notes } = start(folder);
    const reading = notes.fileChanged(URI.file(file).toString(), 'created');
    notes.updateSettings({ ...defaultSettings, exclude: [...defaultSettings.exclude, 'refs'] });
    await reading;
    assert.equal(index.bibliographyCount, 0);
    await notes.dispose();
  });

  it('tells when a file stops being a bibliography, so its problems are cleared', async () => {
    const folder = path.join(root, 'kind-change');
    await fs.mkdir(folder);
    const file = path.join(folder, 'refs.bib');
    await fs.writeFile(file, '@misc{a, title = {A}}\n@article{broken, title = {oops}\n');
    const { index, notes, told } = start(folder);
    await notes.indexAll(() => undefined);
    assert.equal(index.getBibliography(URI.file(file).toString())?.problems.length, 1);
    told.bibliographies.length = 0;
    notes.updateSettings({ ...defaultSettings, include: [...defaultSettings.include, '**/*.bib'] });
    await notes.indexAll(() => undefined);
    assert.equal(index.getBibliography(URI.file(file).toString()), undefined);
    assert.ok(index.getDocument(URI.file(file).toString()), 'now a note');
    assert.deepEqual(told.bibliographies, [URI.file(file).toString()]);
    await notes.dispose();
  });
});
