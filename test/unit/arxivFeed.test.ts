/** The arXiv API's Atom feeds, from recorded real responses (test/fixtures/arxiv-api, see ../shared/fixtures/arxiv-api/README.md). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArxivFeed } from '../../server/src/core/arxivFeed';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../test/fixtures/arxiv-api', name), 'utf8');

describe('parseArxivFeed', () => {
  it('reads a 2026 feed: unversioned ID, version, title, authors, summary, categories', () => {
    const feed = parseArxivFeed(fixture('live-2026-id_list-1605.08386.xml'));
    assert.deepEqual(feed.problems, []);
    assert.equal(feed.entries.length, 1);
    const [entry] = feed.entries;
    assert.equal(entry.id, '1605.08386');
    assert.equal(entry.version, 1);
    assert.equal(entry.title, 'Heat-bath random walks with Markov bases');
    assert.ok(entry.authors.length >= 2, entry.authors.join());
    assert.match(entry.summary, /^Graphs on lattice points are studied/);
    assert.doesNotMatch(entry.summary, /\n/);
    assert.ok(entry.categories.length > 0);
  });

  it('reads the 2007 format: per-element namespaces, old-style ID, journal ref, comment, folded title', () => {
    const [entry] = parseArxivFeed(fixture('manual-sample-search-electron.xml')).entries;
    assert.equal(entry.id, 'hep-ex/0307015');
    assert.equal(entry.title, 'Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA');
    assert.deepEqual(entry.authors, ['H1 Collaboration']);
    assert.equal(entry.primaryCategory, 'hep-ex');
    assert.equal(entry.journalRef, 'Eur.Phys.J. C31 (2003) 17-29');
    assert.equal(entry.comment, '23 pages, 8 figures and 4 tables');
    assert.equal(entry.published, '2003-07-07T13:46:39-04:00');
  });

  it('reports the error feed as an error, old and new', () => {
    assert.equal(parseArxivFeed(fixture('manual-error-1234.12345.xml')).error, 'incorrect id format for 1234.12345');
    const malformed = parseArxivFeed(fixture('live-2026-id_list-abc-malformed.xml'));
    assert.ok(malformed.error, 'the 2026 error feed is an error');
    assert.deepEqual(malformed.entries, []);
  });

  it('reads an unknown ID as an empty feed', () => {
    const feed = parseArxivFeed(fixture('live-2026-id_list-0000.0000-empty.xml'));
    assert.deepEqual(feed.entries, []);
    assert.equal(feed.error, undefined);
  });

  it('turns malformed answers into problems, never exceptions', () => {
    for (const answer of ['', 'not xml at all', '<feed', '<html><body>502 Bad Gateway</body></html>', '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/nonsense</id></entry></feed>', '\u0000\u0001']) {
      const feed = parseArxivFeed(answer);
      assert.deepEqual(feed.entries, [], JSON.stringify(answer));
      assert.ok(feed.problems.length > 0 || feed.error, JSON.stringify(answer));
    }
  });
});
