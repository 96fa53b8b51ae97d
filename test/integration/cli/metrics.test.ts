import assert from 'node:assert/strict';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics, instrumentDatabase, instrumentElasticsearch, type Metrics } from '../../../src/core/metrics';
import { createApiKey } from '../../../src/auth/api-keys';
import { startMetricsServer } from '../../../src/cli/metrics-server';
import { createOperationsProbe } from '../../../src/cli/operations-probe';
import { createQueue, type AgoraQueue } from '../../../jobs/queue/create-queue';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { loadSearchCatalog } from '../../support/search-catalog';

/** One sample's value from Prometheus's text format, 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const body = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

describe('Prometheus metrics (real API, Elasticsearch, Postgres, Redis)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  let api: TestApi;
  let queue: AgoraQueue;
  let metrics: Metrics;
  let server: http.Server;
  let key: string;
  let scrapeUrl: string;
  const scrape = async () => {
    const response = await fetch(scrapeUrl);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
    return response.text();
  };

  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    queue = createQueue(env.config);
    metrics = createMetrics({ probe: createOperationsProbe({ db: env.db, es: env.es, queue, config: env.config }) });
    instrumentElasticsearch(env.es, metrics);
    instrumentDatabase(env.db, metrics);
    api = await startTestApi(env, { metrics });
    server = await startMetricsServer(metrics.registry, '127.0.0.1', 0);
    scrapeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    key = (await createApiKey(env.db, { role: 'public' })).key;
  });
  after(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await api?.close();
    await queue?.close();
    await env?.cleanup();
  });

  it('a search then a scrape: the search route’s histogram counted it, by route template and status', async () => {
    const route = { route: '/v1/search', method: 'GET', status: '200' };
    const before = sample(await scrape(), 'agora_http_request_duration_seconds_count', route);
    const response = await api.request('GET', '/v1/search?q=skillet', { key });
    assert.equal(response.status, 200);
    const after = await scrape();
    assert.equal(sample(after, 'agora_http_request_duration_seconds_count', route), before + 1);
    assert.ok(sample(after, 'agora_elasticsearch_request_duration_seconds_count', { operation: '_search', outcome: 'ok' }) > 0);
    assert.ok(sample(after, 'agora_postgres_query_duration_seconds_count', { outcome: 'ok' }) > 0);
  });

  it('a product route is labelled by its template, never by the id; an unknown path as unmatched', async () => {
    await api.request('GET', '/v1/products/shoe-1', { key });
    await api.request('GET', '/no/such/path/12345', { key });
    const text = await scrape();
    assert.ok(!text.includes('shoe-1') && !text.includes('12345'), 'no raw path in any label');
    assert.ok(sample(text, 'agora_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }) >= 1);
  });

  it('counts result cache hits and misses', async () => {
    const before = await scrape();
    await api.request('GET', '/v1/search?q=lamp&size=3', { key });
    await api.request('GET', '/v1/search?q=lamp&size=3', { key });
    const after = await scrape();
    const delta = (result: string) =>
      sample(after, 'agora_search_result_cache_lookups_total', { result }) -
      sample(before, 'agora_search_result_cache_lookups_total', { result });
    assert.equal(delta('hit') + delta('miss'), 2);
  });

  it('reports outbox depth and oldest age, queue counts and the last reindex duration at scrape time', async () => {
    await env.db('products').where({ id: 'shoe-1' }).update({ price: 77 });
    const text = await scrape();
    assert.ok(sample(text, 'agora_outbox_depth') >= 1, 'the update waits in the outbox (no worker runs here)');
    assert.ok(text.includes('agora_outbox_oldest_pending_age_seconds '));
    assert.ok(text.includes('agora_queue_jobs{state="waiting"}'));
    assert.ok(sample(text, 'agora_last_reindex_duration_seconds') > 0);
  });

  it('anything but GET /metrics is a 404', async () => {
    assert.equal((await fetch(scrapeUrl.replace('/metrics', '/'))).status, 404);
  });
});
