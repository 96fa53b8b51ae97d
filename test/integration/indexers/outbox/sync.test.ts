import assert from 'node:assert/strict';
import type { ProductDocument } from '../../../../src/core/product-index';
import { writeBulk } from '../../../../indexers/bulk';
import { loadProductRows } from '../../../../indexers/documents/rows';
import { toIndexAction } from '../../../../indexers/sync';
import { createCatalog, productRow, waitFor } from '../support/catalog';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';

// Changes reach search through the outbox, the NOTIFY listener and the relay
// job, with Elasticsearch's default 1 s refresh: nothing is refreshed by hand.
describe('incremental sync through the outbox (real Postgres, Redis, Elasticsearch)', () => {
  let h: IndexingHarness;

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, 20);
    await h.reindex();
    await h.startWorker();
  });
  after(async () => {
    await h?.close();
  });

  const searchTitle = async (word: string) =>
    (await h.env.es.search<ProductDocument>({ index: h.alias, query: { match: { title_terms: word } }, version: true })).hits.hits;
  const searchId = async (id: string) =>
    (await h.env.es.search<ProductDocument>({ index: h.alias, query: { term: { id } }, version: true })).hits.hits[0];
  const dbVersion = async (id: string) => Number((await h.env.db('products').where({ id }).first('version')).version);

  it('makes a created product searchable within 2 s', async () => {
    await h.env.db('products').insert({ ...productRow('new-1', 1), title_en: 'Zorblax Skillet' });
    const committed = Date.now();
    const hits = await waitFor(
      'the new product in search',
      async () => ((await searchTitle('zorblax')).length > 0 ? searchTitle('zorblax') : undefined),
      5000,
    );
    const lag = Date.now() - committed;
    assert.ok(lag < 2000, `searchable after ${lag} ms`);
    assert.equal(hits[0]?._id, 'new-1');
    assert.equal(hits[0]?._version, await dbVersion('new-1'));
  });

  it('makes an update searchable within 2 s, with the database version', async () => {
    await h.env.db('products').where({ id: 'p-00003' }).update({ title_en: 'Quintaflux Wok', price: 42.5 });
    const committed = Date.now();
    const hit = await waitFor('the updated title in search', async () => (await searchTitle('quintaflux'))[0], 5000);
    const lag = Date.now() - committed;
    assert.ok(lag < 2000, `searchable after ${lag} ms`);
    assert.equal(hit._source?.price, 42.5);
    assert.equal(hit._version, await dbVersion('p-00003'));
  });

  it('removes a deleted product from search within 2 s (soft and hard delete)', async () => {
    await h.env.db('products').where({ id: 'p-00004' }).update({ status: 'deleted' });
    await h.env.db('products').where({ id: 'p-00005' }).delete();
    const committed = Date.now();
    await waitFor(
      'both products gone from search',
      async () => ((await searchId('p-00004')) || (await searchId('p-00005')) ? undefined : true),
      5000,
    );
    const lag = Date.now() - committed;
    assert.ok(lag < 2000, `gone after ${lag} ms`);
  });

  it('re-indexes every product under a renamed category', async () => {
    const [{ count }] = await h.env
      .db('products')
      .whereIn('category_id', ['cookware', 'knives'])
      .whereNot('status', 'deleted')
      .count<Array<{ count: string }>>({ count: '*' });
    await h.env.db('categories').where({ id: 'kitchen' }).update({ name_en: 'Cooking' });
    await waitFor('renamed ancestor in every document', async () => {
      const response = await h.env.es.count({ index: h.alias, query: { term: { 'category.names_en.keyword': 'Cooking' } } });
      return response.count === Number(count) ? true : undefined;
    });
  });

  it('hides the products of a suspended merchant from shoppers', async () => {
    await h.env.db('merchants').where({ id: 'm2' }).update({ status: 'suspended' });
    await waitFor('m2 products invisible', async () => {
      const response = await h.env.es.count({
        index: h.alias,
        query: { bool: { filter: [{ term: { 'merchant.id': 'm2' } }, { term: { visible: true } }] } },
      });
      return response.count === 0 ? true : undefined;
    });
  });

  it('relays on the commit notification alone, without waiting for a poll', async () => {
    await h.stopWorker();
    await h.startWorker({ pollIntervalMs: 60_000 });
    await h.env.db('products').where({ id: 'p-00008' }).update({ stock: 77 });
    const committed = Date.now();
    await waitFor(
      'the change relayed',
      async () => ((await h.env.db('search_outbox').whereNull('processed_at').first('id')) ? undefined : true),
      5000,
      10,
    );
    const lag = Date.now() - committed;
    assert.ok(lag < 500, `relayed ${lag} ms after the commit`);
    await h.stopWorker();
    await h.startWorker();
  });

  it('keeps a deleted product deleted when a stale update arrives after the delete', async () => {
    // A relay that read the product before the delete and wrote after it.
    const [stale] = await loadProductRows(h.env.db, ['p-00006']);
    assert.ok(stale);
    await h.env.db('products').where({ id: 'p-00006' }).update({ status: 'deleted' });
    await waitFor('the delete in search', async () => ((await searchId('p-00006')) ? undefined : true), 5000);

    const result = await writeBulk(h.env.es, [toIndexAction('p-00006', stale, 0)], { index: h.alias, requireAlias: true });
    assert.equal(result.superseded.length, 1, 'the tombstone outranks the stale version');
    // Also the same stale write after a hard delete, whose tombstone version comes from the sequence.
    const [staleHard] = await loadProductRows(h.env.db, ['p-00007']);
    await h.env.db('products').where({ id: 'p-00007' }).delete();
    await waitFor('the hard delete in search', async () => ((await searchId('p-00007')) ? undefined : true), 5000);
    const hard = await writeBulk(h.env.es, [toIndexAction('p-00007', staleHard, 0)], { index: h.alias, requireAlias: true });
    assert.equal(hard.superseded.length, 1);

    await h.env.es.indices.refresh({ index: h.alias });
    assert.equal(await searchId('p-00006'), undefined);
    assert.equal(await searchId('p-00007'), undefined);
    assert.equal((await h.env.es.get({ index: h.alias, id: 'p-00006' }, { ignore: [404] })).found, false);
  });
});
