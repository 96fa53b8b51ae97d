import assert from 'node:assert/strict';
import { relayOutbox } from '../../../indexers/outbox/relay';
import { listRejectedDocuments } from '../../../indexers/rejected';
import { getIndexingStatus } from '../../../indexers/status/indexing-status';
import { createCatalog, productRow } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

// An attribute value longer than Lucene's 32,766-byte term limit: a bad value
// that only Elasticsearch notices, as a mapping conflict would be.
const oversized = JSON.stringify({ colour: 'red', engraving: 'x'.repeat(40_000) });

describe('documents Elasticsearch rejects (real Postgres, Elasticsearch)', () => {
  let h: IndexingHarness;

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, 10);
    await h.reindex();
    await relayOutbox({ db: h.env.db, es: h.env.es, config: h.env.config, logger: h.logger });
  });
  after(async () => {
    await h?.close();
  });

  const relay = () => relayOutbox({ db: h.env.db, es: h.env.es, config: h.env.config, logger: h.logger });

  it('records the rejected document with its reason and indexes the rest of the batch', async () => {
    await h.env
      .db('products')
      .insert([{ ...productRow('bad-1', 1), attributes: oversized }, productRow('good-1', 2), productRow('good-2', 3)]);
    const summary = await relay();
    assert.equal(summary.rejected, 1);
    assert.equal(summary.written, 2);
    assert.equal(
      await h.env
        .db('search_outbox')
        .whereNull('processed_at')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
      0,
      'the batch is not blocked',
    );

    const docs = await h.env.es.mget({ index: h.alias, ids: ['bad-1', 'good-1', 'good-2'] });
    assert.deepEqual(
      docs.docs.map((d) => 'found' in d && d.found),
      [false, true, true],
    );

    const [rejected] = await listRejectedDocuments(h.env.db);
    assert.equal(rejected?.productId, 'bad-1');
    assert.equal(rejected?.status, 400);
    assert.equal(rejected?.errorType, 'document_parsing_exception');
    assert.match(rejected?.reason ?? '', /failed to parse field \[attributes\]/);
    assert.ok((rejected?.reason.length ?? 0) < 1000, 'the reason is cut short');
    assert.equal((await getIndexingStatus({ db: h.env.db, es: h.env.es, config: h.env.config })).rejectedDocuments, 1);
  });

  it('counts repeated refusals and clears the record once a fixed version is indexed', async () => {
    await h.env.db('products').where({ id: 'bad-1' }).update({ price: 12 });
    await relay();
    assert.equal((await listRejectedDocuments(h.env.db))[0]?.attempts, 2);

    await h.env
      .db('products')
      .where({ id: 'bad-1' })
      .update({ attributes: JSON.stringify({ colour: 'red' }) });
    await relay();
    assert.deepEqual(await listRejectedDocuments(h.env.db), []);
    assert.equal((await h.env.es.get({ index: h.alias, id: 'bad-1' })).found, true);
  });

  it('lets a full reindex finish without the rejected document and report it', async () => {
    await h.env.db('products').where({ id: 'good-2' }).update({ attributes: oversized });
    await relay();
    const summary = await h.reindex();
    assert.ok(summary.rejected >= 1);
    assert.equal(summary.documents, 12);
    assert.deepEqual(
      (await listRejectedDocuments(h.env.db)).map((r) => r.productId),
      ['good-2'],
    );
  });
});
