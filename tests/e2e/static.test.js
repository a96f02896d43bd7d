// The built client as the server serves it: the four pages and the hashed assets, with the headers
// a browser-facing server sends, and nothing outside the client folder.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requestJson } from './helpers/http.js';
import { startServer } from './helpers/server.js';

describe('the static client', () => {
  let server;
  const get = (path) => requestJson(server.origin, 'GET', path);

  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test('every page has a strict CSP, refuses framing and sends no referrer', async () => {
    for (const path of ['/', '/join', '/console', '/r/AAAAAAAAAAAAAAAA/']) {
      const page = await get(path);
      assert.equal(page.status, 200, path);
      assert.match(page.headers['content-type'], /^text\/html/);
      const csp = page.headers['content-security-policy'];
      for (const part of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'"]) {
        assert.ok(csp.includes(part), `${path}: ${part} in ${csp}`);
      }
      assert.equal(csp.includes('unsafe-inline'), false);
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.equal(page.headers['x-content-type-options'], 'nosniff');
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal(page.headers['cache-control'], 'no-cache');
      // No inline script or style in the page itself: the CSP would block it.
      assert.equal(/<script(?![^>]*\ssrc=)[^>]*>/.test(page.text), false, `${path} has an inline script`);
      assert.equal(/<style|\sstyle=/.test(page.text), false, `${path} has inline style`);
    }
  });

  test('hashed assets are cached for good; other paths are not served', async () => {
    const page = await get('/r/AAAAAAAAAAAAAAAA/');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), assets.join());
    for (const path of assets) {
      const asset = await get(path);
      assert.equal(asset.status, 200, path);
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(asset.headers['x-content-type-options'], 'nosniff');
    }
    for (const path of ['/assets/..', '/assets/.hidden', '/assets/%2e%2e%2findex.html', '/assets/../index.html', '/index.html', '/r/x', '/src/pages/room.tsx']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });
});
