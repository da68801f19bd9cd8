import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { type Catalog, compileCatalog } from '../../server/src/core/catalog';
import { CatalogIndex } from '../../server/src/core/catalogIndex';
import { extractPaperEntries } from '../../server/src/core/paperEntries';

const SEEDS = path.resolve(__dirname, '../../../seeds');

function realSeeds() {
  return readdirSync(SEEDS)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(SEEDS, file), 'utf8') }));
}

describe('compileCatalog on small seeds', () => {
  it('merges one paper listed in two seeds, keeping both topics and both summaries', () => {
    const { catalog } = compileCatalog([
      { file: 'a.md', text: '# A\n\n## PEFT\n\n| ID | Paper | Introduction |\n|---|---|---|\n| 1✡✡ | [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685) | 低秩适配 |\n' },
      { file: 'b.md', text: '# B\n\n## 微调\n\n- **论文**：[LoRA](https://arxiv.org/pdf/2106.09685v2)\n- **简介**：冻结权重\n' },
    ]);
    const index = new CatalogIndex(catalog);
    const lora = index.paper('arxiv:2106.09685');
    assert.ok(lora);
    assert.equal(catalog.papers.filter((p) => p.key === 'arxiv:2106.09685').length, 1);
    assert.deepEqual(lora.topics.map((id) => index.topicPath(id).join(' › ')), ['A › PEFT', 'B › 微调']);
    assert.deepEqual(lora.summaries.map((s) => s.text), ['低秩适配', '冻结权重']);
    assert.equal(lora.importance, 2);
  });

  it('merges a title-only entry into the paper with that title, but never two identifiers', () => {
    const { catalog, problems } = compileCatalog([
      { file: 'a.md', text: '# A\n\n- **论文**：[Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n' },
      { file: 'b.md', text: '# B\n\n- **论文**：[attention is all you need!](https://example.com/paper.pdf)\n' },
      { file: 'c.md', text: '# C\n\n- **论文**：[Attention Is All You Need](https://arxiv.org/abs/2305.01569)\n' },
    ]);
    const index = new CatalogIndex(catalog);
    assert.equal(index.paper('title:attention-is-all-you-need')?.key, 'arxiv:1706.03762');
    assert.equal(index.paper('arxiv:1706.03762')?.sources.length, 2);
    assert.ok(index.paper('arxiv:2305.01569'), 'the second arXiv ID stays its own paper');
    assert.match(problems.map((p) => p.message).join('\n'), /kept apart/);
  });

  it('catalogues a paper mentioned in another row\'s introduction without listing it as a row of the topic', () => {
    const { catalog } = compileCatalog([
      {
        file: 'a.md',
        text: '# A\n\n## ICL\n\n| ID | Paper | Introduction |\n|---|---|---|\n| 1✡ | [Rethinking the Role of Demonstrations](https://arxiv.org/abs/2202.12837) | 对比了 [MetaICL](https://arxiv.org/abs/2110.15943) 等方法 |\n',
      },
    ]);
    const index = new CatalogIndex(catalog);
    assert.ok(index.paper('arxiv:2110.15943'), 'the mentioned paper is known');
    const icl = catalog.topics.find((topic) => topic.title === 'ICL')!;
    assert.deepEqual(icl.papers, ['arxiv:2202.12837']);
  });

  it('keeps the English title and the Chinese translation', () => {
    const { catalog } = compileCatalog([
      { file: 'a.md', text: '# A\n\n+   Hu: “低秩适配”, 2021; [arXiv:2106.09685](http://arxiv.org/abs/2106.09685).\n' },
      { file: 'b.md', text: '# B\n\n- **论文**：[LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685)\n' },
    ]);
    const lora = new CatalogIndex(catalog).paper('arxiv:2106.09685');
    assert.equal(lora?.title, 'LoRA: Low-Rank Adaptation');
    assert.equal(lora?.translatedTitle, '低秩适配');
  });
});

