import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFrontMatter } from '../../server/src/core/frontMatter';
import { readLiteratureNote } from '../../server/src/core/literatureNote';

function declaredKeys(text: string): string[] {
  return readLiteratureNote(readFrontMatter(text))?.declarations.map((d) => `${d.field}=${d.key}@${text.slice(d.start, d.end)}`) ?? [];
}

describe('front matter', () => {
  it('is found only at the very start, with --- or ... closing it', () => {
    assert.equal(readFrontMatter('# no\n---\narxiv: 1\n---\n'), undefined);
    assert.equal(readFrontMatter('---\nnever closed'), undefined);
    assert.ok(readFrontMatter('---\na: 1\n...\nbody'));
    assert.ok(readFrontMatter('\uFEFF---\r\na: 1\r\n---\r\n'));
  });

  it('is not a thematic break followed by prose: those references stay visible', () => {
    assert.equal(readFrontMatter('---\n\n# Notes\n\nLoRA arXiv:2106.09685\n\n---\n'), undefined);
    assert.equal(readFrontMatter('---\nSee arXiv:2106.09685 for details.\n---\n'), undefined);
  });

  it('is not read when it is too large to be front matter', () => {
    const huge = `---\n${'key: value\n'.repeat(30_000)}---\n`;
    assert.equal(readFrontMatter(huge), undefined);
  });

  it('reports broken YAML as problems, not exceptions', () => {
    const frontMatter = readFrontMatter('---\ntitle: [unclosed\narxiv: 2106.09685\n---\n');
    assert.ok(frontMatter);
    assert.ok(frontMatter.problems.length > 0);
  });
});

describe('literature notes', () => {
  const cases: Array<[string, string, string[]]> = [
    ['arxiv number keeps its trailing zero', '---\narxiv: 1706.03760\n---\n', ['arxiv=arxiv:1706.03760@1706.03760']],
    ['quoted arxiv with prefix and version', '---\narxiv: "arXiv:2106.09685v2"\n---\n', ['arxiv=arxiv:2106.09685@arXiv:2106.09685v2']],
    ['doi', '---\ndoi: 10.1145/3219819.3220007\n---\n', ['doi=doi:10.1145/3219819.3220007@10.1145/3219819.3220007']],
    ['arXiv DOI is the arXiv paper', '---\ndoi: 10.48550/arXiv.2106.09685\n---\n', ['doi=arxiv:2106.09685@10.48550/arXiv.2106.09685']],
    ['openreview id and url', '---\nopenreview: rkgNKkHtvB\n---\n', ['openreview=openreview:rkgNKkHtvB@rkgNKkHtvB']],
    ['openreview url', '---\nopenreview: https://openreview.net/forum?id=rkgNKkHtvB\n---\n', ['openreview=openreview:rkgNKkHtvB@https://openreview.net/forum?id=rkgNKkHtvB']],
    ['id holding an arXiv reference', '---\nid: arXiv:1706.03762\n---\n', ['id=arxiv:1706.03762@arXiv:1706.03762']],
    ['url holding an arXiv pdf link', '---\nurl: https://arxiv.org/pdf/1706.03762v7\n---\n', ['url=arxiv:1706.03762@https://arxiv.org/pdf/1706.03762v7']],
    ['citekey', '---\ncitekey: hu2021lora\n---\n', ['citekey=citekey:hu2021lora@hu2021lora']],
    ['several ids in a list', '---\narxiv:\n  - 2106.09685\n  - 1706.03762\n---\n', ['arxiv=arxiv:2106.09685@2106.09685', 'arxiv=arxiv:1706.03762@1706.03762']],
    ['an id that names no paper is not a declaration', '---\nid: 20230101-note\n---\n', []],
    ['case-insensitive field names', '---\narXiv: 2106.09685\n---\n', ['arXiv=arxiv:2106.09685@2106.09685']],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(declaredKeys(text), expected));
  }

  it('reads title, authors, year and tags', () => {
    const note = readLiteratureNote(readFrontMatter('---\ntitle: "LoRA: Low-Rank"\narxiv: 2106.09685\nauthors: Edward J. Hu, Yelong Shen and Phillip Wallis\nyear: 2021\ntags: [PEFT, 微调]\n---\n'));
    assert.equal(note?.title, 'LoRA: Low-Rank');
    assert.deepEqual(note?.authors, ['Edward J. Hu', 'Yelong Shen', 'Phillip Wallis']);
    assert.equal(note?.year, '2021');
    assert.deepEqual(note?.tags, ['PEFT', '微调']);
  });

  it('reads BibTeX-style author lists and YAML block scalars', () => {
    const note = readLiteratureNote(readFrontMatter('---\narxiv: >-\n  2106.09685\ntitle: >-\n  LoRA: Low-Rank\n  Adaptation\nauthors: "Hu, Edward J. and Shen, Yelong"\n---\n'));
    assert.deepEqual(note?.declarations.map((d) => d.key), ['arxiv:2106.09685']);
    assert.equal(note?.title, 'LoRA: Low-Rank Adaptation');
    assert.deepEqual(note?.authors, ['Hu, Edward J.', 'Shen, Yelong']);
    const chinese = readLiteratureNote(readFrontMatter('---\narxiv: 2106.09685\nauthors: 胡爱德、沈业龙，王菲\n---\n'));
    assert.deepEqual(chinese?.authors, ['胡爱德', '沈业龙', '王菲']);
  });

  it('tells when an arxiv field holds no valid ID', () => {
    const note = readLiteratureNote(readFrontMatter('---\narxiv: 2113.01234\n---\n'));
    assert.equal(note?.declarations.length, 0);
    assert.match(note?.problems[0]?.message ?? '', /not a valid arxiv/);
  });
});
