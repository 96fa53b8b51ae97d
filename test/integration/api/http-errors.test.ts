import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { createElasticsearch } from '../../../src/core/clients';
import { PRODUCT_INDEX_VERSION } from '../../../src/core/product-index';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

describe('HTTP error handling (real services)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let admin: string;

  before(async () => {
    env = await createTestEnvironment({ API_BODY_LIMIT: '2kb' });
    api = await startTestApi(env);
    admin = (await createApiKey(env.db, { role: 'admin' })).key;
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('answers unknown routes with a JSON 404 and a request id', async () => {
    const response = await api.request('GET', '/nope', { headers: { 'x-request-id': 'req-123' } });
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'NOT_FOUND');
    assert.equal(response.body.error.requestId, 'req-123');
    assert.equal(response.headers.get('x-request-id'), 'req-123');
  });

  it('answers malformed JSON with 400 BAD_JSON', async () => {
    const response = await api.request('PUT', '/v1/admin/brands/b', {
      key: admin,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'BAD_JSON');
  });

  it('answers oversized bodies with 413 and non-JSON bodies with 415', async () => {
    const big = await api.request('PUT', '/v1/admin/brands/b', { key: admin, body: { name: 'x'.repeat(5000) } });
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'PAYLOAD_TOO_LARGE');
    const text = await api.request('PUT', '/v1/admin/brands/b', {
      key: admin,
      rawBody: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(text.status, 415);
  });

  it('answers a wrong method with 405', async () => {
    const response = await api.request('POST', '/healthz');
    assert.equal(response.status, 405);
    assert.equal(response.body.error.code, 'METHOD_NOT_ALLOWED');
  });

  it('reports each dependency in /readyz', async () => {
    const response = await api.request('GET', '/readyz');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    for (const name of ['elasticsearch', 'postgres', 'redis']) assert.equal(response.body.dependencies[name].status, 'up', name);
    assert.equal(response.body.indexing.outboxDepth, 0);
    assert.equal(response.body.indexing.rejectedDocuments, 0);
    assert.equal(response.body.indexing.indexVersion.code, PRODUCT_INDEX_VERSION);
  });
});

describe('/readyz with Elasticsearch down', () => {
  let env: TestEnvironment;
  let api: TestApi;
  before(async () => {
    env = await createTestEnvironment();
    // Same services, except an Elasticsearch client pointed at a port where nothing listens.
    const deadEs = createElasticsearch({ elasticsearchUrl: 'http://127.0.0.1:9', elasticsearchTimeoutMs: 500 });
    api = await startTestApi({ ...env, es: deadEs });
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('answers 503 and names the dependency that is down', async () => {
    const response = await api.request('GET', '/readyz');
    assert.equal(response.status, 503);
    assert.equal(response.body.status, 'unavailable');
    assert.equal(response.body.dependencies.elasticsearch.status, 'down');
    assert.equal(response.body.dependencies.postgres.status, 'up');
    assert.equal(response.body.dependencies.redis.status, 'up');
    assert.equal((await api.request('GET', '/healthz')).status, 200);
  });

  it('answers searches with 503 SEARCH_UNAVAILABLE within the timeout, and keeps serving', async () => {
    const key = (await createApiKey(env.db, { role: 'public' })).key;
    for (const path of ['/v1/search?q=shoes', '/v1/suggest?q=sho']) {
      const started = Date.now();
      const response = await api.request('GET', path, { key });
      assert.equal(response.status, 503, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'SEARCH_UNAVAILABLE');
      assert.ok(Date.now() - started < 3000, 'answers within about two request timeouts');
    }
    assert.equal((await api.request('GET', '/healthz')).status, 200);
  });
});
