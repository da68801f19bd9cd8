/** The fast path for valid CSL-JSON (JSON.parse and one scan) must read exactly what jsonc-parser's tree reads. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CslJsonFile, readCslJson, readCslJsonTree, readValidCslJson } from '../../server/src/core/cslJsonFile';
import { seededRandom } from '../support/randomNotes';

function comparable(file: CslJsonFile): unknown {
  return {
    // Property order is not part of the answer (JSON.parse puts integer-like names first), nor
    // are prototypes (the tree's objects have none; both are plain objects once cloned off the worker).
    items: file.items.map((item) => ({ ...item, properties: JSON.stringify([...item.properties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) })),
    problems: file.problems,
  };
}

function assertSame(text: string): void {
  const fast = readValidCslJson(text);
  assert.ok(fast, `the fast path declined ${JSON.stringify(text.slice(0, 200))}`);
  assert.deepEqual(comparable(fast), comparable(readCslJsonTree(text)), JSON.stringify(text.slice(0, 300)));
}

/** A random CSL-ish item, or something that is not one, written with random spacing and escapes. */
function randomElement(next: () => number): unknown {
  const roll = next();
  if (roll < 0.06) return [1, 'two', { id: 'three' }];
  if (roll < 0.1) return next() < 0.5 ? null : next() < 0.5 ? 42 : 'not an item';
  const item: Record<string, unknown> = {};
  const names = ['type', 'title', 'author', 'issued', 'DOI', 'URL', 'number', 'abstract', 'note', '1', 'container-title'];
  for (const name of names) if (next() < 0.5) item[name] = randomValue(next);
  const id = next();
  if (id < 0.5) item.id = `key${Math.floor(next() * 1000)}${next() < 0.2 ? '"q\\\\b' : ''}${next() < 0.1 ? '中文' : ''}`;
  else if (id < 0.65) item.id = Math.floor(next() * 1e6) * (next() < 0.2 ? -1 : 1) + (next() < 0.2 ? 0.5 : 0);
  else if (id < 0.72) item.id = next() < 0.5 ? '' : '   ';
  else if (id < 0.78) item.id = { nested: 'id' };
  if (next() < 0.25) item['citation-key'] = next() < 0.7 ? `ck${Math.floor(next() * 100)}` : next() < 0.5 ? '' : 7;
  return item;
}

function randomValue(next: () => number): unknown {
  const roll = next();
  if (roll < 0.3) return `text ${Math.floor(next() * 100)} “引号” \\ "quoted" \n\t/`;
  if (roll < 0.45) return [{ family: 'Hu', given: 'Edward J.' }, { literal: '王小明' }];
  if (roll < 0.6) return { 'date-parts': [[2021, 6, 17]], id: 'not the item id', 'citation-key': 'nor this' };
  if (roll < 0.7) return next() < 0.5 ? true : null;
  if (roll < 0.8) return -1.5e-3;
  return '';
}

/** JSON of `value` with random whitespace between tokens, and some property names written with escapes. */
function writeJson(value: unknown, next: () => number): string {
  const space = () => [' ', '', '\n  ', '\r\n', '\t'][Math.floor(next() * 5)];
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${space()}${v.map((x) => write(x)).join(`,${space()}`)}${space()}]`;
    if (v && typeof v === 'object') {
      const entries = Object.entries(v).map(([k, x]) => {
        const name = k === 'id' && next() < 0.2 ? '"\\u0069d"' : JSON.stringify(k);
        return `${name}${space()}:${space()}${write(x)}`;
      });
      // A repeated property: JSON.parse and the tree both keep the last.
      if (next() < 0.1) entries.unshift(`"id": "shadowed"`);
      return `{${space()}${entries.join(`,${space()}`)}${space()}}`;
    }
    return JSON.stringify(v);
  };
  return write(value);
}

describe('CSL-JSON: the fast path for valid files', () => {
  it('reads the recorded Zotero export exactly as the tree does', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/bibliography/zotero-arxiv.json'), 'utf8');
    assertSame(text);
    assert.ok(readValidCslJson(text)!.items.length > 0);
  });

  it('reads random valid arrays of items and non-items exactly as the tree does', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      const elements = Array.from({ length: Math.floor(next() * 40) }, () => randomElement(next));
      const text = writeJson(elements, next);
      assertSame(next() < 0.1 ? `\uFEFF${text}` : text);
    }
  });

  it('tells many elements that are not items in a few problems, as the tree does', () => {
    assertSame(JSON.stringify(Array.from({ length: 500 }, (_, i) => i)));
    assertSame(JSON.stringify([...Array.from({ length: 30 }, () => ({ title: 'no id' })), { id: 'a' }]));
    assertSame('[]');
    assertSame('  [ ]  ');
  });

  it('leaves to the tree what is not a valid JSON array', () => {
    for (const text of ['', '{"id": "a"}', '"text"', '[{"id": "a"},]', '[{"id": "a"}', '[{"id": "a"}] // note', '[{"id": "a"} {"id": "b"}]']) {
      assert.equal(readValidCslJson(text), undefined, text);
      assert.deepEqual(readCslJson(text), readCslJsonTree(text));
    }
  });
});
