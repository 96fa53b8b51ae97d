import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Glued and split words against the ranking: a product whose title only
 * splits the word ("Smart Phone Stand" for "smartphone") is found, but never
 * above products whose title has the word itself.
 */
describe('glued and split words in the ranking (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;

  before(async () => {
    shop = await startStorefront();
    const stand = {
      merchantId: 'm-tech',
      categoryId: 'phone-cases',
      titleEn: 'Desk Smart Phone Stand',
      price: 9,
      stock: 40,
      rating: 4.9,
      reviewCount: 500,
    };
    await shop.addProducts({ 'stand-1': stand });
  });
  after(async () => {
    await shop?.close();
  });

  it('ranks real title matches above a title that only splits the word, however rare the split form is', async () => {
    const response = await shop.search({ q: 'smartphone' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const found = ids(response.body);
    assert.ok(found.includes('stand-1'), 'the split spelling is found');
    assert.ok(found.indexOf('stand-1') > found.indexOf('phone-1') && found.indexOf('stand-1') > found.indexOf('phone-2'), found.join(', '));
  });

  it('matches plurals of split words (joined forms are stemmed like titles)', async () => {
    assert.ok(ids((await shop.search({ q: 'smart phones' })).body).includes('phone-1'));
  });
});
