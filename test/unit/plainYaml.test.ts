import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readYamlFields } from '../../server/src/core/frontMatter';
import { readPlainYamlFields } from '../../server/src/core/plainYaml';
import { pick, seededRandom } from '../support/randomNotes';

describe('readPlainYamlFields', () => {
  it('reads key: value lines with their spans', () => {
    const content = 'title: "Attention: All"\narxiv: 1706.03760\ntags: [ nlp, 注意力 ]\nempty:\nurl: https://arxiv.org/abs/1706.03762\n';
    assert.deepEqual(readPlainYamlFields(content, 4), [
      { name: 'title', values: [{ start: 12, end: 26, text: 'Attention: All' }] },
      { name: 'arxiv', values: [{ start: 35, end: 45, text: '1706.03760' }] },
      { name: 'tags', values: [{ start: 54, end: 57, text: 'nlp' }, { start: 59, end: 62, text: '注意力' }] },
      { name: 'empty', values: [] },
      { name: 'url', values: [{ start: 77, end: 109, text: 'https://arxiv.org/abs/1706.03762' }] },
    ]);
    assert.deepEqual(readYamlFields(content, 4), { fields: readPlainYamlFields(content, 4), problems: [] });
  });

  it('leaves everything else to the YAML parser', () => {
    for (const content of ['a: b # c', 'a:\n  - b', 'a: |\n  b', "a: 'b'", 'a: "b\\n"', '- a', 'a: b: c', 'true: x', '1: x', 'a: [b, [c]]', 'a:b', '# c', '  a: b', 'a: b\r\n', 'a: &x b', 'a: !t b', 'a: b ']) {
      assert.equal(readPlainYamlFields(content, 0), undefined, content);
    }
  });

  it('answers exactly what the YAML parser answers, whenever it answers', () => {
    const keys = ['title', 'arxiv', 'tags', 'authors', 'year', 'date', 'url', 'Null', 'no', 'a-b', 'x_1', 'y'];
    const values = [
      '', ' ', 'LoRA', 'Low Rank Adaptation', '1706.03760', '2023', '2026-03-04', 'A, B', 'A,B', 'true', 'null', 'no', '0x1F', '1e3', '.inf', '~', '-1',
      '"quoted: yes"', '""', '" spaced "', '"a # b"', '[]', '[ ]', '[a, b]', '[a,]', '[a, b c]', '[1, 2.5]', '[a: b]', '[,]', 'https://arxiv.org/abs/1706.03762',
      'a:b', 'a: b', '论文', '(x)', 'x)', 'a  b', 'a #b', 'a#b', '[a, "b"]', '[ x ,y ]', 'a, b, c', '[true, null]', 'v1.2.3',
    ];
    const random = seededRandom(11);
    let answered = 0;
    for (let n = 0; n < 5_000; n++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(random() * 6);
      for (let i = 0; i < count; i++) lines.push(random() < 0.1 ? '' : `${pick(random, keys)}:${random() < 0.9 ? ' ' : '  '}${pick(random, values)}`);
      const content = lines.join('\n') + (random() < 0.8 ? '\n' : '');
      const plain = readPlainYamlFields(content, 4);
      if (plain === undefined) continue;
      answered++;
      assert.deepEqual({ fields: plain, problems: [] }, readYamlFields(content, 4), JSON.stringify(content));
    }
    assert.ok(answered > 1_000, `only ${answered} front matters were plain`);
  });
});
