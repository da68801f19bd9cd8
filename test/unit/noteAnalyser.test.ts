/** Notes read from disk are analysed on worker threads with the same result as in place; a missing or dying worker costs speed, never a note. */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DocumentAnalysis, analyseDocument, analyseReferences } from '../../server/src/core/documentAnalysis';
import type { Logger } from '../../server/src/host/logger';
import { NoteAnalyser } from '../../server/src/host/noteAnalyser';

function collectingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, info: (m) => messages.push(m), warn: (m) => messages.push(m), warnOnce: (_k, m) => messages.push(m) };
}

/** A note large enough to go to a worker: front matter, a table, a list, code, every reference form. */
function note(n: number): string {
  const rows = Array.from({ length: 40 }, (_, i) => `| [Paper ${n}-${i}](https://arxiv.org/abs/2106.${String(10000 + i).padStart(5, '0')}) | 低秩适配 ✡✡ doi:10.1000/x${i} |`);
  return [
    '---', `title: "Note ${n}"`, `arxiv: 1706.0376${n % 10}`, 'citekey: vaswani2017attention', '---',
    `# 阅读笔记 ${n}`, '', '| 论文 | 简介 |', '|---|---|', ...rows, '',
    '- [Attention Is All You Need](https://arxiv.org/pdf/1706.03762v7) — 见 [@hu2021lora, p. 3]', '',
    '```python', 'x = 2106.09685', '```', '', '本周读了 LoRA（arXiv：2106.09685v2），<!-- arXiv:9999.99999 -->很有用。', '',
  ].join('\n');
}

let folder: string;
let written = 0;

/** The text written to a new file and analysed through `analyseFile`, as the first index does. */
async function analyse(analyser: NoteAnalyser, uri: string, version: number, text: string): Promise<DocumentAnalysis> {
  const file = path.join(folder, `note-${++written}.md`);
  await fs.writeFile(file, text);
  const answer = await analyser.analyseFile(uri, version, file, 1024 * 1024);
  assert.equal(answer.kind, 'analysis');
  return (answer as { analysis: DocumentAnalysis }).analysis;
}

