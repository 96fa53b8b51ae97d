import assert from 'node:assert/strict';
import http from 'node:http';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

function injectedConfig(html: string): Record<string, unknown> {
  const match = /<script id="agora-config" type="application\/json">([^<]*)<\/script>/.exec(html);
  assert.ok(match, 'the page carries its configuration element');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

/** A GET with the Host header a browser would send for another name (fetch does not let a caller set it). */
function getWithHost(baseUrl: string, path: string, host: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path, method: 'GET', headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.end();
  });
}

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
    assert.match(page.body as string, /<script type="module" src="\/assets\/console-app\.js">/);
    const script = await dev.request('GET', '/assets/console-app.js');
    assert.equal(script.status, 200);
  });

  it('hands the merchandiser demo key to a browser on this machine in development, and never in production', async () => {
    // The test client connects over loopback, as a developer's browser does.
    assert.equal(injectedConfig((await dev.request('GET', '/console')).body as string).merchandiserKey, merchandiserKey);
    assert.equal(injectedConfig((await production.request('GET', '/console')).body as string).merchandiserKey, null);
    // A page on another site that rebinds its name to 127.0.0.1 connects from here too, but names itself.
    const rebound = await getWithHost(dev.baseUrl, '/console', 'attacker.example:80');
    assert.equal(injectedConfig(rebound).merchandiserKey, null);
    // The storefront page never carries it.
    assert.ok(!((await dev.request('GET', '/')).body as string).includes(merchandiserKey));
  });
});
