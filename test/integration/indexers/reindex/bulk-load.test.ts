import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { bulkLoad } from '../../../../indexers/reindex/load';
import { createProductIndexRequest, indexTopology } from '../../../../src/core/product-index';
import { createTestEnvironment, type TestEnvironment } from '../../../support/environment';
import { loadSearchCatalog } from '../../../support/search-catalog';

/**
 * The reindex loader when a _bulk fails midway: it must not return (and let
 * the caller drop the new index) while other requests are still under way,
 * and must start none after.
 */
describe('bulk loading a fresh index (real Postgres and Elasticsearch)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
  });
  after(async () => {
    await env?.cleanup();
  });

  /** The environment's client with its _bulk requests counted, slowed, and the `failAt`-th one failing. */
  function watchedClient(failAt: number) {
    const transport = env.es.transport as unknown as { request: (params: { path?: string }, ...rest: unknown[]) => Promise<unknown> };
    const original = transport.request.bind(transport);
    const seen = { started: 0, inFlight: 0, startedAfterFailure: 0, failed: false };
    const es = Object.create(env.es) as ElasticsearchClient;
    Object.defineProperty(es, 'transport', {
      value: {
        ...transport,
        request: async (params: { path?: string }, ...rest: unknown[]) => {
          if (!params.path?.endsWith('/_bulk')) return original(params, ...rest);
          const call = ++seen.started;
          if (seen.failed) seen.startedAfterFailure++;
          seen.inFlight++;
          try {
            // The failing request answers fast, the others slowly: they are still running when it fails.
            await sleep(call === failAt ? 10 : 300);
            if (call === failAt) {
              seen.failed = true;
              throw new Error('bulk refused for the test');
            }
            return await original(params, ...rest);
          } finally {
            seen.inFlight--;
          }
        },
      },
    });
    return { es, seen };
  }

  it('waits for the requests under way before failing, and starts none after the failure', async () => {
    const index = `${env.config.indexPrefix}-products-bulkload`;
    await env.es.indices.create(createProductIndexRequest(index, indexTopology(env.config)));
    const { es, seen } = watchedClient(2);
    let inFlightAtRejection = -1;
    await assert.rejects(
      bulkLoad(env.db, es, index, { batchSize: 3, concurrency: 2 }).catch((error: unknown) => {
        inFlightAtRejection = seen.inFlight;
        throw error;
      }),
      /bulk refused for the test/,
    );
    assert.equal(inFlightAtRejection, 0, 'nothing is still writing when the caller hears of the failure');
    assert.equal(seen.startedAfterFailure, 0, 'no batch is sent after the failure');
    assert.ok(seen.started >= 2);
    await env.es.indices.delete({ index });
  });

  it('refuses a concurrency that would hang or lift the limit', async () => {
    await assert.rejects(bulkLoad(env.db, env.es, 'unused', { concurrency: 0 }), /concurrency must be a positive integer/);
    await assert.rejects(bulkLoad(env.db, env.es, 'unused', { concurrency: Number.NaN }), /concurrency must be a positive integer/);
  });
});
