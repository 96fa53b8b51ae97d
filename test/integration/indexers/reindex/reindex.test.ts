import assert from 'node:assert/strict';
import { reconcile } from '../../../../indexers/reconcile/reconcile';
import { relayOutbox } from '../../../../indexers/outbox/relay';
import { runJob } from '../../../../jobs/register';
import { aliasTargets } from '../../../../indexers/reindex/aliases';
import { captureOutboxPosition, requeueChangesSince } from '../../../../indexers/reindex/replay';
import { isProductsIndex, productsIndexPattern } from '../../../../src/core/product-index';
import { addProducts, createCatalog, pendingOutbox } from '../support/catalog';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';

describe('full reindex (real Postgres, Redis, Elasticsearch)', () => {
  let h: IndexingHarness;

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, 3000);
    await h.reindex();
    await h.startWorker();
  });
  after(async () => {
    await h?.close();
  });

  const productIndexes = async () =>
    Object.keys(await h.env.es.indices.get({ index: productsIndexPattern(h.env.config.indexPrefix) }))
      .filter((n) => isProductsIndex(h.env.config.indexPrefix, n))
      .sort();

  it('loses no update streamed in while it runs, and searches never fail', async () => {
    const before = await aliasTargets(h.env.es, h.alias);
    let writing = true;
    let searching = true;
    let updates = 0;
    let searches = 0;
    const searchFailures: string[] = [];
    let created = 0;

    const writer = async (w: number) => {
      for (let i = 0; writing; i += 1) {
        const id = `p-${String((i * 7 + w * 13) % 3000).padStart(5, '0')}`;
        if (i % 10 === 9) await addProducts(h.env.db, 1, `new${w}`, created++);
        else if (i % 25 === 24) await h.env.db('products').where({ id }).update({ status: 'deleted' });
        else
          await h.env
            .db('products')
            .where({ id })
            .update({ price: (1 + ((i * 31 + w) % 500)).toFixed(2), title_en: `Streamed ${w}-${i}` });
        updates += 1;
      }
    };
    const searcher = async () => {
      while (searching) {
        try {
          const response = await h.env.es.search({ index: h.alias, query: { match: { title_terms: 'pan' } }, size: 5 });
          if (response.hits.hits.length === 0) searchFailures.push('no hits');
          searches += 1;
        } catch (error) {
          searchFailures.push(String(error));
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    const load = [writer(1), writer(2), writer(3), searcher(), searcher()];
    // Small batches make the reindex slow enough for many changes to land during it.
    const summary = await h.reindex({ batchSize: 100, concurrency: 2 });
    // Keep writing through the swap and the post-swap replay, then stop.
    await new Promise((resolve) => setTimeout(resolve, 500));
    writing = false;
    await Promise.all(load.slice(0, 3));
    await h.drain(30_000);
    searching = false;
    await Promise.all(load.slice(3));

    assert.ok(updates > 100, `${updates} changes were made during the reindex`);
    assert.ok(summary.replayed > 0, 'changes made during the build were replayed');
    assert.deepEqual(searchFailures, [], `${searches} searches`);
    assert.deepEqual(await aliasTargets(h.env.es, h.alias), [summary.index]);
    assert.deepEqual(summary.previous, before);

    const report = await reconcile({ db: h.env.db, es: h.env.es, config: h.env.config });
    assert.deepEqual(report.drift, { missing: 0, extra: 0, stale: 0, ahead: 0 }, JSON.stringify(report.samples));
    assert.equal(report.elasticsearch, report.postgres);
  });

  it('keeps one previous index and deletes older ones', async () => {
    const [oldest, serving] = await productIndexes();
    assert.ok(oldest && serving);
    const summary = await h.reindex();
    assert.deepEqual(summary.deleted, [oldest]);
    assert.deepEqual(await productIndexes(), [serving, summary.index]);
  });

  it('can hand a replay over to the relay (the fallback when a replay after the swap fails)', async () => {
    await h.stopWorker();
    const position = await captureOutboxPosition(h.env.db);
    await h.env.db('products').where({ id: 'p-00010' }).update({ title_en: 'Handed Over' });
    await relayOutbox({ db: h.env.db, es: h.env.es, config: h.env.config, logger: h.logger });
    assert.equal(await requeueChangesSince(h.env.db, position), 1);
    assert.equal(await pendingOutbox(h.env.db), 1);
    await h.startWorker();
    await h.drain();
  });

  it('runs one reindex at a time: a second job finds the lock taken and steps aside', async () => {
    const deps = { config: h.env.config, logger: h.logger, es: h.env.es, db: h.env.db, queue: h.queue };
    const results = await Promise.all([runJob({ type: 'index.reindex' }, deps), runJob({ type: 'index.reindex' }, deps)]);
    const skipped = results.filter((r) => (r as { skipped?: string }).skipped !== undefined);
    assert.equal(skipped.length, 1, JSON.stringify(results));
    assert.equal((await productIndexes()).length, 2, 'still the serving index and one previous');
  });

  it('records the runs for status', async () => {
    const runs = await h.env.db('search_reindex_runs').orderBy('id');
    assert.equal(runs.length, 4);
    assert.ok(runs.every((r) => r.status === 'succeeded' && Number(r.documents) > 0 && r.duration_ms !== null));
  });
});
