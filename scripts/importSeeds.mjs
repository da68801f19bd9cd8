// Re-creates seeds/*.md from the reconstructed seed documents in ../shared/seeds/utf8/.
// Run by hand (node scripts/importSeeds.mjs) when the shared seeds change; the build reads seeds/.
// It repairs the two kinds of damage the reconstruction left, so none reaches a user:
//  - U+2040 CHARACTER TIE where the original had U+201D (the lost 0x9D byte was restored as 0x80);
//  - U+FFFD where the original text was truncated at a line end: replaced by an ellipsis;
//  - a few characters the byte restoration chose wrongly where the right one is beyond doubt
//    (住/低 and 不/与 differ in exactly the dropped byte), listed phrase by phrase so nothing
//    else is touched. Mostly headings, which the Topics view shows.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(root, '../shared/seeds/utf8');

const wrongCharacters = [
  ['住秩', '低秩'],
  ['住维', '低维'],
  ['较住的', '较低的'],
  ['经典不前沿', '经典与前沿'],
  ['训练优化不效率提升', '训练优化与效率提升'],
  ['多模态不跨领域融合', '多模态与跨领域融合'],
  ['大模型不多模态相关', '大模型与多模态相关'],
  ['编码器架构不GPT', '编码器架构与GPT'],
];

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
  const repaired = wrongCharacters.reduce((current, [wrong, right]) => current.split(wrong).join(right), text);
  writeFileSync(path.join(root, 'seeds', to), repaired.endsWith('\n') ? repaired : `${repaired}\n`);
  console.log(`${from} -> seeds/${to}`);
}
