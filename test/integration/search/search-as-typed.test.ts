import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * "Search instead for shooz" (issue 18): `correct=false` searches the words
 * as typed. The correction is then offered, never applied, and the answer is
 * cached apart from the corrected one.
 */
describe('GET /v1/search?correct=false: the words as typed (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;

  before(async () => {
    shop = await startStorefront();
  });
  after(async () => {
    await shop?.close();
  });

  it('does not apply the correction it applies by default, and offers it instead', async () => {
    // First the default, so that a cache keyed without `correct` would answer the second request with it.
    const corrected = await shop.search({ q: 'shooz' });
    assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
    assert.deepEqual(corrected.body.didYouMean, { query: 'shoes', applied: true });
    assert.ok(corrected.body.total.value > 0);

    const asTyped = await shop.search({ q: 'shooz', correct: 'false' });
    assert.equal(asTyped.status, 200, JSON.stringify(asTyped.body));
    assert.equal(asTyped.body.query, 'shooz');
    assert.equal(asTyped.body.total.value, 0, JSON.stringify(ids(asTyped.body)));
    assert.equal(asTyped.body.showingCorrected, false);
    assert.deepEqual(asTyped.body.didYouMean, { query: 'shoes', applied: false });
    assert.ok(asTyped.body.noResults, 'a search that found nothing still offers ways on');

    // And the corrected answer is still the default's, asked again (from the cache or not).
    assert.deepEqual((await shop.search({ q: 'shooz' })).body.didYouMean, { query: 'shoes', applied: true });
  });

  it('still relaxes the typed words, but never their correction', async () => {
    const byDefault = await shop.search({ q: 'shooz unicorn' });
    assert.equal(byDefault.body.showingCorrected, true);
    assert.equal(byDefault.body.relaxed, true);

    const asTyped = await shop.search({ q: 'shooz unicorn', correct: 'false' });
    assert.equal(asTyped.body.showingCorrected, false);
    assert.equal(asTyped.body.total.value, 0, JSON.stringify(ids(asTyped.body)));
    assert.equal(asTyped.body.didYouMean?.applied, false);

    // "skillet" is spelt right: its relaxed match needs no correction and is still found.
    const relaxed = await shop.search({ q: 'zzqx skillet', correct: 'false' });
    assert.equal(relaxed.body.relaxed, true);
    assert.deepEqual(ids(relaxed.body), ['pan-1']);
  });

  it('changes nothing for a query that finds products as typed', async () => {
    const byDefault = await shop.search({ q: 'running shoes' });
    const asTyped = await shop.search({ q: 'running shoes', correct: 'false' });
    assert.deepEqual(ids(asTyped.body), ids(byDefault.body));
    assert.ok(ids(asTyped.body).length > 0);
  });

  it('answers a bad value with a 400 naming correct', async () => {
    for (const correct of ['no', ['true', 'false']]) {
      const response = await shop.search({ q: 'shooz', correct });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error.field, 'correct');
    }
  });
});
