import assert from 'node:assert/strict';
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { assetsDir, type AssetManifest } from '../../../src/web/assets';
import { buildWebAssets } from '../../../src/web/build';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

/** The pages after `npm run build`: one bundled script each, served under content-hashed names for a year. */
describe('built web pages (real app)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let manifest: AssetManifest['files'];

  before(async () => {
    // The same build npm start and npm test make; it replaces build/ as a whole.
    manifest = (await buildWebAssets()).files;
    env = await createTestEnvironment();
    api = await startTestApi({ ...env, config: { ...env.config, env: 'development' } });
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('builds each page script and stylesheet under a content-hashed name', () => {
    assert.deepEqual(Object.keys(manifest).sort(), [
      '/assets/app.js',
      '/assets/console-app.js',
      '/assets/console.css',
      '/assets/styles.css',
    ]);
    for (const built of Object.values(manifest)) assert.match(built, /^\/build\/[a-z-]+-[A-Z0-9]{8}\.(js|css)$/);
  });

  for (const [page, script] of [
    ['/', '/assets/app.js'],
    ['/console', '/assets/console-app.js'],
  ] as const) {
    it(`${page} loads its bundle: one self-contained module, cached for good, with a source map`, async () => {
      const html = (await api.request('GET', page)).body as string;
      const built = manifest[script]!;
      assert.ok(html.includes(`<script type="module" src="${built}"></script>`), `${page} names ${built}`);
      assert.ok(!html.includes(`src="${script}"`), 'not the source module');
      const bundle = await api.request('GET', built);
      assert.equal(bundle.status, 200);
      assert.equal(bundle.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(bundle.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const code = bundle.body as string;
      assert.doesNotMatch(code, /from ?["']\.\//, 'no relative imports left: everything is bundled');
      assert.match(code, /sourceMappingURL=[a-z-]+-[A-Z0-9]{8}\.js\.map/);
      assert.equal((await api.request('GET', `${built}.map`)).status, 200);
    });
  }

  it('serves the sources again once one is edited after the build, and the bundle after the next build', async () => {
    const source = path.join(assetsDir, 'app.js');
    const later = new Date(Date.now() + 60_000);
    await utimes(source, later, later);
    try {
      assert.ok(((await api.request('GET', '/')).body as string).includes('src="/assets/app.js"'), 'an edit shows on reload');
    } finally {
      manifest = (await buildWebAssets()).files;
    }
    assert.ok(((await api.request('GET', '/')).body as string).includes(`src="${manifest['/assets/app.js']}"`));
  });

  it('serves only built file names from /build/', async () => {
    for (const path of ['/build/manifest.json', '/build/app.js', '/build/..%2f..%2fpage.ts', '/build/app-abcdefgh.js']) {
      assert.equal((await api.request('GET', path)).status, 404, path);
    }
  });
});
