import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyseDocument, topicsFingerprint } from '../../server/src/core/documentAnalysis';
import { parseBibliography } from '../../server/src/core/bibliography';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { randomNoteText, seededRandom } from '../support/randomNotes';

describe('WorkspaceIndex', () => {
  it('after any sequence of creates, edits and deletes equals a rebuild from the same texts', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const next = seededRandom(seed);
      const index = new WorkspaceIndex();
      const texts = new Map<string, { version: number; text: string }>();
      for (let step = 0; step < 60; step++) {
        const uri = `file:///ws/note-${Math.floor(next() * 8)}.md`;
        const roll = next();
        const current = texts.get(uri);
        if (roll < 0.15 && current) {
          index.deleteDocument(uri);
          texts.delete(uri);
        } else if (roll < 0.55 && current) {
          // A splice edit somewhere in the note, as an editor sends.
          const at = Math.floor(next() * (current.text.length + 1));
          const removeLength = Math.floor(next() * 12);
          const text = current.text.slice(0, at) + randomNoteText(next, 1) + current.text.slice(at + removeLength);
          texts.set(uri, { version: current.version + 1, text });
          index.setDocument(uri, current.version + 1, text);
        } else {
          const text = randomNoteText(next, 1 + Math.floor(next() * 10));
          texts.set(uri, { version: 1, text });
          index.setDocument(uri, 1, text);
        }
        const rebuilt = WorkspaceIndex.fromDocuments([...texts].map(([u, t]) => ({ uri: u, ...t })));
        assert.deepEqual(index.snapshot(), rebuilt.snapshot(), `seed ${seed}, step ${step}`);
      }
    }
  });

  it('with bibliographies among the notes, equals a rebuild after any sequence of changes', () => {
    const keys = ['hu2021lora', 'vaswani2017', 'wei2022chain', 'dup'];
    const ids = ['2106.09685', '1706.03762', '2201.11903'];
    for (let seed = 1; seed <= 15; seed++) {
      const next = seededRandom(seed * 7919);
      const randomBib = () =>
        Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
          const key = keys[Math.floor(next() * keys.length)];
          const eprint = next() < 0.7 ? `, eprint = {${ids[Math.floor(next() * ids.length)]}}, archivePrefix = {arXiv}` : '';
          return next() < 0.1 ? `@misc{${key}, title = {broken` : `@misc{${key}, title = {T ${Math.floor(next() * 3)}}${eprint}}`;
        }).join('\n');
      const index = new WorkspaceIndex();
      const files = new Map<string, { kind: 'note' | 'bib'; version: number; text: string }>();
      for (let step = 0; step < 50; step++) {
        // The same URI may hold a note, then a bibliography (settings changed), and back.
        const uri = `file:///ws/file-${Math.floor(next() * 5)}.bib`;
        const roll = next();
        if (roll < 0.15) {
          index.deleteDocument(uri);
          files.delete(uri);
        } else if (roll < 0.3) {
          const folder = 'file:///ws';
          if (next() < 0.3) {
            index.deleteFolder(folder);
            files.clear();
          }
        } else if (roll < 0.65) {
          const text = randomBib();
          files.set(uri, { kind: 'bib', version: step, text });
          index.setBibliography(parseBibliography(uri, step, text, 'bibtex'));
        } else {
          const text = `${randomNoteText(next, 2)} [@${keys[Math.floor(next() * keys.length)]}]`;
          files.set(uri, { kind: 'note', version: step, text });
          index.setDocument(uri, step, text);
        }
        const rebuilt = new WorkspaceIndex();
        for (const [u, file] of files) {
          if (file.kind === 'bib') rebuilt.setBibliography(parseBibliography(u, file.version, file.text, 'bibtex'));
          else rebuilt.setDocument(u, file.version, file.text);
        }
        assert.deepEqual(index.snapshot(), rebuilt.snapshot(), `seed ${seed}, step ${step}`);
      }
    }
  });

  it('removes every note under a deleted folder, and only those', () => {
    const index = WorkspaceIndex.fromDocuments([
      { uri: 'file:///ws/a/x.md', version: 1, text: 'arXiv:2106.09685' },
      { uri: 'file:///ws/a/y/z.md', version: 1, text: 'arXiv:2106.09685' },
      { uri: 'file:///ws/ab.md', version: 1, text: 'arXiv:2106.09685' },
    ]);
    assert.deepEqual(index.deleteFolder('file:///ws/a'), ['file:///ws/a/x.md', 'file:///ws/a/y/z.md']);
    assert.deepEqual(index.notesMentioning('arxiv:2106.09685'), ['file:///ws/ab.md']);
  });

  it('counts citations of a paper across its keys without walking them, and keeps the counts through edits', () => {
    const index = WorkspaceIndex.fromDocuments([
      { uri: 'file:///ws/a.md', version: 1, text: 'arXiv:2106.09685 and again arXiv:2106.09685v2' },
      { uri: 'file:///ws/b.md', version: 1, text: 'https://doi.org/10.1000/lora and arXiv:2106.09685' },
      { uri: 'file:///ws/c.md', version: 1, text: '---\narxiv: 2106.09685\n---\nOnly declared here.' },
    ]);
    assert.deepEqual(index.citationCount(['arxiv:2106.09685']), { references: 3, notes: 2 });
    assert.deepEqual(index.citationCount(['arxiv:2106.09685', 'doi:10.1000/lora']), { references: 4, notes: 2 });
    index.setDocument('file:///ws/a.md', 2, 'arXiv:2106.09685 once');
    assert.deepEqual(index.citationCount(['arxiv:2106.09685', 'doi:10.1000/lora']), { references: 3, notes: 2 });
    index.deleteDocument('file:///ws/b.md');
    assert.deepEqual(index.citationCount(['arxiv:2106.09685', 'doi:10.1000/lora']), { references: 1, notes: 1 });
    assert.deepEqual(index.citationCount(['arxiv:9999.99999']), { references: 0, notes: 0 });
    assert.equal(index.firstReference(['arxiv:2106.09685'])?.uri, 'file:///ws/a.md');
  });

  it('counts an edit as a change under a paper\'s keys only when it changes which papers the entries name', () => {
    const row = '| [LoRA](https://arxiv.org/abs/2106.09685) | 低秩 |\n';
    const table = `| 论文 | 简介 |\n|---|---|\n${row}`;
    const index = WorkspaceIndex.fromDocuments([{ uri: 'file:///ws/t.md', version: 1, text: table }]);
    const keys = ['arxiv:2106.09685', 'title:lora'];
    let stamp = index.changeStamp;
    index.setDocument('file:///ws/t.md', 2, `# 标题\n\n${table.replace('低秩', '低秩适配')}`);
    assert.equal(index.changedSince(keys, stamp), false);
    assert.deepEqual(index.entriesOf('arxiv:2106.09685').map(({ entry }) => [entry.line, entry.summary]), [[4, '低秩适配']]);
    stamp = index.changeStamp;
    index.setDocument('file:///ws/t.md', 3, table.replace('2106.09685', '1706.03762'));
    assert.equal(index.changedSince(keys, stamp), true);
    assert.deepEqual(index.entriesOf('arxiv:2106.09685'), []);
    assert.deepEqual(index.snapshot(), WorkspaceIndex.fromDocuments([{ uri: 'file:///ws/t.md', version: 3, text: table.replace('2106.09685', '1706.03762') }]).snapshot());
  });

  it('lists the entries under a key by note, as notes begin and cease to name it', () => {
    const row = (summary: string) => `| 论文 | 简介 |\n|---|---|\n| [LoRA](https://arxiv.org/abs/2106.09685) | ${summary} |\n`;
    const index = new WorkspaceIndex();
    const listed = () => index.entriesOf('arxiv:2106.09685').map(({ uri, entry }) => `${uri.slice('file:///ws/'.length)}:${entry.summary}`);
    index.setDocument('file:///ws/b.md', 1, row('b1') + row('b2').split('\n').slice(2).join('\n'));
    assert.deepEqual(listed(), ['b.md:b1', 'b.md:b2']);
    index.setDocument('file:///ws/a.md', 1, row('a'));
    index.setDocument('file:///ws/c.md', 1, row('c'));
    assert.deepEqual(listed(), ['a.md:a', 'b.md:b1', 'b.md:b2', 'c.md:c']);
    index.deleteDocument('file:///ws/b.md');
    index.deleteDocument('file:///ws/a.md');
    assert.deepEqual(listed(), ['c.md:c']);
    index.setDocument('file:///ws/c.md', 2, 'no papers');
    assert.deepEqual(listed(), []);
    index.setDocument('file:///ws/a.md', 2, row('again'));
    assert.deepEqual(listed(), ['a.md:again']);
    assert.deepEqual(index.snapshot(), WorkspaceIndex.fromDocuments([
      { uri: 'file:///ws/a.md', version: 2, text: row('again') },
      { uri: 'file:///ws/c.md', version: 2, text: 'no papers' },
    ]).snapshot());
  });

  it('forgets a paper once its last mention is gone', () => {
    const index = WorkspaceIndex.fromDocuments([{ uri: 'file:///ws/a.md', version: 1, text: 'arXiv:2106.09685' }]);
    index.setDocument('file:///ws/a.md', 2, 'no papers here');
    assert.deepEqual(index.notesMentioning('arxiv:2106.09685'), []);
    assert.deepEqual(index.snapshot(), WorkspaceIndex.fromDocuments([{ uri: 'file:///ws/a.md', version: 2, text: 'no papers here' }]).snapshot());
  });

  it('changes the Topics fingerprint for entries, tags and citations, not for prose', () => {
    const base = '## 微调\n\n- [LoRA](https://arxiv.org/abs/2106.09685) 笔记\n\nSome prose.\n';
    const fingerprint = (text: string) => topicsFingerprint(analyseDocument('file:///a.md', 1, text));
    assert.equal(fingerprint(base), fingerprint(base.replace('Some prose.', 'Some more prose, typed.')));
    assert.notEqual(fingerprint(base), fingerprint(base.replace('## 微调', '## 参数高效微调')));
    assert.notEqual(fingerprint(base), fingerprint(`${base}\nSee arXiv:1706.03762.\n`));
    assert.notEqual(fingerprint(base), fingerprint(`---\narxiv: 2106.09685\ntags: [PEFT]\n---\n${base}`));
  });
});