describe('NoteAnalyser', () => {
  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-analyser-'));
  });
  after(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('analyses on workers with the same result as in place, many notes at once', async () => {
    const logger = collectingLogger();
    const analyser = new NoteAnalyser(logger, undefined, 2);
    try {
      const texts = Array.from({ length: 12 }, (_, n) => note(n));
      const analyses = await Promise.all(texts.map((text, n) => analyse(analyser, `file:///ws/${n}.md`, -1, text)));
      analyses.forEach((analysis, n) => assert.deepEqual(analysis, analyseDocument(`file:///ws/${n}.md`, -1, texts[n])));
      assert.ok(analyses[0].references.length > 40 && analyses[0].entries.length > 40);
      assert.deepEqual(logger.messages, []);
    } finally {
      await analyser.dispose();
    }
  });

  it('reads and analyses files on the workers as in place, and says why a file is skipped', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'paper-notes-analyse-file-'));
    const file = (name: string) => path.join(folder, name);
    const text = note(4);
    await fs.writeFile(file('a.md'), text);
    await fs.writeFile(file('latin1.md'), Buffer.concat([Buffer.from('Caf\xe9 ', 'latin1'), Buffer.from(text)]));
    await fs.writeFile(file('binary.md'), Buffer.from([0x61, 0x00, 0x62]));
    await fs.writeFile(file('big.md'), 'x'.repeat(100 * 1024));
    const onWorkers = new NoteAnalyser(collectingLogger(), undefined, 2);
    const inPlace = new NoteAnalyser(collectingLogger(), path.join(__dirname, 'no-such-worker.js'), 2);
    try {
      for (const analyser of [onWorkers, inPlace]) {
        const ask = (name: string, referencesOnly = false) => analyser.analyseFile(`file:///ws/${name}`, -1, file(name), 64 * 1024, referencesOnly);
        assert.deepEqual(await ask('a.md'), { kind: 'analysis', analysis: analyseDocument('file:///ws/a.md', -1, text), invalidUtf8: false });
        assert.deepEqual(await ask('a.md', true), { kind: 'analysis', analysis: analyseReferences('file:///ws/a.md', -1, text), invalidUtf8: false });
        const latin1 = await ask('latin1.md');
        assert.ok(latin1.kind === 'analysis' && latin1.invalidUtf8 && latin1.analysis.references.length > 40);
        assert.deepEqual(await ask('binary.md'), { kind: 'skip', reason: 'binary', detail: 'looks binary (contains NUL bytes)' });
        assert.deepEqual(await ask('big.md'), { kind: 'skip', reason: 'too-large', detail: '100 KB is over the 64 KB limit (paperNotes.files.maxSizeKB)' });
        assert.equal(((await ask('gone.md')) as { reason: string }).reason, 'missing');
      }
      assert.equal(onWorkers.runningWorkers > 0, true, 'the workers read the files');
    } finally {
      await Promise.all([onWorkers.dispose(), inPlace.dispose()]);
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('stops idle workers and starts them again when notes arrive', async () => {
    const logger = collectingLogger();
    const analyser = new NoteAnalyser(logger, undefined, 1, 20);
    try {
      const text = note(3);
      const first = await analyse(analyser, 'file:///ws/a.md', 1, text);
      assert.equal(analyser.runningWorkers, 1);
      for (let waited = 0; analyser.runningWorkers > 0 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(analyser.runningWorkers, 0);
      const again = await analyse(analyser, 'file:///ws/a.md', 2, text);
      assert.equal(analyser.runningWorkers, 1);
      assert.deepEqual({ ...again, version: 1 }, first);
      assert.deepEqual(logger.messages, []);
    } finally {
      await analyser.dispose();
    }
  });

  it('analyses in place, with one warning, when there is no worker script', async () => {
    const logger = collectingLogger();
    const analyser = new NoteAnalyser(logger, path.join(__dirname, 'no-such-worker.js'), 2);
    const text = note(1);
    assert.deepEqual(await analyse(analyser, 'file:///ws/a.md', 1, text), analyseDocument('file:///ws/a.md', 1, text));
    await analyse(analyser, 'file:///ws/b.md', 1, text);
    assert.equal(logger.messages.filter((m) => /No note analysis worker/.test(m)).length, 1);
    await analyser.dispose();
  });

  it('starts another worker only when the running ones are busy', async () => {
    const analyser = new NoteAnalyser(collectingLogger(), undefined, 2);
    try {
      await analyse(analyser, 'file:///ws/a.md', 1, note(1));
      assert.equal(analyser.runningWorkers, 1);
      await analyse(analyser, 'file:///ws/b.md', 1, note(2));
      assert.equal(analyser.runningWorkers, 1, 'the idle worker took it');
      await Promise.all([analyse(analyser, 'file:///ws/c.md', 1, note(3)), analyse(analyser, 'file:///ws/d.md', 1, note(4))]);
      assert.equal(analyser.runningWorkers, 2);
    } finally {
      await analyser.dispose();
    }
  });

  it('does not replace a worker that died: later notes are analysed in place', async () => {
    const logger = collectingLogger();
    const analyser = new NoteAnalyser(logger, path.join(__dirname, '..', 'support', 'exitingWorker.js'), 2);
    const texts = [note(5), note(6)];
    await Promise.all(texts.map((text, n) => analyse(analyser, `file:///ws/${n}.md`, 1, text)));
    assert.equal(analyser.runningWorkers, 0);
    const warnings = logger.messages.length;
    const later = analyse(analyser, 'file:///ws/later.md', 1, texts[0]);
    assert.equal(analyser.runningWorkers, 0, 'no worker started');
    assert.deepEqual(await later, analyseDocument('file:///ws/later.md', 1, texts[0]));
    assert.equal(logger.messages.length, warnings, 'nothing more to say');
    await analyser.dispose();
  });

  it('analyses in place when the worker dies, and says so', async () => {
    const logger = collectingLogger();
    const analyser = new NoteAnalyser(logger, path.join(__dirname, '..', 'support', 'exitingWorker.js'), 1);
    const text = note(2);
    const analysis = await analyse(analyser, 'file:///ws/a.md', 1, text);
    assert.deepEqual(analysis, analyseDocument('file:///ws/a.md', 1, text));
    assert.ok(logger.messages.some((m) => /worker/.test(m)), logger.messages.join('\n'));
    await analyser.dispose();
  });
});
