import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ArxivId, formatArxivId, parseArxivId } from '../../server/src/core/arxivId';

type Valid = { id: string; version?: number; style: 'new' | 'old'; repaired?: string };

describe('parseArxivId accepts', () => {
  const cases: Array<[string, Valid]> = [
    ['2106.09685', { id: '2106.09685', style: 'new' }],
    ['2106.09685v2', { id: '2106.09685', version: 2, style: 'new' }],
    ['arxiv:1706.03762v7', { id: '1706.03762', version: 7, style: 'new' }],
    ['arXiv:2106.09685', { id: '2106.09685', style: 'new' }],
    ['ARXIV:2106.09685', { id: '2106.09685', style: 'new' }],
    ['arXiv: 2106.09685', { id: '2106.09685', style: 'new' }],
    ['arXiv：2106.09685', { id: '2106.09685', style: 'new' }],
    [' 2106.09685 ', { id: '2106.09685', style: 'new' }],
    ['2104.12255V1', { id: '2104.12255', version: 1, style: 'new' }],
    ['1706.03762.pdf', { id: '1706.03762', style: 'new' }],
    ['2106.09685v2.pdf', { id: '2106.09685', version: 2, style: 'new' }],
    ['0704.0001', { id: '0704.0001', style: 'new' }],
    ['0706.1234v1', { id: '0706.1234', version: 1, style: 'new' }],
    ['1412.9999', { id: '1412.9999', style: 'new' }],
    ['1501.00001', { id: '1501.00001', style: 'new' }],
    ['2501.12948', { id: '2501.12948', style: 'new' }],
    // Re-padding, as arXiv's own parser does.
    ['1501.0001', { id: '1501.00001', style: 'new', repaired: '1501.00001' }],
    ['arXiv:1501.0001v3', { id: '1501.00001', version: 3, style: 'new', repaired: '1501.00001v3' }],
    ['0704.00001', { id: '0704.0001', style: 'new', repaired: '0704.0001' }],
    ['1412.01234', { id: '1412.1234', style: 'new', repaired: '1412.1234' }],
    // Old style.
    ['hep-th/9901001', { id: 'hep-th/9901001', style: 'old' }],
    ['hep-th/9901001v2', { id: 'hep-th/9901001', version: 2, style: 'old' }],
    ['arXiv:cs/0112017', { id: 'cs/0112017', style: 'old' }],
    ['math.GT/0309136', { id: 'math/0309136', style: 'old' }],
    ['math.CA/0611800v2', { id: 'math/0611800', version: 2, style: 'old' }],
    ['hep-th/9108001', { id: 'hep-th/9108001', style: 'old' }],
    ['math/0703999', { id: 'math/0703999', style: 'old' }],
    ['math-ph/0001001', { id: 'math-ph/0001001', style: 'old' }],
    ['q-bio/0601001', { id: 'q-bio/0601001', style: 'old' }],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${expected.id}`, () => {
      const parsed = parseArxivId(input);
      assert.ok(parsed.ok, `expected ${input} to parse, got: ${parsed.ok ? '' : parsed.reason}`);
      const { repaired, ...value } = expected;
      assert.deepEqual(parsed.value, value);
      assert.equal(parsed.repaired, repaired);
    });
  }
});

describe('parseArxivId rejects', () => {
  const cases: Array<[string, string]> = [
    ['0704.12345', 'IDs from 0704 to 1412 have 4 digits after the dot'],
    ['1412.123', 'IDs from 0704 to 1412 have 4 digits after the dot'],
    ['1501.123456', 'IDs from 1501 on have 5 digits after the dot'],
    ['1501.123', 'IDs from 1501 on have 5 digits after the dot'],
    ['0703.0001', 'arXiv new-style IDs start in April 2007 (0704)'],
    ['0001.00001', 'arXiv new-style IDs start in April 2007 (0704)'],
    ['1234.12345', 'month 34 does not exist'],
    ['2100.00001', 'month 00 does not exist'],
    ['1706.03762v0', 'versions start at v1'],
    ['1706.03762v01', 'version numbers have no leading zeros'],
    ['1706.03762v99999999999999999999', 'version number is too large'],
    ['1501.00000', 'paper numbers start at 1'],
    ['0704.0000', 'paper numbers start at 1'],
    ['3.1415', 'new-style IDs have 4 digits (YYMM) before the dot'],
    ['12345.12345', 'new-style IDs have 4 digits (YYMM) before the dot'],
    ['stat/0601001', "'stat' is not an arXiv archive with old-style IDs"],
    ['HEP-TH/9901001', "'HEP-TH' is not an arXiv archive with old-style IDs"],
    ['hep-th/990100', 'old-style IDs have 7 digits (YYMMNNN) after the slash'],
    ['hep-th/9107001', 'old-style IDs run from August 1991 (9108) to March 2007 (0703)'],
    ['math/0704001', 'old-style IDs run from August 1991 (9108) to March 2007 (0703)'],
    ['hep-th/9913001', 'month 13 does not exist'],
    ['hep-th/9901000', 'paper numbers start at 1'],
    ['hep-th/9901001v0', 'versions start at v1'],
    ['2106.09685abc', 'not an arXiv identifier'],
    ['2106.09685.3', 'not an arXiv identifier'],
    ['hello', 'not an arXiv identifier'],
    ['', 'not an arXiv identifier'],
  ];
  for (const [input, reason] of cases) {
    it(`${JSON.stringify(input)}: ${reason}`, () => {
      assert.deepEqual(parseArxivId(input), { ok: false, reason });
    });
  }
});

describe('formatArxivId', () => {
  const cases: Array<[ArxivId, boolean | undefined, string]> = [
    [{ id: '2106.09685', version: 2, style: 'new' }, undefined, 'arXiv:2106.09685v2'],
    [{ id: '2106.09685', version: 2, style: 'new' }, true, 'arXiv:2106.09685v2'],
    [{ id: '2106.09685', version: 2, style: 'new' }, false, 'arXiv:2106.09685'],
    [{ id: '2106.09685', style: 'new' }, true, 'arXiv:2106.09685'],
    [{ id: 'math/0611800', version: 2, style: 'old' }, undefined, 'arXiv:math/0611800v2'],
  ];
  for (const [id, withVersion, expected] of cases) {
    it(`${id.id} (withVersion ${String(withVersion)}) -> ${expected}`, () => {
      assert.equal(formatArxivId(id, withVersion), expected);
    });
  }
  it('round-trips through parseArxivId', () => {
    for (const input of ['2106.09685v2', 'math.CA/0611800v2', '1501.0001', 'hep-th/9901001']) {
      const parsed = parseArxivId(input);
      assert.ok(parsed.ok);
      const again = parseArxivId(formatArxivId(parsed.value));
      assert.deepEqual(again, { ok: true, value: parsed.value });
    }
  });
});
