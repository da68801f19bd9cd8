/** The index's log of keys whose papers changed: what each kind of edit logs, and what it does not. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseBibliography } from '../../server/src/core/bibliography';
import { CandidateChangeLog } from '../../server/src/core/candidateChanges';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

const NOTE = 'file:///ws/a.md';
const BIB = 'file:///ws/refs.bib';

function bib(entries: Array<{ key: string; eprint?: string; title: string }>): string {
  return entries.map((e) => `@misc{${e.key},\n  title = {${e.title}},\n${e.eprint ? `  eprint = {${e.eprint}},\n  archivePrefix = {arXiv},\n` : ''}}\n`).join('\n');
}

/** The keys an action logs, sorted and once each. */
function logged(index: WorkspaceIndex, action: () => void): string[] {
  const from = index.candidateChanges.position;
  action();
  return [...new Set(index.candidateChanges.since(from))].sort();
}

describe('the candidate change log', () => {
  it('logs nothing for prose, and the new key when a note cites a new paper', () => {
    const index = new WorkspaceIndex();
    index.setDocument(NOTE, 1, 'Reading arXiv:2106.09685 today.\n');
    assert.deepEqual(logged(index, () => index.setDocument(NOTE, 2, 'Reading arXiv:2106.09685 today, slowly.\n')), []);
    assert.deepEqual(logged(index, () => index.setDocument(NOTE, 3, 'Reading arXiv:2106.09685 and arXiv:1706.03762.\n')), ['arxiv:1706.03762']);
  });

  it('logs a key whose count changes, though the note named it already', () => {
    const index = new WorkspaceIndex();
    index.setDocument(NOTE, 1, 'arXiv:2106.09685\n');
    assert.deepEqual(logged(index, () => index.setDocument(NOTE, 2, 'arXiv:2106.09685 and again arXiv:2106.09685\n')), ['arxiv:2106.09685']);
    assert.deepEqual(logged(index, () => index.setDocument(NOTE, 3, 'arXiv:2106.09685 and again arXiv:2106.09685, see [@smi]\n')), ['citekey:smi']);
  });

  it("logs an entry's keys and aliases when its title changes, and nothing for another entry", () => {
    const index = new WorkspaceIndex();
    const table = (title: string) => `| 论文 |\n|---|\n| [${title}](https://arxiv.org/abs/2106.09685) |\n| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) |\n`;
    index.setDocument(NOTE, 1, table('LoRA'));
    const keys = logged(index, () => index.setDocument(NOTE, 2, table('LoRA: Low-Rank Adaptation')));
    assert.ok(keys.includes('arxiv:2106.09685'), keys.join(', '));
    assert.ok(!keys.some((key) => key.includes('1706.03762') || key.includes('attention')), keys.join(', '));
  });

  it("logs a literature note's keys when it is added or removed", () => {
    const index = new WorkspaceIndex();
    const lit = 'file:///ws/lit.md';
    assert.deepEqual(logged(index, () => index.setDocument(lit, 1, '---\narxiv: 2106.09685\ncitekey: hu2021lora\n---\n')), ['arxiv:2106.09685', 'citekey:hu2021lora']);
    assert.deepEqual(logged(index, () => index.deleteDocument(lit)), ['arxiv:2106.09685', 'citekey:hu2021lora']);
  });

  it('logs the bibliography entries that changed, and everything in a deleted folder', () => {
    const index = new WorkspaceIndex();
    index.setDocument(NOTE, 1, 'arXiv:1706.03762\n');
    index.setBibliography(parseBibliography(BIB, 1, bib([{ key: 'hu2021lora', eprint: '2106.09685', title: 'LoRA' }, { key: 'other', title: 'Other' }]), 'bibtex'));
    const changed = logged(index, () => index.setBibliography(parseBibliography(BIB, 2, bib([{ key: 'hu2021lora', eprint: '2106.09685', title: 'LoRA!' }, { key: 'other', title: 'Other' }]), 'bibtex')));
    assert.deepEqual(changed, ['arxiv:2106.09685', 'citekey:hu2021lora']);
    assert.deepEqual(logged(index, () => index.deleteFolder('file:///ws')), ['arxiv:1706.03762', 'arxiv:2106.09685', 'citekey:hu2021lora', 'citekey:other']);
  });

  it('logs the keys of entries carrying a title when that title begins to name a paper alone', () => {
    const index = new WorkspaceIndex();
    index.setDocument(NOTE, 1, '- [Some Paper](https://arxiv.org/abs/2106.09685)\n');
    const keys = logged(index, () => index.setDocument('file:///ws/b.md', 1, '| 论文 |\n|---|\n| Some Paper |\n'));
    assert.ok(keys.includes('arxiv:2106.09685'), keys.join(', '));
  });

  it('keeps no deleted file waiting for a new version, though nothing reads the log', () => {
    const index = new WorkspaceIndex();
    for (let i = 0; i < 50; i++) index.setDocument(`file:///ws/n${i}.md`, 1, `Reading arXiv:2106.${String(10000 + i)}.\n`);
    index.setBibliography(parseBibliography(BIB, 1, bib([{ key: 'hu2021', eprint: '2106.09685', title: 'LoRA' }]), 'bibtex'));
    for (let i = 0; i < 25; i++) index.deleteDocument(`file:///ws/n${i}.md`);
    index.deleteDocument(BIB);
    index.deleteFolder('file:///ws/');
    assert.equal(index.candidateChanges.unsettled, 0);
    assert.equal(index.documentCount, 0);
  });

  it('tells a reader that fell too far behind to start again', () => {
    const log = new CandidateChangeLog();
    const from = log.position;
    log.add('arxiv:1');
    assert.deepEqual(log.since(from), ['arxiv:1']);
    for (let i = 0; i < 100_001; i++) log.add(`arxiv:${i}`);
    assert.equal(log.since(from), undefined);
    const now = log.position;
    log.add('arxiv:x');
    assert.deepEqual(log.since(now), ['arxiv:x']);
  });
});
