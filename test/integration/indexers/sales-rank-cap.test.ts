import assert from 'node:assert/strict';
import type { ProductDocument } from '../../../src/core/product-index';
import { relayOutbox } from '../../../indexers/outbox/relay';
import { recomputeSignals } from '../../../indexers/signals/signals';
import { createCatalog } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

const asOf = new Date('2026-06-01T00:00:00Z');

/**
 * Issue 19 review: a catalog's sales ranks give popularity ln(1 + ranked / position), which for the head of a large
 * ranked catalog (ln 31 for the best of 30 here, ln 6,030 for the best of 6,029) outranked everything shoppers did here,
 * for as long as the rank stood. Once there is activity, a rank lifts a product at most to the most popular product's.
 */
describe('signals: a sales rank lifts a product at most as high as measured activity goes (real Postgres, Elasticsearch)', () => {
  let h: IndexingHarness;
  let ids: string[];

  before(async () => {
    h = await createIndexingHarness();
    ({ productIds: ids } = await createCatalog(h.env.db, 60));
    await h.reindex();
    await relayOutbox({ db: h.env.db, es: h.env.es, config: h.env.config, logger: h.logger });
  });
  after(async () => {
    await h?.close();
  });

  it('caps the rank of the best sellers at the top measured popularity, and leaves lower ranks as they are', async () => {
    const sold = ids[1]!;
    await h.env.db('orders').insert({ id: 'o1', placed_at: new Date(asOf.getTime() - 86_400_000), total: 10 });
    await h.env.db('order_items').insert({ order_id: 'o1', line_no: 1, product_id: sold, quantity: 1, unit_price: 10 });
    // The even ids are one merchant's 30 products, ranked 1..30 in id order.
    const ranked = ids.filter((_, i) => i % 2 === 0);
    for (const [position, id] of ranked.entries())
      await h.env
        .db('products')
        .where({ id })
        .update({ sales_rank: position + 1 });
    await recomputeSignals(h.env.db, { asOf });
    await relayOutbox({ db: h.env.db, es: h.env.es, config: h.env.config, logger: h.logger });
    const popularity = async (id: string) => (await h.env.es.get<ProductDocument>({ index: h.alias, id }))._source!.popularity;

    const top = await popularity(sold);
    assert.ok(top > 1 && top < Math.log(31), `the one sale: ${top}`);
    assert.equal(await popularity(ranked[0]!), top, 'the best seller by rank: as popular as the product that sold, no more');
    assert.equal(await popularity(ranked[1]!), top, 'the second (ln 16) too');
    assert.equal(await popularity(ranked[29]!), Number(Math.log(2).toFixed(4)), 'the last ranked keeps ln(1 + 30/30)');
  });
});
