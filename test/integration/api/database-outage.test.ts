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
  const product = {
    merchantId: 'm-run',
    categoryId: 'running-shoes',
    brandId: 'nimbus',
    titleEn: 'Outage Trail Shoe',
    price: 50,
    stock: 3,
  };

  before(async () => {
    env = await createTestEnvironment({ RATE_LIMIT_DISABLED: 'true' });
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    proxy = await startPostgresProxy(env.config.databaseUrl);
    api = await startTestApi(env, { db: proxy.client(env.schema) });
    admin = (await createApiKey(env.db, { role: 'admin' })).key;
  });
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
});
