/** Seeded random notes for property tests: a failing sequence can be replayed from its seed. */

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

/** Pieces of real-looking notes: every reference form, code, comments, tables, front matter, noise. */
export const noteSnippets: readonly string[] = [
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

export function randomNoteText(next: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += pick(next, noteSnippets);
  return text;
}
