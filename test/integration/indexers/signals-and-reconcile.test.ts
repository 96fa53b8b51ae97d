import assert from 'node:assert/strict';
import type { ProductDocument } from '../../../src/core/product-index';
import { relayOutbox } from '../../../indexers/outbox/relay';
import { reconcile } from '../../../indexers/reconcile/reconcile';
import { recomputeSignals } from '../../../indexers/signals/signals';
import { getIndexingStatus } from '../../../indexers/status/indexing-status';
import { createCatalog } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

const asOf = new Date('2026-06-01T00:00:00Z');
const daysAgo = (days: number) => new Date(asOf.getTime() - days * 86_400_000);

describe('signals, reconcile and status (real Postgres, Elasticsearch)', () => {
  let h: IndexingHarness;

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, 10);
    await h.reindex();
    await relay();
  });
  after(async () => {
    await h?.close();
  });

  const relay = () => relayOutbox({ db: h.env.db, es: h.env.es, config: h.env.config, logger: h.logger });
  const doc = async (id: string) => (await h.env.es.get<ProductDocument>({ index: h.alias, id }))._source!;

  it('reports the outbox backlog, the last reindex and the serving index', async () => {
    await h.env.db('products').where({ id: 'p-00001' }).update({ stock: 99 });
    const status = await getIndexingStatus({ db: h.env.db, es: h.env.es, config: h.env.config });
    assert.equal(status.outboxDepth, 1);
    assert.ok(status.oldestPendingAgeSeconds >= 0 && status.oldestPendingAgeSeconds < 60);
    assert.equal(status.lastReindex?.documents, 10);
    assert.equal(status.aliasTarget?.length, 1);
    assert.deepEqual(status.indexVersion.serving, status.indexVersion.code);
    await relay();
    assert.equal((await getIndexingStatus({ db: h.env.db, es: h.env.es, config: h.env.config })).outboxDepth, 0);
  });

  it('raises popularity and trend of a product that sells and is viewed lately, through a version bump', async () => {
    await h.env.db('customers').insert({ id: 'c1' });
    await h.env.db('orders').insert([
      { id: 'o1', customer_id: 'c1', placed_at: daysAgo(1), total: 20 },
      { id: 'o2', customer_id: 'c1', placed_at: daysAgo(2), total: 20 },
      { id: 'o3', customer_id: 'c1', placed_at: daysAgo(60), total: 20, status: 'cancelled' },
    ]);
    await h.env.db('order_items').insert([
      { order_id: 'o1', line_no: 1, product_id: 'p-00002', quantity: 2, unit_price: 10 },
      { order_id: 'o2', line_no: 1, product_id: 'p-00002', quantity: 1, unit_price: 10 },
      { order_id: 'o3', line_no: 1, product_id: 'p-00003', quantity: 9, unit_price: 10 },
    ]);
    await h.env
      .db('events')
      .insert([
        ...Array.from({ length: 5 }, () => ({ type: 'view', session_id: 's1', product_id: 'p-00002', occurred_at: daysAgo(1) })),
        ...Array.from({ length: 5 }, () => ({ type: 'view', session_id: 's1', product_id: 'p-00004', occurred_at: daysAgo(20) })),
      ]);
    const versionBefore = Number((await h.env.db('products').where({ id: 'p-00002' }).first('version')).version);

    const first = await recomputeSignals(h.env.db, { asOf });
    assert.equal(first.changed, 2, 'p-00002 and p-00004; the cancelled order does not count');
    assert.equal(first.touched, 2);
    await relay();

    const hot = await doc('p-00002');
    const cooling = await doc('p-00004');
    assert.ok(hot.popularity > cooling.popularity && cooling.popularity > 0);
    assert.ok(hot.trend > 1 && cooling.trend < 1);
    const versionAfter = Number((await h.env.db('products').where({ id: 'p-00002' }).first('version')).version);
    assert.ok(versionAfter > versionBefore, 'the signals change bumped the product version');
    assert.equal(hot.version, versionAfter, 'and the document carries it');
    assert.equal((await doc('p-00003')).popularity, 0);

    const again = await recomputeSignals(h.env.db, { asOf });
    assert.deepEqual(again, { changed: 0, touched: 0 }, 'nothing moved, nothing is re-indexed');
  });

  it("gives a catalog's best sellers by its own sales rank a popularity until their activity here says more (issue 19)", async () => {
    // p-00002 sold and was viewed (above); p-00006..8 are ranked by the merchant's history and have no activity here.
    await h.env.db('products').where({ id: 'p-00006' }).update({ sales_rank: 40_000 });
    await h.env.db('products').where({ id: 'p-00007' }).update({ sales_rank: 12 });
    await h.env.db('products').where({ id: 'p-00008' }).update({ sales_rank: 900 });
    await h.env.db('products').where({ id: 'p-00002' }).update({ sales_rank: 100_000 });
    await recomputeSignals(h.env.db, { asOf });
    await relay();
    const popularity = async (id: string) => (await doc(id)).popularity;
    // By position among the merchant's ranked: m1 (even ids) has 3, ln(1 + 3/1), ln(1 + 3/2); m2 only p-00007, ln(1 + 1/1).
    assert.equal(await popularity('p-00008'), Number(Math.log(4).toFixed(4)));
    assert.equal(await popularity('p-00006'), Number(Math.log(1 + 3 / 2).toFixed(4)));
    assert.equal(await popularity('p-00007'), Number(Math.log(2).toFixed(4)));
    // Ranked last of m1 (ln 2), its own sales say more: they stand.
    assert.ok((await popularity('p-00002')) > Math.log(4), 'activity above the rank keeps its popularity');
    assert.equal(await popularity('p-00009'), 0, 'unranked and inactive: nothing');
  });

  const rankAll = async (ranks: Record<string, number>) => {
    await h.env.db('products').whereNotNull('sales_rank').update({ sales_rank: null });
    for (const [id, rank] of Object.entries(ranks)) await h.env.db('products').where({ id }).update({ sales_rank: rank });
    await recomputeSignals(h.env.db, { asOf });
    await relay();
  };
  const popularityOf = async (id: string) => (await doc(id)).popularity;
  const ln = (x: number) => Number(Math.log(x).toFixed(4));

  it("ranks each merchant's products among its own, so one merchant's rank numbers never outrank another's best seller (issue 19)", async () => {
    // m1 (even ids) sends its store-wide ranks, m2 (odd ids) ranks within its catalog: both say "best, second, third".
    await rankAll({ 'p-00000': 5_000, 'p-00008': 6_000, 'p-00006': 7_000, 'p-00001': 1, 'p-00003': 2, 'p-00005': 3 });
    for (const [m1, m2, expected] of [
      ['p-00000', 'p-00001', ln(1 + 3 / 1)],
      ['p-00008', 'p-00003', ln(1 + 3 / 2)],
      ['p-00006', 'p-00005', ln(1 + 3 / 3)],
    ] as const) {
      assert.equal(await popularityOf(m1), expected, `${m1}: its position among m1's ranked products`);
      assert.equal(await popularityOf(m2), expected, `${m2}: its position among m2's ranked products`);
    }
    assert.equal(await popularityOf('p-00007'), 0, 'its rank removed and no activity: back to nothing, and re-indexed');
  });

  it('gives products tied on sales rank one popularity, that of the last of them: a merchant gains nothing by ties (issue 19)', async () => {
    await rankAll({ 'p-00001': 1, 'p-00003': 1, 'p-00005': 1, 'p-00009': 2 });
    for (const id of ['p-00001', 'p-00003', 'p-00005']) assert.equal(await popularityOf(id), ln(1 + 4 / 3), `${id}: third of four`);
    assert.equal(await popularityOf('p-00009'), ln(2));
    await rankAll({ 'p-00001': 1, 'p-00003': 1, 'p-00005': 1, 'p-00007': 1, 'p-00009': 1 });
    for (const id of ['p-00001', 'p-00003', 'p-00005', 'p-00007', 'p-00009'])
      assert.equal(await popularityOf(id), ln(2), `${id}: every product "the best seller" says nothing`);
  });

  it('finds missing, extra, stale and ahead documents, and repairs them', async () => {
    await h.env.es.delete({ index: h.alias, id: 'p-00005' });
    await h.env.es.index({
      index: h.alias,
      id: 'ghost',
      document: { ...(await doc('p-00006')), id: 'ghost' },
      version: 5,
      version_type: 'external',
    });
    const stale = await h.env.es.get<ProductDocument>({ index: h.alias, id: 'p-00007' });
    await h.env.db('products').where({ id: 'p-00007' }).update({ stock: 55 });
    await h.env.db('search_outbox').whereNull('processed_at').update({ processed_at: h.env.db.fn.now() }); // a lost change
    const p8 = Number((await h.env.db('products').where({ id: 'p-00008' }).first('version')).version);
    await h.env.es.index({ index: h.alias, id: 'p-00008', document: await doc('p-00008'), version: p8 + 1000, version_type: 'external' });
    await h.env.es.indices.refresh({ index: h.alias });

    const report = await reconcile({ db: h.env.db, es: h.env.es, config: h.env.config });
    assert.deepEqual(report.drift, { missing: 1, extra: 1, stale: 1, ahead: 1 });
    assert.deepEqual(report.samples, { missing: ['p-00005'], extra: ['ghost'], stale: ['p-00007'], ahead: ['p-00008'] });
    assert.ok(stale.found);

    const repaired = await reconcile({ db: h.env.db, es: h.env.es, config: h.env.config }, { repair: true });
    // p-00007 is rewritten and the ghost deleted; p-00005's delete left a tombstone newer than its
    // Postgres version, so like p-00008 (ahead) it gets a fresh version through the outbox.
    assert.deepEqual(repaired.repaired, { written: 1, deleted: 1, bumped: 2, rejected: 0 });
    await relay();
    await h.env.es.indices.refresh({ index: h.alias });
    const after = await reconcile({ db: h.env.db, es: h.env.es, config: h.env.config });
    assert.deepEqual(after.drift, { missing: 0, extra: 0, stale: 0, ahead: 0 });
    assert.equal(after.postgres, after.elasticsearch);
  });
});
