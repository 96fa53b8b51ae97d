import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { injectedConfig, rawGet } from '../../support/web-page';

describe('storefront demo at / (real app)', () => {
  const demoKey = 'agp_demo-key-for-tests';
  let env: TestEnvironment;
  let dev: TestApi;
  let production: TestApi;

  before(async () => {
    env = await createTestEnvironment();
    dev = await startTestApi({ ...env, config: { ...env.config, env: 'development', demoPublicKey: demoKey } });
    production = await startTestApi({ ...env, config: { ...env.config, env: 'production', demoPublicKey: demoKey } });
  });
  after(async () => {
    await dev?.close();
    await production?.close();
    await env?.cleanup();
  });

  it('serves the page as HTML with its landmarks, labels and a strict content policy', async () => {
    const page = await dev.request('GET', '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
    const html = page.body as string;
    for (const landmark of [
      '<header',
      '<main id="main"',
      '<footer',
      'role="search"',
      '<aside id="facets" class="facets" aria-label="Filters"',
      'class="skip-link" href="#main"',
    ]) {
      assert.ok(html.includes(landmark), `the page has ${landmark}`);
    }
    assert.match(html, /<label class="visually-hidden" for="search-input">/);
    assert.match(html, /role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="suggestions"/);
    // The source module, or its bundle after npm run build (built-pages.test.ts checks that one).
    assert.match(html, /<script type="module" src="\/(assets\/app|build\/app-[A-Z0-9]{8})\.js"><\/script>/);
    assert.doesNotMatch(html, /https?:\/\//, 'nothing comes from another host: the demo works offline');
  });

  it('hands the public demo key to the page in development only', async () => {
    assert.deepEqual(injectedConfig((await dev.request('GET', '/')).body), { publicKey: demoKey, customers: [] });
    assert.deepEqual(injectedConfig((await production.request('GET', '/')).body), { publicKey: null, customers: [] });
  });

  it('lets the demo sign in with customer keys its server signed, each good for its own customer only, on a page no cache keeps', async () => {
    const signingKey = (await createApiKey(env.db, { role: 'signing' })).key;
    const signing = await startTestApi({
      ...env,
      config: { ...env.config, env: 'development', demoPublicKey: demoKey, demoSigningKey: signingKey },
    });
    try {
      const page = await signing.request('GET', '/');
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const { customers } = injectedConfig(page.body as string) as { customers: Array<{ id: string; key: string }> };
      assert.deepEqual(
        customers.map((c) => c.id),
        ['c-000001', 'c-000002', 'c-000003', 'c-000004', 'c-000005'],
      );
      const [first, second] = customers as [{ id: string; key: string }, { id: string; key: string }];
      const merge = (key: string, customerId: string) =>
        signing.request('POST', '/v1/sessions/merge', { key, body: { sessionId: 's-1', customerId } });
      assert.equal((await merge(first.key, first.id)).status, 200);
      assert.equal((await merge(first.key, second.id)).status, 403);
      const production = await startTestApi({ ...env, config: { ...env.config, env: 'production', demoSigningKey: signingKey } });
      try {
        assert.deepEqual(injectedConfig((await production.request('GET', '/')).body as string).customers, []);
      } finally {
        await production.close();
      }
    } finally {
      await signing.close();
    }
  });

  it('cannot let a configured value break out of the configuration element', async () => {
    const hostile = await startTestApi({
      ...env,
      config: { ...env.config, env: 'development', demoPublicKey: '</script><script>alert(1)</script>' },
    });
    try {
      const html = (await hostile.request('GET', '/')).body as string;
      assert.equal(html.includes('<script>alert(1)'), false);
      assert.deepEqual(injectedConfig(html), { publicKey: '</script><script>alert(1)</script>', customers: [] });
    } finally {
      await hostile.close();
    }
  });

  it('serves every asset the page loads, with its content type, and revalidates by ETag', async () => {
    const expected: Record<string, string> = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/styles.css': 'text/css; charset=utf-8',
      '/assets/favicon.svg': 'image/svg+xml',
    };
    for (const [path, type] of Object.entries(expected)) {
      const asset = await dev.request('GET', path);
      assert.equal(asset.status, 200, path);
      assert.equal(asset.headers.get('content-type'), type, path);
      assert.equal(asset.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(asset.headers.get('cache-control'), 'no-cache', path);
      const etag = asset.headers.get('etag');
      assert.ok(etag, path);
      const again = await rawGet(dev.baseUrl, path, { 'if-none-match': etag });
      assert.equal(again.status, 304, path);
      assert.equal(again.body, '', path);
    }
  });

  it('serves every source module the page imports (what it loads without a build: no missing file)', async () => {
    const seen = new Set<string>();
    const pending = ['app.js'];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const module = await dev.request('GET', `/assets/${name}`);
      assert.equal(module.status, 200, name);
      for (const [, imported] of (module.body as string).matchAll(/from '\.\/([a-z0-9-]+\.js)'/g)) pending.push(imported!);
    }
    assert.ok(seen.size >= 5, `found the modules: ${[...seen].join(', ')}`);
  });

  it('refuses path traversal, encoded or not, and anything outside assets/ with a 404', async () => {
    const attempts = [
      '/assets/../../package.json',
      // Files whose type the route does serve, a few folders up: src/web/public/assets → the repository root.
      '/assets/..%2f..%2f..%2f..%2fnode_modules%2fkoa%2flib%2fapplication.js',
      '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fnode_modules%2fkoa%2flib%2fapplication.js',
      '/assets/../../../../node_modules/koa/lib/application.js',
      '/assets/..%2fpublic%2fassets%2fapp.js',
      '/assets/../index.html',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%2F..%2Fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/%252e%252e%252fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/....//....//package.json',
      '/assets/%2fetc%2fpasswd',
      '/assets/index.html',
      '/assets/.gitignore',
      '/assets/missing.js',
      '/assets/',
      '/package.json',
      '/src/api/routes/web.ts',
    ];
    for (const path of attempts) {
      const response = await rawGet(dev.baseUrl, path);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.includes('"name": "agora"') || response.body.includes('module.exports'), false, path);
      assert.equal(response.body.includes('<!doctype html>'), false, path);
    }
    // A NUL in any path parameter is refused before any route sees it (the input guard): a 400 naming the parameter.
    const nul = await rawGet(dev.baseUrl, '/assets/app.js%00.css');
    assert.equal(nul.status, 400);
    assert.equal(JSON.parse(nul.body).error.field, 'file');
  });

  it('leaves the API behind its keys', async () => {
    assert.equal((await dev.request('GET', '/v1/search?q=shoes')).status, 401);
    assert.equal((await dev.request('POST', '/', { body: {} })).status, 405);
  });
});
