import assert from 'node:assert/strict';
import { runJob } from '../../../../jobs/register';
import { aliasTargets } from '../../../../indexers/reindex/aliases';
import { reindex } from '../../../../indexers/reindex/reindex';
import { IndexTopologyError, applyLiveTopology, waitForAllCopies } from '../../../../indexers/reindex/topology';
import { createProductIndexRequest } from '../../../../src/core/product-index';
import { createProgress } from '../../../../src/core/progress';
import { createCatalog } from '../support/catalog';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';

/**
 * Shards, replicas and refresh interval come from the configuration on every path that builds an
 * index, and the alias moves only onto an index whose every copy is active. The shared cluster
 * has one node: replicas there can never be assigned, which is what the refusals below rely on.
 */
describe('index topology from the configuration (real Elasticsearch, one node)', () => {
  let h: IndexingHarness;

  before(async () => {
    h = await createIndexingHarness({ ELASTICSEARCH_SHARDS: '2', ELASTICSEARCH_REPLICAS: '0', ELASTICSEARCH_REFRESH_INTERVAL: '5s' });
    await createCatalog(h.env.db, 50);
  });
  after(async () => {
    await h?.close();
  });

  const settingsOf = async (index: string) => {
    const response = await h.env.es.indices.getSettings({ index, flat_settings: true });
    return response[index]!.settings as Record<string, string>;
  };

  it('a reindex builds the configured shards and refresh interval', async () => {
    const summary = await h.reindex();
    const settings = await settingsOf(summary.index);
    assert.equal(settings['index.number_of_shards'], '2');
    assert.equal(settings['index.number_of_replicas'], '0');
    assert.equal(settings['index.refresh_interval'], '5s');
    assert.deepEqual(await aliasTargets(h.env.es, h.alias), [summary.index]);
  });

  it('the worker’s reindex job builds them too', async () => {
    const deps = { config: { ...h.env.config, elasticsearchShards: 3 }, logger: h.logger, es: h.env.es, db: h.env.db, queue: h.queue };
    await runJob({ type: 'index.reindex' }, deps);
    const [serving] = await aliasTargets(h.env.es, h.alias);
    assert.equal((await settingsOf(serving!))['index.number_of_shards'], '3');
  });

  it('replicas a one-node cluster cannot hold: the reindex fails at once, names the setting and leaves the alias', async () => {
    const before = await aliasTargets(h.env.es, h.alias);
    const started = Date.now();
    await assert.rejects(
      reindex(
        { db: h.env.db, es: h.env.es, config: { ...h.env.config, elasticsearchReplicas: 1 }, logger: h.logger },
        { progress: (total) => createProgress({ label: 'reindex', total, write: () => undefined }) },
      ),
      (error: unknown) =>
        error instanceof IndexTopologyError &&
        /1 replicas \(ELASTICSEARCH_REPLICAS, or agora reindex --replicas\) need 2 data nodes/.test(error.message),
    );
    assert.ok(Date.now() - started < 5000, 'refused before loading anything');
    assert.deepEqual(await aliasTargets(h.env.es, h.alias), before);
  });

  it('replicas that never become active: the wait is bounded and says what is missing', async () => {
    const index = `${h.env.config.indexPrefix}-products-unassignable`;
    await h.env.es.indices.create(createProductIndexRequest(index, { shards: 1 }));
    await h.env.es.indices.putSettings({ index, settings: { number_of_replicas: 1 } });
    const started = Date.now();
    await assert.rejects(
      waitForAllCopies(h.env.es, index, { shards: 1, replicas: 1, refreshInterval: '1s' }, 2),
      (error: unknown) => error instanceof IndexTopologyError && /1 of 2 shard copies active after 2s/.test(error.message),
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 1900 && waited < 8000, `waited ${waited} ms`);
    await h.env.es.indices.delete({ index });
  });

  it('all copies active: the wait returns at once', async () => {
    const [serving] = await aliasTargets(h.env.es, h.alias);
    const started = Date.now();
    await waitForAllCopies(h.env.es, serving!, { shards: 3, replicas: 0, refreshInterval: '5s' }, 30);
    assert.ok(Date.now() - started < 2000);
  });

  it('npm start’s --if-missing path applies a changed refresh interval to the serving index in place and reports a shard change', async () => {
    const [serving] = await aliasTargets(h.env.es, h.alias);
    const notes = await applyLiveTopology(h.env.es, h.alias, { shards: 1, replicas: 0, refreshInterval: '2s' });
    assert.equal((await settingsOf(serving!))['index.refresh_interval'], '2s');
    assert.ok(notes.some((n) => /refresh 5s → 2s/.test(n)));
    assert.ok(notes.some((n) => /3 shards, ELASTICSEARCH_SHARDS asks for 1: run agora reindex/.test(n)));
    assert.deepEqual(await applyLiveTopology(h.env.es, h.alias, { shards: 3, replicas: 0, refreshInterval: '2s' }), []);
  });
});
