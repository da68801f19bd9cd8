import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { displayPaperId, paperKey, parsePaperKey } from '../../server/src/core/paperId';

describe('paperKey', () => {
  const cases: Array<[Parameters<typeof paperKey>[0], string]> = [
    [{ scheme: 'arxiv', id: '2106.09685' }, 'arxiv:2106.09685'],
    [{ scheme: 'arxiv', id: 'hep-th/9901001' }, 'arxiv:hep-th/9901001'],
    [{ scheme: 'doi', id: '10.1145/ABC.def' }, 'doi:10.1145/abc.def'],
    [{ scheme: 'openreview', id: 'nZeVKeeFYf9' }, 'openreview:nZeVKeeFYf9'],
    [{ scheme: 'citekey', id: 'Hu2021LoRA' }, 'citekey:Hu2021LoRA'],
  ];
  for (const [paper, key] of cases) {
    it(`${paper.scheme} ${paper.id} -> ${key}`, () => {
      assert.equal(paperKey(paper), key);
      assert.equal(paperKey(parsePaperKey(key)!), key);
    });
  }
  it('rejects keys of unknown schemes', () => {
    assert.equal(parsePaperKey('isbn:123'), undefined);
    assert.equal(parsePaperKey('arxiv:'), undefined);
    assert.equal(parsePaperKey('nonsense'), undefined);
  });
  it('displays the canonical external forms', () => {
    assert.equal(displayPaperId({ scheme: 'arxiv', id: '1706.03762' }), 'arXiv:1706.03762');
    assert.equal(displayPaperId({ scheme: 'citekey', id: 'vaswani2017' }), '@vaswani2017');
  });
});
