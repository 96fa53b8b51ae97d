import assert from 'node:assert/strict';
import { errors as esErrors, type Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { createElasticsearch } from '../../../src/core/clients';
import { loadConfig } from '../../../src/core/config';
import { startTestApi, type TestApi } from '../../support/http';
import { startSecuredElasticsearch, type SecuredElasticsearch } from '../../support/secured-elasticsearch';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Agora against an Elasticsearch that demands TLS and credentials. The shared Elasticsearch has no security on, so
 * a front (../../support/secured-elasticsearch.ts) plays the secured cluster: https with a certificate of a
 * throwaway CA, a 401 for any request without its API key or its user and password. Everything here is configured
 * as an operator would (ELASTICSEARCH_URL, _API_KEY or _USERNAME/_PASSWORD, _CA_CERT through loadConfig), and the
 * clients are made by the factory every process uses (src/core/clients.ts).
 */
describe('a secured Elasticsearch: TLS with a CA of its own, and an API key or a user and password', function () {
  this.timeout(120_000);
  let front: SecuredElasticsearch;
  let shop: Storefront;
  /** How many requests the storefront's setup (schema, index, reindex) sent. */
  let setupRequests: number;
  const others: Array<{ close(): Promise<unknown> }> = [];

  /** The settings an operator gives Agora for the secured cluster, with these credentials. */
  const securedEnv = (credentials: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    ELASTICSEARCH_URL: front.url,
    ELASTICSEARCH_CA_CERT: front.caCertPath,
    ELASTICSEARCH_API_KEY: '',
    ELASTICSEARCH_USERNAME: '',
    ELASTICSEARCH_PASSWORD: '',
    ...credentials,
  });
  /** A client made as the API process makes its own (createClients uses createElasticsearch), from these settings. */
  const clientFor = (env: NodeJS.ProcessEnv): ElasticsearchClient => {
    const es = createElasticsearch(loadConfig({ ...process.env, ...env }));
    others.push(es);
    return es;
  };
  /** An API over the storefront's data whose Elasticsearch client has these settings. */
  const apiWith = async (env: NodeJS.ProcessEnv): Promise<TestApi> => {
    const api = await startTestApi(shop.env, { es: clientFor(env) });
    others.push(api);
    return api;
  };
  const search = (api: TestApi, q: string) => api.request('GET', `/v1/search?q=${encodeURIComponent(q)}`, { key: shop.publicKey });

  before(async () => {
    front = await startSecuredElasticsearch(loadConfig(process.env).elasticsearchUrl);
    // Schema, index, reindex and the API itself: all of it through the front, with the API key.
    shop = await startStorefront({ env: securedEnv({ ELASTICSEARCH_API_KEY: front.apiKey }) });
    setupRequests = front.requests.length;
  });
  after(async () => {
    for (const other of others) await other.close().catch(() => undefined);
    await shop?.close();
    await front?.close();
  });

  it('the front refuses a request without credentials as Elasticsearch does: 401 security_exception, WWW-Authenticate', async () => {
    const seen = front.requests.length;
    const error = await clientFor(securedEnv({}))
      .cluster.health()
      .then(
        () => assert.fail('answered without credentials'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof esErrors.ResponseError, String(error));
    assert.equal(error.statusCode, 401);
    assert.equal(error.body.error.type, 'security_exception');
    assert.match(String(error.headers?.['www-authenticate']), /ApiKey/);
    assert.deepEqual(
      front.requests.slice(seen).map((r) => [r.authorization, r.forwarded]),
      [[undefined, false]],
    );
  });

  it('with ELASTICSEARCH_API_KEY: the index is built and /v1/search answers through the front, every request carrying the key', async () => {
    // startStorefront built the index through the front: creation, _bulk and the alias.
    const built = front.requests.slice(0, setupRequests);
    assert.ok(
      built.some((r) => r.method === 'POST' && r.url.includes('_bulk')),
      'the reindex sent its documents through the front',
    );
    assert.ok(
      built.some((r) => r.url.includes('_aliases')),
      'the reindex moved the alias through the front',
    );
    const seen = front.requests.length;
    const response = await shop.search({ q: 'running shoes' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(new Set(ids(response.body)), new Set(['shoe-1', 'shoe-2', 'shoe-3', 'shoe-4']));
    const during = front.requests.slice(seen);
    assert.ok(
      during.some((r) => r.url.includes('_search')),
      `the search went through the front: ${JSON.stringify(during)}`,
    );
    for (const request of [...built, ...during])
      assert.deepEqual([request.authorization, request.forwarded], [`ApiKey ${front.apiKey}`, true], request.url);
  });

  it('with ELASTICSEARCH_USERNAME and _PASSWORD: /v1/search answers, every request with basic authentication', async () => {
    const api = await apiWith(securedEnv({ ELASTICSEARCH_USERNAME: front.username, ELASTICSEARCH_PASSWORD: front.password }));
    const seen = front.requests.length;
    const response = await search(api, 'hikingboots');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(ids(response.body), ['boot-1']);
    const during = front.requests.slice(seen);
    assert.ok(
      during.some((r) => r.url.includes('_search')),
      `the search went through the front: ${JSON.stringify(during)}`,
    );
    const basic = `Basic ${Buffer.from(`${front.username}:${front.password}`).toString('base64')}`;
    for (const request of during) assert.deepEqual([request.authorization, request.forwarded], [basic, true], request.url);
  });

  it('with a wrong API key: /v1/search answers 503 ELASTICSEARCH_UNAUTHORIZED (no 500), and /readyz says why', async () => {
    const wrongKey = Buffer.from('nope:not-the-key').toString('base64');
    const api = await apiWith(securedEnv({ ELASTICSEARCH_API_KEY: wrongKey }));
    const seen = front.requests.length;
    const response = await search(api, 'smart phone');
    assert.equal(response.status, 503, JSON.stringify(response.body));
    assert.equal(response.body.error.code, 'ELASTICSEARCH_UNAUTHORIZED');
    assert.doesNotMatch(JSON.stringify(response.body), /at .*\.ts:\d+|security_exception|not-the-key/);
    const refused = front.requests.slice(seen);
    assert.ok(refused.length > 0, 'the search reached the front');
    for (const request of refused) assert.deepEqual([request.authorization, request.forwarded], [`ApiKey ${wrongKey}`, false]);

    // The other storefront reads that ask Elasticsearch: none a 500.
    const reads = ['/v1/suggest?q=sho', '/v1/products/shoe-1', '/v1/products/shoe-1/recommendations', '/v1/recommendations/trending'];
    const answers = await Promise.all(reads.map((path) => api.request('GET', path, { key: shop.publicKey })));
    assert.deepEqual(
      answers.map((answer, i) => [reads[i], answer.status, answer.body?.error?.code]),
      reads.map((path) => [path, 503, 'ELASTICSEARCH_UNAUTHORIZED']),
    );

    const ready = await api.request('GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.dependencies.elasticsearch.status, 'down');
    assert.match(ready.body.dependencies.elasticsearch.error, /refused Agora's credentials/);
    assert.equal(ready.body.dependencies.postgres.status, 'up');
  });

  it('without ELASTICSEARCH_CA_CERT the client refuses the certificate (TLS error, nothing reaches the front); with it, it connects', async () => {
    const seen = front.requests.length;
    const error = await clientFor(securedEnv({ ELASTICSEARCH_API_KEY: front.apiKey, ELASTICSEARCH_CA_CERT: '' }))
      .cluster.health()
      .then(
        () => assert.fail('trusted a certificate of an unknown CA'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof esErrors.ConnectionError, String(error));
    assert.match(error.message, /certificate/);
    assert.equal(front.requests.length, seen, 'no request got past the TLS handshake');

    const health = await clientFor(securedEnv({ ELASTICSEARCH_API_KEY: front.apiKey })).cluster.health();
    assert.ok(['green', 'yellow'].includes(health.status), health.status);
    assert.equal(front.requests.length, seen + 1);
  });
});
