import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { startPostgresProxy, type PostgresProxy } from '../../support/postgres-proxy';
import { loadSearchCatalog } from '../../support/search-catalog';

/**
 * The API's Postgres goes away (#22): its connections run through a relay the
 * test cuts, so the shared server stays up for everyone else.
 */
describe('the API while its Postgres is away (real services, relayed Postgres)', () => {
  let env: TestEnvironment;
  let proxy: PostgresProxy;
  let api: TestApi;
  let admin: string;
  let shopper: string;
  const product = {
    merchantId: 'm-run',
    categoryId: 'running-shoes',
    brandId: 'nimbus',
    titleEn: 'Outage Trail Shoe',
    price: 50,
    stock: 3,
  };

  before(async () => {
    // Short TTLs, so the caches expire during the outage as they would after 10 and 30 s.
    env = await createTestEnvironment({ RATE_LIMIT_DISABLED: 'true', API_KEY_CACHE_TTL_MS: '300', CATALOG_CACHE_TTL_MS: '300' });
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    proxy = await startPostgresProxy(env.config.databaseUrl);
    api = await startTestApi(env, { db: proxy.client(env.schema) });
    admin = (await createApiKey(env.db, { role: 'admin' })).key;
    shopper = (await createApiKey(env.db, { role: 'public' })).key;
  });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const search = (key: string) => api.request('GET', '/v1/search?q=shoes&category=running-shoes&facets=category', { key });
  afterEach(async () => proxy.restore());
  after(async () => {
    await api?.close();
    await proxy?.close();
    await env?.cleanup();
  });

  it('answers a write 503 DATABASE_UNAVAILABLE, not 500, when Postgres refuses connections', async () => {
    assert.equal((await api.request('PUT', '/v1/admin/products/outage-1', { key: admin, body: product })).status, 201);
    await proxy.cut();
    const refused = await api.request('PUT', '/v1/admin/products/outage-1', { key: admin, body: { ...product, price: 12.5 } });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, 'DATABASE_UNAVAILABLE');
    await proxy.restore();
    assert.equal((await api.request('PUT', '/v1/admin/products/outage-1', { key: admin, body: { ...product, price: 12.5 } })).status, 200);
  });

  it('keeps searching from the last keys, categories and merchandising it read, marked stale; a key never seen gets a 503', async () => {
    const before = await search(shopper);
    assert.equal(before.status, 200);
    assert.ok(before.body.hits.length > 0);
    assert.equal(before.headers.get('x-agora-stale'), null);
    const neverSeen = (await createApiKey(env.db, { role: 'public' })).key;

    await proxy.cut();
    // Past every TTL (keys and categories 300 ms here), and past a failed merchandising version check (each second).
    await sleep(1500);
    let during = await search(shopper);
    for (let waited = 0; (during.headers.get('x-agora-stale') ?? '').split(', ').length < 3 && waited < 5000; waited += 200) {
      assert.equal(during.status, 200, JSON.stringify(during.body));
      await sleep(200);
      during = await search(shopper);
    }
    assert.equal(during.status, 200, JSON.stringify(during.body));
    assert.deepEqual(
      during.body.hits.map((h: { id: string }) => h.id),
      before.body.hits.map((h: { id: string }) => h.id),
    );
    assert.deepEqual(during.headers.get('x-agora-stale')?.split(', ').sort(), ['api-key', 'categories', 'merchandising']);
    assert.match(during.headers.get('warning') ?? '', /^110 /);
    // Served from memory without waiting for Postgres each time.
    const started = Date.now();
    for (let i = 0; i < 5; i++) assert.equal((await search(shopper)).status, 200);
    // (Each would wait for the pool's 2 s acquire timeout if the caches asked Postgres every time.)
    assert.ok(Date.now() - started < 5000, `five stale searches took ${Date.now() - started} ms`);

    // A shopper's history is in Postgres: the search goes on unpersonalised, and says so.
    const personal = await api.request('GET', '/v1/search?q=shoes&session=s-outage', { key: shopper });
    assert.equal(personal.status, 200, JSON.stringify(personal.body));
    assert.match(personal.headers.get('x-agora-stale') ?? '', /personalization/);

    const unknown = await search(neverSeen);
    assert.equal(unknown.status, 503);
    assert.equal(unknown.body.error.code, 'DATABASE_UNAVAILABLE');

    await proxy.restore();
    let after = await search(shopper);
    for (let waited = 0; after.headers.get('x-agora-stale') !== null && waited < 5000; waited += 200) {
      await sleep(200);
      after = await search(shopper);
    }
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('x-agora-stale'), null, 'still stale 5 s after Postgres came back');
    assert.equal((await search(neverSeen)).status, 200);
  });
});
