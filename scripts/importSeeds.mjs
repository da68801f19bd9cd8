// Re-creates seeds/*.md from the reconstructed seed documents in ../shared/seeds/utf8/.
// Run by hand (node scripts/importSeeds.mjs) when the shared seeds change; the build reads seeds/.
// It repairs the two kinds of damage the reconstruction left, so none reaches a user:
//  - U+2040 CHARACTER TIE where the original had U+201D (the lost 0x9D byte was restored as 0x80);
//  - U+FFFD where the original text was truncated at a line end: replaced by an ellipsis.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(root, '../shared/seeds/utf8');

export const seedFiles = [
  ['000_0b2216782e4f0039.txt', '000-accelerate-training-zoo.md'],
  ['001_fc22383fefaaee45.txt', '001-ml-trends-reading-notes.md'],
  ['002_8bafba02a290566b.txt', '002-llm-paper-reading.md'],
  ['003_b293b52470742115.txt', '003-paper-reading-board.md'],
  ['004_e2d062ff338bffb8.txt', '004-recommended-papers.md'],
];

for (const [from, to] of seedFiles) {
  const text = readFileSync(path.join(source, from), 'utf8')
    .replace(/\u2040/g, '\u201D')
    .replace(/\uFFFD+/g, '…');
  writeFileSync(path.join(root, 'seeds', to), text.endsWith('\n') ? text : `${text}\n`);
  console.log(`${from} -> seeds/${to}`);
}
