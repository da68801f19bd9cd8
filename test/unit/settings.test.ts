/** Settings from any client: defaults for anything malformed, and an API URL that is not http(s) turns lookups off rather than going elsewhere. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, readSettings } from '../../server/src/host/settings';

describe('readSettings', () => {
  it('gives the defaults for nothing, and for values of the wrong type', () => {
    assert.deepEqual(readSettings(undefined), defaultSettings);
    assert.deepEqual(readSettings({ files: { include: 'x' }, online: { enabled: 'yes', cacheLocation: 'moon' }, bibliography: { maxSizeKB: -1 } }), defaultSettings);
  });

  it('reads the bibliography and online settings, in VS Code\'s section or wrapped', () => {
    const raw = { bibliography: { include: ['refs/*.json'], maxSizeKB: 100 }, online: { enabled: false, apiBaseUrl: 'http://127.0.0.1:8080/api/query', cacheLocation: 'workspace' } };
    for (const settings of [readSettings(raw), readSettings({ paperNotes: raw })]) {
      assert.deepEqual(settings.bibliographyInclude, ['refs/*.json']);
      assert.equal(settings.bibliographyMaxFileSize, 100 * 1024);
      assert.deepEqual(settings.online, { enabled: false, apiBaseUrl: 'http://127.0.0.1:8080/api/query', cacheLocation: 'workspace' });
    }
  });

  it('leaves the API URL unset (lookups off) when it is not an http(s) URL without a query', () => {
    for (const apiBaseUrl of ['export.arxiv.org/api/query', 'ftp://x/api', 'https://x/api?x=1', 42, null]) {
      assert.equal(readSettings({ online: { apiBaseUrl } }).online.apiBaseUrl, undefined, String(apiBaseUrl));
    }
    assert.equal(readSettings({ online: {} }).online.apiBaseUrl, 'https://export.arxiv.org/api/query');
  });
});
