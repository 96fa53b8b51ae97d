import assert from 'node:assert/strict';
import { putWeights } from '../../../src/merchandising/weights-repository';
import { defaultRankingWeights } from '../../../ranking/weights/ranking-settings';
import { startTestApi, type TestApi } from '../../support/http';
import { ids, query, startHarness, type MerchandisingHarness } from './support';

describe('ranking weights, global and per category (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  let second: TestApi;

  before(async () => {
    h = await startHarness();
    // A second API process over the same services: what it serves shows how fast changes spread.
    second = await startTestApi(h.env);
  });
  afterEach(async () => {
    await h.reset();
    // Let the second process catch up with the cleanup before the next test reads it.
    const target = (await h.api.merchandising.snapshot()).version;
    while ((await second.merchandising.snapshot()).version !== target) await new Promise((r) => setTimeout(r, 10));
  });
  after(async () => {
    await second?.close();
    await h?.close();
  });

  // Browsing with sort=relevance orders by the signals alone: weights decide it.
  const runningShoes = { category: 'running-shoes', sort: 'relevance' };
  const byRating = ['shoe-3', 'shoe-1', 'shoe-2', 'shoe-4'];

  it('applies global weights, and per-category weights that inherit from ancestors', async () => {
    assert.equal((await h.merch('PUT', '/weights/global', { stock: 10, rating: 0 })).status, 200);
    const global = ids((await h.search(runningShoes)).body);
    assert.equal(global[3], 'shoe-3', 'the only one out of stock sinks');

    assert.equal((await h.merch('PUT', '/weights/categories/shoes', { stock: 0, rating: 10 })).status, 200);
    assert.deepEqual(ids((await h.search(runningShoes)).body), byRating, 'running-shoes inherits its parent shoes');
    assert.equal(
      ids((await h.search({ category: 'fashion', sort: 'relevance' })).body).at(-1),
      'shoe-3',
      'fashion still uses the global weights',
    );

    const effective = await h.merch('GET', '/weights/effective?category=running-shoes');
    assert.deepEqual(effective.body, {
      weights: { ...defaultRankingWeights, stock: 0, rating: 10 },
      sources: ['default', 'global', 'shoes'],
    });
    const { versions } = (await h.merch('GET', '/weights/versions?scope=shoes')).body;
    assert.deepEqual(versions[0].after, { stock: 0, rating: 10 });
  });

  it('reaches every API process within a second of the change', async () => {
    const searchSecond = async () => ids((await second.request('GET', `/v1/search?${query(runningShoes)}`, { key: h.publicKey })).body);
    const before = await searchSecond();
    assert.notDeepEqual(before, byRating);
    const started = Date.now();
    assert.equal(
      (await h.merch('PUT', '/weights/categories/running-shoes', { rating: 10, stock: 0, popularity: 0, recency: 0, merchantRating: 0 }))
        .status,
      200,
    );
    while (Date.now() - started < 1000 && JSON.stringify(await searchSecond()) !== JSON.stringify(byRating))
      await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await searchSecond(), byRating, 'the other process serves the new weights within 1 s');
  });

  it('catches up by polling when a change notification is lost', async () => {
    // Written behind the API's back: nothing is published on Redis.
    const { stateVersion } = await putWeights(h.env.db, { keyId: 'test', name: null }, 'running-shoes', {
      rating: 10,
      stock: 0,
      popularity: 0,
      recency: 0,
      merchantRating: 0,
    });
    assert.ok(stateVersion);
    const started = Date.now();
    while (Date.now() - started < 3000 && (await second.merchandising.snapshot()).version !== stateVersion)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal((await second.merchandising.snapshot()).version, stateVersion);
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    assert.deepEqual(ids((await second.request('GET', `/v1/search?${query(runningShoes)}`, { key: h.publicKey })).body), byRating);
    // The first process polls too; wait for it so the cleanup sees the override.
    while ((await h.api.merchandising.snapshot()).version !== stateVersion) await new Promise((r) => setTimeout(r, 50));
  });
});
