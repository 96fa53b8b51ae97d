import assert from 'node:assert/strict';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { injectedConfig, rawGet } from '../../support/web-page';

/** The merchandiser console page as served by the real app: headers, and who gets the demo key. */
describe('merchandiser console at /console (real app)', () => {
  const merchandiserKey = 'agm_demo-key-for-tests';
  let env: TestEnvironment;
  let dev: TestApi;
  let production: TestApi;

  before(async () => {
    env = await createTestEnvironment();
    const config = { ...env.config, demoPublicKey: 'agp_public', demoMerchandiserKey: merchandiserKey };
    dev = await startTestApi({ ...env, config: { ...config, env: 'development' } });
    production = await startTestApi({ ...env, config: { ...config, env: 'production' } });
  });
  after(async () => {
    await dev?.close();
    await production?.close();
    await env?.cleanup();
  });

  it('is never cached, runs only its own scripts, and loads its own module', async () => {
    const page = await dev.request('GET', '/console');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-store', 'the page may carry a write key');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
    // The source module, or its bundle after npm run build: either way the page's one script is served.
    const src = /<script type="module" src="(\/(?:assets\/console-app|build\/console-app-[A-Z0-9]{8})\.js)">/.exec(
      page.body as string,
    )?.[1];
    assert.ok(src, 'the page loads the console module');
    const script = await dev.request('GET', src);
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  });

  it('hands the merchandiser demo key to a browser on this machine in development, and never in production', async () => {
    // The test client connects over loopback, as a developer's browser does.
    assert.equal(injectedConfig((await dev.request('GET', '/console')).body as string).merchandiserKey, merchandiserKey);
    assert.equal(injectedConfig((await production.request('GET', '/console')).body as string).merchandiserKey, null);
    // A page on another site that rebinds its name to 127.0.0.1 connects from here too, but names itself.
    const rebound = await rawGet(dev.baseUrl, '/console', { host: 'attacker.example:80' });
    assert.equal(injectedConfig(rebound.body).merchandiserKey, null);
    // The storefront page never carries it.
    assert.ok(!((await dev.request('GET', '/')).body as string).includes(merchandiserKey));
  });
});
