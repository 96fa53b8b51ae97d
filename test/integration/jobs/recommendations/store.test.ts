import assert from 'node:assert/strict';
import { PairBuffer } from '../../../../jobs/recommendations/csr';
import { storeModel, type TrainedModel } from '../../../../jobs/recommendations/store';
import { createTestEnvironment, type TestEnvironment } from '../../../support/environment';
import { loadSearchCatalog } from '../../../support/search-catalog';

/** How a model write decides what changed, on the real Postgres: EASE rows with a tolerance. */
describe('storing a model (real Postgres)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
  });
  after(async () => {
    await env?.cleanup();
  });

  const itemIds = ['shoe-1', 'shoe-2', 'shoe-3'];
  /** shoe-1's EASE row: the other two shoes with these weights; no other list anywhere. */
  const model = (items: number[], weights: number[]): TrainedModel => {
    const none = new PairBuffer().toCsr(3);
    const noWeights = { ...none, weights: new Float32Array(0) };
    const ease = new PairBuffer();
    for (const item of items) ease.push(0, item);
    const csr = ease.toCsr(3);
    // toCsr sorts a row's columns; weights follow the order given here, so give items ascending.
    return {
      itemIds,
      alsoBought: none,
      viewedIndicators: none,
      cartedIndicators: none,
      boughtTogether: none,
      ease: { ...csr, weights: Float32Array.from(weights) },
      llr: { bought: noWeights, viewed: noWeights, carted: noWeights },
      trending: new Float64Array(3).fill(Number.NaN),
      purchasers: new Int32Array(3),
    };
  };
  const store = (m: TrainedModel) => storeModel(env.db, m, { modelVersion: 1, trendingTolerance: 0.05, easeTolerance: 0.1 });
  const version = async () => Number((await env.db('products').where({ id: 'shoe-1' }).first()).version);

  it('rewrites a product when its EASE row is new, its products change, or a weight moves past the tolerance; not otherwise', async () => {
    assert.equal((await store(model([1, 2], [0.5, 0.2]))).changed, 1);
    const stored = await env.db('product_recommendations').where({ product_id: 'shoe-1' }).first();
    assert.deepEqual(
      [stored.ease_items, stored.ease_weights],
      [
        ['shoe-2', 'shoe-3'],
        [0.5, 0.2],
      ],
    );
    const before = await version();

    // 4% and 5% moves: within 10%, nothing is rewritten or re-indexed.
    assert.deepEqual(await store(model([1, 2], [0.52, 0.21])), { changed: 0, cleared: 0, touched: 0 });
    assert.equal(await version(), before);
    // A 20% move is a change.
    assert.equal((await store(model([1, 2], [0.5, 0.24]))).changed, 1);
    // Another set of products is a change whatever the weights.
    assert.equal((await store(model([1], [0.5]))).changed, 1);
    assert.ok((await version()) > before, 'the document is queued for re-indexing');
  });
});
