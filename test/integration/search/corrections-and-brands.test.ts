import assert from 'node:assert/strict';
import { brandInput } from '../../../src/catalog/schemas';
import { upsertBrand } from '../../../src/catalog/writes';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Issue 19: spelling correction never takes a brand the catalog sells for a
 * typo, and never replaces results the words as typed found. "Puzzlo" is a
 * brand named in no title, one letter from the title word "puzzle": the
 * suggester (which reads titles) would make it "puzzle".
 */
describe('GET /v1/search: corrections and brands (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;

  before(async () => {
    shop = await startStorefront();
    await upsertBrand(shop.env.db, 'puzzlo', brandInput.parse({ name: 'Puzzlo' }));
    const products = {
      'puzzlo-1': { brandId: 'puzzlo', categoryId: 'home', titleEn: 'Wooden Jigsaw 500 Pieces' },
      'puzzle-mat': { categoryId: 'home', titleEn: 'Puzzle Mat Storage Roll' },
      'dvd-1': { categoryId: 'home', titleEn: 'Deadly Intent DVD' },
    };
    await shop.addProducts(
      Object.fromEntries(Object.entries(products).map(([id, p]) => [id, { merchantId: 'm-home', price: 20, stock: 5, ...p }])),
    );
  });
  after(async () => {
    await shop?.close();
  });

  it('shows the brand a query names, and offers no correction of it', async () => {
    const response = await shop.search({ q: 'puzzlo' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    // The brand's product first; typo tolerance may add titles a letter away.
    assert.equal(ids(response.body)[0], 'puzzlo-1');
    assert.equal(response.body.showingCorrected, false);
    assert.equal(response.body.didYouMean, null, JSON.stringify(response.body.didYouMean));
  });

  it('keeps the brand in the did-you-mean it offers beside results, correcting only the misspelt word', async () => {
    const response = await shop.search({ q: 'puzzlo jigsw' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(ids(response.body), ['puzzlo-1']);
    assert.deepEqual(response.body.didYouMean, { query: 'puzzlo jigsaw', applied: false });
  });

  it('keeps the brand when the query finds nothing as typed, and shows the brand rather than the word it resembles', async () => {
    const response = await shop.search({ q: 'puzzlo unicorn' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.correctedQuery, null, JSON.stringify(response.body));
    assert.equal(response.body.relaxed, true);
    assert.equal(ids(response.body)[0], 'puzzlo-1');
  });

  it('does not turn a brand the catalog lacks into a word further than a typo away ("intel" is no "intent")', async () => {
    const response = await shop.search({ q: 'intel' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    // Nothing is shown for "intent" (an English word a letter away may still be offered, it finds nothing either).
    assert.notEqual(response.body.correctedQuery, 'intent', JSON.stringify(response.body));
    assert.equal(response.body.showingCorrected, false);
    assert.equal(response.body.total.value, 0);
    // A real one-letter typo of the same title word still finds it, and is offered the correction.
    const typo = await shop.search({ q: 'intnt' });
    assert.deepEqual(ids(typo.body), ['dvd-1']);
    assert.equal(typo.body.didYouMean?.query, 'intent');
  });

  it('never shows a correction instead of what the words as typed found', async () => {
    // "jigsw" finds the jigsaw by typo tolerance; the correction is at most offered, and the results are the typed words'.
    const response = await shop.search({ q: 'wooden jigsw' });
    assert.deepEqual(ids(response.body), ['puzzlo-1']);
    assert.equal(response.body.showingCorrected, false);
    assert.equal(response.body.relaxed, false);
    assert.deepEqual(response.body.didYouMean, { query: 'wooden jigsaw', applied: false });
  });
});
