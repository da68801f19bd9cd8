import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

/** A small seeded PRNG (mulberry32), so a failing sequence can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const snippets = [
  'arXiv:2106.09685 ',
  'https://arxiv.org/pdf/1706.03762v7 ',
  '（arXiv：2005.14165）',
  '[@hu2021lora] ',
  '[see @vaswani2017attention, p. 3; @hu2021lora]',
  'doi:10.1145/3219819.3220007 ',
  'https://openreview.net/forum?id=rkgNKkHtvB ',
  'hep-th/9901001 ',
  '`arXiv:1810.04805` ',
  '\n```\n2106.09685\n```\n',
  '<!-- 1706.03762 -->',
  '\n| a | [t](https://arxiv.org/abs/1810.04805) |\n|---|---|\n',
  '低秩适配 ',
  '3.1415 ',
  '\n\n',
  '---\narxiv: 2106.09685\ncitekey: hu2021lora\n---\n',
];

function randomText(next: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += snippets[Math.floor(next() * snippets.length)];
  return text;
}

describe('WorkspaceIndex', () => {
  it('after any sequence of creates, edits and deletes equals a rebuild from the same texts', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const next = random(seed);
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
          const text = current.text.slice(0, at) + randomText(next, 1) + current.text.slice(at + removeLength);
          texts.set(uri, { version: current.version + 1, text });
          index.setDocument(uri, current.version + 1, text);
        } else {
          const text = randomText(next, 1 + Math.floor(next() * 10));
          texts.set(uri, { version: 1, text });
          index.setDocument(uri, 1, text);
        }
        const rebuilt = WorkspaceIndex.fromDocuments([...texts].map(([u, t]) => ({ uri: u, ...t })));
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

  it('forgets a paper once its last mention is gone', () => {
    const index = WorkspaceIndex.fromDocuments([{ uri: 'file:///ws/a.md', version: 1, text: 'arXiv:2106.09685' }]);
    index.setDocument('file:///ws/a.md', 2, 'no papers here');
    assert.deepEqual(index.notesMentioning('arxiv:2106.09685'), []);
    assert.deepEqual(index.snapshot(), WorkspaceIndex.fromDocuments([{ uri: 'file:///ws/a.md', version: 2, text: 'no papers here' }]).snapshot());
  });
});
