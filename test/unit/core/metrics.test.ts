import assert from 'node:assert/strict';
import { createMetrics, elasticsearchOperation } from '../../../src/core/metrics';
import { loadConfig } from '../../../src/core/config';

describe('metrics', () => {
  it('names an Elasticsearch request by its last _-segment, else its method', () => {
    assert.equal(elasticsearchOperation('POST', '/agora-products/_search'), '_search');
    assert.equal(elasticsearchOperation('PUT', '/agora-products/_doc/sku-1'), '_doc');
    assert.equal(elasticsearchOperation('POST', '/_bulk?refresh=false'), '_bulk');
    assert.equal(elasticsearchOperation('GET', '/_cluster/health/agora-products'), '_cluster');
    assert.equal(elasticsearchOperation('HEAD', '/agora-products'), 'head');
  });

  it('each createMetrics has its own registry: two never share a series (no module-level singleton)', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.httpDuration.observe({ route: '/v1/search', method: 'GET', status: '200' }, 0.01);
    assert.match(
      await a.registry.metrics(),
      /agora_http_request_duration_seconds_count\{route="\/v1\/search",method="GET",status="200"\} 1/,
    );
    assert.doesNotMatch(await b.registry.metrics(), /route="\/v1\/search"/);
  });

  it('the operations gauges read one probe per scrape', async () => {
    let calls = 0;
    const metrics = createMetrics({
      probe: async () => {
        calls += 1;
        return {
          outboxDepth: 7,
          oldestPendingAgeSeconds: 3,
          recentLag: { p50: 0.2, p99: 1.1, count: 40 },
          lastReindexSeconds: 12,
          lastTrainingSeconds: null,
          queue: { waiting: 2, active: 1 },
        };
      },
    });
    const text = await metrics.registry.metrics();
    assert.equal(calls, 1);
    assert.match(text, /agora_outbox_depth 7/);
    assert.match(text, /agora_commit_to_indexed_seconds\{quantile="0.99"\} 1.1/);
    assert.match(text, /agora_queue_jobs\{state="waiting"\} 2/);
    assert.match(text, /agora_last_training_duration_seconds Nan\n/);
  });

  it('METRICS_PORT is off (0) by default and listens on loopback when set', () => {
    assert.equal(loadConfig({}).metricsPort, 0);
    const config = loadConfig({ METRICS_PORT: '9464' });
    assert.deepEqual([config.metricsPort, config.metricsHost], [9464, '127.0.0.1']);
  });
});
