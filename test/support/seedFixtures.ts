/** A small seed in the shape of seeds/002: one topic, one starred paper with a Chinese introduction. */
import type { SeedDocument } from '../../server/src/core/catalog';

export const loraSeed: SeedDocument = {
  file: '002-llm.md',
  text: [
    '# LLM_Paper_Reading',
    '',
    '## PEFT',
    '',
    '| **ID** | **Paper** | **Introduction** |',
    '| --- | --- | --- |',
    '| 1✡✡✡✡✡ | [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) | 低秩适配：冻结预训练权重，只训练低秩分解矩阵。 |',
    '',
  ].join('\n'),
};