describe('compileCatalog on the real seeds', () => {
  const { catalog, problems } = compileCatalog(realSeeds());
  const index = new CatalogIndex(catalog);
  const topicPaths = (key: string) => (index.paper(key)?.topics ?? []).map((id) => index.topicPath(id).join(' › '));

  it('compiles all five seeds', () => {
    assert.equal(catalog.seeds.length, 5);
    assert.ok(catalog.papers.length > 150, `${catalog.papers.length} papers`);
    for (const problem of problems) assert.ok(problem.line >= 0 && problem.file.endsWith('.md'));
  });

  it('puts LoRA in 002\'s PEFT topic with five stars and a Chinese introduction', () => {
    const lora = index.paper('arxiv:2106.09685');
    assert.ok(lora);
    assert.ok(topicPaths('arxiv:2106.09685').some((p) => p.startsWith('LLM_Paper_Reading') && /PEFT/i.test(p)), topicPaths('arxiv:2106.09685').join('\n'));
    assert.equal(lora.importance, 5);
    assert.ok(lora.summaries.some((s) => s.source.file.startsWith('002') && /[\u4e00-\u9fff]/.test(s.text)));
  });

  it('lists Attention Is All You Need under topics of both 002 and 004', () => {
    const files = new Set((index.paper('arxiv:1706.03762')?.topics ?? []).map((id) => index.topic(id)!.source.file.slice(0, 3)));
    assert.ok(files.has('002') && files.has('004'), [...files].join());
  });

  it('keeps the date and abstract of 003\'s Shikra entry', () => {
    const shikra = catalog.papers.find((p) => p.title?.startsWith('Shikra'));
    assert.equal(shikra?.date, '2023-06-27');
    assert.ok(shikra?.summaries[0]?.text.startsWith('在人類對話中'), shikra?.summaries[0]?.text);
    assert.ok(shikra?.codeLinks.some((url) => url.includes('github.com/shikras/shikra')));
  });

  it('gives 000\'s papers their authors and years', () => {
    const fromZoo = catalog.papers.filter((p) => p.sources.some((s) => s.file.startsWith('000')));
    assert.ok(fromZoo.length >= 38, `${fromZoo.length}`);
    for (const paper of fromZoo) {
      assert.ok(paper.authors.length > 0, `${paper.key} has authors`);
      assert.match(paper.year ?? '', /^20\d\d$/, `${paper.key} has a year`);
    }
  });

  it('makes every heading that is not part of a paper entry a topic', () => {
    for (const seed of realSeeds()) {
      const { entries, headings } = extractPaperEntries(seed.text);
      const sections = entries.filter((entry) => entry.shape === 'heading-section');
      const topics = headings.filter((heading) => !sections.some((entry) => heading.line >= entry.line && heading.line < entry.endLine));
      assert.equal(catalog.topics.filter((t) => t.source.file === seed.file).length, topics.length, seed.file);
    }
    // 003's papers are headings: a paper is a paper, not a topic.
    assert.ok(!catalog.topics.some((topic) => topic.title.startsWith('Shikra')));
    assert.ok(catalog.topics.some((topic) => topic.title === '圖片理解(Image-to-text等等)'), '003 keeps its real topics');
  });

  it('has as many distinct arXiv papers per seed as the seed text names', () => {
    for (const seed of realSeeds()) {
      const named = new Set([...seed.text.matchAll(/arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})|arXiv:(\d{4}\.\d{4,5})/gi)].map((m) => m[1] ?? m[2]));
      const catalogued = new Set(catalog.papers.filter((p) => p.sources.some((s) => s.file === seed.file)).flatMap((p) => [p.key, ...p.aliases]).filter((k) => k.startsWith('arxiv:')).map((k) => k.slice(6)));
      for (const id of named) assert.ok(catalogued.has(id), `${seed.file}: arXiv ${id} is in the catalog`);
    }
  });

  it('shows no replacement characters, mojibake or compatibility radicals', () => {
    const text = JSON.stringify(catalog satisfies Catalog);
    assert.doesNotMatch(text, /\uFFFD/);
    assert.doesNotMatch(text, /\u2040/);
    assert.doesNotMatch(text, /[\u2F00-\u2FDF]/);
  });
});
