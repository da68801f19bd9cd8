import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyseDocument, analyseReferences } from '../../server/src/core/documentAnalysis';
import { analysisCorpus } from '../support/analysisCorpus';

/**
 * What analyseDocument answers, pinned note by note: the fast paths (plain inline content,
 * plain front matter, one-URL texts, skipped scans) must answer what the general code does.
 * The digests were written by the analysis before those paths existed. When a change of output
 * is meant, rewrite them with UPDATE_ANALYSIS_DIGESTS=1 and say why in the commit.
 */
const DIGESTS = path.join(__dirname, '../../../test/unit/analysisDigests.json');

function digestOf(text: string): string {
  const analysis = analyseDocument('file:///note.md', 1, text);
  const answer = JSON.stringify([analysis.references, analysis.entries, analysis.problems, analysis.literatureNote ?? null]);
  return createHash('sha256').update(answer).digest('hex').slice(0, 16);
}

describe('analyseDocument digests', () => {
  it('answers as it did, on hard cases and 1,500 shuffled notes', () => {
    const digests: Record<string, string> = {};
    for (const note of analysisCorpus(1500, 2026)) digests[note.name] = digestOf(note.text);
    if (process.env.UPDATE_ANALYSIS_DIGESTS) writeFileSync(DIGESTS, `${JSON.stringify(digests, null, 1)}\n`);
    const expected = JSON.parse(readFileSync(DIGESTS, 'utf8')) as Record<string, string>;
    const changed = Object.keys({ ...expected, ...digests }).filter((name) => expected[name] !== digests[name]);
    assert.deepEqual(changed, []);
  });

  it('analyseReferences answers the same references, problems and literature note, without entries', () => {
    for (const note of analysisCorpus(1500, 2026)) {
      const full = analyseDocument('file:///note.md', 1, note.text);
      const first = analyseReferences('file:///note.md', 1, note.text);
      assert.deepEqual(first, { ...full, entries: [], entriesPending: true }, note.name);
    }
  });
});
