import assert from 'node:assert/strict';
import { documentBuilderId } from '../../../../indexers/documents/builder';
import { loadProductRows } from '../../../../indexers/documents/rows';
import { scanStoredDocuments, storeDocuments } from '../../../../indexers/documents/stored';
import { toProductDocument } from '../../../../indexers/documents/to-document';
import { createCatalog } from '../support/catalog';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';

describe('stored documents (reindex reuse, real Postgres and Elasticsearch)', () => {
  let h: IndexingHarness;
  const products = 400;

  before(async () => {
    // product_documents alone: the last reindex's snapshot, read first when there is one, has tests of its own.
    h = await createIndexingHarness({ REINDEX_SNAPSHOT_DIR: 'off' });
    await createCatalog(h.env.db, products);
  });
  after(async () => {
    await h?.close();
  });

  const stored = (id: string) =>
    h.env.db('product_documents').where({ product_id: id }).first<{ version: string; builder: string; body: string } | undefined>();

  /** Every indexed document equals the one built from Postgres now: what a reindex that reused nothing would write. */
  const assertIndexMatchesPostgres = async () => {
    const rows = await loadProductRows(h.env.db, (await h.env.db('products').whereNot({ status: 'deleted' }).pluck('id')) as string[]);
    const response = await h.env.es.mget<Record<string, unknown>>({ index: h.alias, ids: rows.map((r) => r.id) });
    const indexed = new Map(response.docs.map((d) => [d._id, 'found' in d && d.found ? d._source : undefined]));
    for (const row of rows)
      assert.deepEqual(indexed.get(row.id), JSON.parse(JSON.stringify(toProductDocument(row))), `document of ${row.id}`);
  };

  it('builds every document the first time and keeps them with their version and builder', async () => {
    // Small pages, so many request bodies are reused while others are still being stored.
    const summary = await h.reindex({ batchSize: 25 });
    assert.deepEqual([summary.documents, summary.built, summary.reused], [products, products, 0]);
    const kept = new Map(
      (await h.env.db('product_documents').select('product_id', 'version', 'builder', 'body')).map(
        (r: { product_id: string; version: string; builder: string; body: string }) => [r.product_id, r],
      ),
    );
    const rows = await loadProductRows(h.env.db, (await h.env.db('products').pluck('id')) as string[]);
    assert.equal(kept.size, rows.length);
    for (const row of rows) {
      const copy = kept.get(row.id);
      assert.ok(copy, row.id);
      assert.deepEqual([copy.version, copy.builder], [row.version, documentBuilderId()], row.id);
      assert.equal(copy.body, JSON.stringify(toProductDocument(row)), `stored document of ${row.id}`);
    }
  });

  it('reuses only documents built from the current version by this code, and the index ends up as a full rebuild would', async () => {
    // Changed since it was stored (the worker is not running, so nothing refreshes the stored copy).
    await h.env.db('products').where({ id: 'p-00001' }).update({ title_en: 'Renamed Saucepan' });
    // A category rename changes every product below it (their versions are bumped by the trigger).
    const renamed = (await h.env.db('products').where({ category_id: 'knives' }).pluck('id')).length;
    assert.ok(renamed > 0);
    await h.env.db('categories').where({ id: 'knives' }).update({ name_en: 'Blades' });
    // Same version but built by other code: an older analysis must not leak into the new index.
    await h.env
      .db('product_documents')
      .where({ product_id: 'p-00002' })
      .update({ builder: 'v0-older', body: '{"id":"p-00002","title_en":"stale"}' });

    const summary = await h.reindex({ batchSize: 150 });
    assert.equal(summary.documents, products);
    assert.equal(summary.built, 2 + renamed);
    assert.equal(summary.reused, products - 2 - renamed);
    await assertIndexMatchesPostgres();
    const blades = await h.env.es.search({
      index: h.alias,
      query: { term: { 'category.names_en.keyword': 'Blades' } },
      size: 0,
      track_total_hits: true,
    });
    assert.equal((blades.hits.total as { value: number }).value, renamed);
  });

  it('does not reuse a document after a signal or recommendation written by any writer, not only the jobs', async () => {
    // No job involved: a manual fix straight into the tables the jobs own.
    await h.env.db('product_signals').insert({ product_id: 'p-00011', popularity: 7.5, trend: 2, computed_at: h.env.db.fn.now() });
    await h.env.db('product_recommendations').insert({ product_id: 'p-00012', also_bought: ['p-00013'], computed_at: h.env.db.fn.now() });
    const summary = await h.reindex();
    assert.equal(summary.built, 2);
    await assertIndexMatchesPostgres();
    const indexed = await h.env.es.get<{ popularity: number; recommendations: { also_bought: string[] } }>({
      index: h.alias,
      id: 'p-00011',
    });
    assert.equal(indexed._source?.popularity, 7.5);
    const other = await h.env.es.get<{ recommendations: { also_bought: string[] } }>({ index: h.alias, id: 'p-00012' });
    assert.deepEqual(other._source?.recommendations.also_bought, ['p-00013']);
  });

  it('never replaces a newer stored version with an older one, and reads back ids that need escaping', async () => {
    const builder = 'test-builder';
    const odd = `o'brien\\茶-"x"`;
    await storeDocuments(h.env.db, builder, [
      { id: odd, version: 9, json: '{"v":9}' },
      { id: 'zz-1', version: 5, json: '{"v":5}' },
    ]);
    await storeDocuments(h.env.db, builder, [
      { id: odd, version: 8, json: '{"v":8}' },
      { id: 'zz-1', version: 6, json: Buffer.from('{"v":6}') },
    ]);
    const read: Array<[string, number, string]> = [];
    await scanStoredDocuments(
      h.env.db,
      builder,
      null,
      '\uffff',
      ({ id, version, data, start, end }) => void read.push([id, version, data.toString('utf8', start, end)]),
    );
    assert.deepEqual(
      read.sort((a, b) => a[0].localeCompare(b[0])),
      [
        [odd, 9, '{"v":9}'],
        ['zz-1', 6, '{"v":6}'],
      ],
    );
    await h.env.db('product_documents').where({ builder }).delete();
  });

  it('rebuilds every document when asked', async () => {
    const summary = await h.reindex({ reuseStoredDocuments: false });
    assert.deepEqual([summary.documents, summary.built, summary.reused], [products, products, 0]);
    await assertIndexMatchesPostgres();
  });

  it('keeps the stored documents current through the outbox relay, and forgets deleted products', async () => {
    await h.startWorker();
    // The catalog's own outbox rows first: a relay still working on those could store a version older than a delete.
    await h.drain();
    await h.env.db('products').where({ id: 'p-00003' }).update({ price: '12.34' });
    await h.env.db('products').where({ id: 'p-00004' }).update({ status: 'deleted' });
    await h.env.db('products').where({ id: 'p-00005' }).delete();
    await h.drain();
    const [product] = await loadProductRows(h.env.db, ['p-00003']);
    const row = await stored('p-00003');
    assert.equal(row?.version, product!.version);
    assert.equal(JSON.parse(row!.body).price, 12.34);
    assert.equal(await stored('p-00004'), undefined);
    assert.equal(await stored('p-00005'), undefined);

    // What a relay that lost that race leaves behind: a document of a product that is gone.
    await h.env.db('product_documents').insert({ product_id: 'p-00005', version: 1, builder: documentBuilderId(), body: '{}' });

    const summary = await h.reindex();
    assert.deepEqual([summary.documents, summary.built, summary.reused], [products - 2, 0, products - 2]);
    await assertIndexMatchesPostgres();
    assert.equal(await stored('p-00005'), undefined, 'the reindex drops stored documents of products that are gone');
    assert.equal(Number((await h.env.db('product_documents').count({ n: '*' }))[0]!.n), products - 2);
  });
});
