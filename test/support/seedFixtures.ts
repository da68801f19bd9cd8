/**
 * Small seeds in the shape of seeds/002: one PEFT topic whose table starts with LoRA (✡✡✡✡✡, a
 * Chinese introduction); tests add the rows they need after it.
 */
import type { SeedDocument } from '../../server/src/core/catalog';

export function llmSeed(...rows: string[]): SeedDocument {
  return {
    file: '002-llm.md',
    text: [
      '# LLM_Paper_Reading',
      '',
      '## PEFT',
      '',
      '| **ID** | **Paper** | **Introduction** |',
      '| --- | --- | --- |',
      '| 1✡✡✡✡✡ | [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) | 低秩适配：冻结预训练权重，只训练低秩分解矩阵。 |',
      ...rows,
      '',
    ].join('\n'),
  };
}

export const loraSeed: SeedDocument = llmSeed();
