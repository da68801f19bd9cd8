// Compiles seeds/*.md into dist/catalog.json with the core's catalog compiler (from tsc's output),
// and reports every problem in the seeds with its file and line. Run by `npm run build`.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { compileCatalog } = require(path.join(root, 'out/server/src/core/catalog.js'));

// seeds/seeds.json names each seed and orders them; a seed file it does not list is an error,
// so a new seed cannot be left out of the catalog by accident.
const seedsFolder = path.join(root, 'seeds');
const manifest = JSON.parse(readFileSync(path.join(seedsFolder, 'seeds.json'), 'utf8'));
const unlisted = readdirSync(seedsFolder).filter((name) => name.endsWith('.md') && name !== 'README.md' && !manifest.some((seed) => seed.file === name));
if (unlisted.length) {
  console.error(`seeds/seeds.json does not list: ${unlisted.join(', ')}`);
  process.exit(1);
}
const seeds = manifest.map(({ file, title }) => ({ file, title, text: readFileSync(path.join(seedsFolder, file), 'utf8') }));

const { catalog, problems } = compileCatalog(seeds);
for (const problem of problems) console.warn(`seeds/${problem.file}:${problem.line + 1}: ${problem.message}`);

const text = JSON.stringify(catalog);
if (text.includes('\uFFFD')) {
  console.error('The catalog contains U+FFFD: a seed is damaged (see seeds/README.md).');
  process.exit(1);
}
mkdirSync(path.join(root, 'dist'), { recursive: true });
writeFileSync(path.join(root, 'dist/catalog.json'), text);
console.log(`catalog: ${catalog.papers.length} papers in ${catalog.topics.length} topics from ${seeds.length} seeds; ${problems.length} problems reported`);
