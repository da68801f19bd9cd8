import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { hashText } from '../../server/src/core/textHash';

describe('hashText', () => {
  it('is 16 hex digits, the same for the same text', () => {
    assert.match(hashText('[["arxiv:2106.09685","LoRA"]]'), /^[0-9a-f]{16}$/);
    assert.equal(hashText('低秩适配 LoRA'), hashText(`低秩适配 ${'LoRA'}`));
    assert.match(hashText(''), /^[0-9a-f]{16}$/);
  });

  it('tells apart texts that differ in one character, in order, or in length', () => {
    const texts = ['["arxiv:2106.09685"]', '["arxiv:2106.09686"]', '["arxiv:2106.0968"]', '[“arxiv:2106.09685"]', 'ab', 'ba', 'a', 'a\u0000', '低秩', '秩低'];
    assert.equal(new Set(texts.map(hashText)).size, texts.length);
  });

  it('gives no collision among 200,000 similar fingerprints', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(hashText(`[["arxiv:${String(i).padStart(5, '0')}","Title ${i % 97}"],${i % 3}]`));
    assert.equal(seen.size, 200_000);
  });

  it('flips about half of the bits for a one-character change', () => {
    let flipped = 0;
    const rounds = 500;
    for (let i = 0; i < rounds; i++) {
      const a = BigInt(`0x${hashText(`note ${i} text`)}`);
      const b = BigInt(`0x${hashText(`note ${i} texu`)}`);
      flipped += (a ^ b).toString(2).split('').filter((bit) => bit === '1').length;
    }
    const average = flipped / rounds;
    assert.ok(average > 26 && average < 38, `average flipped bits ${average}`);
  });
});
