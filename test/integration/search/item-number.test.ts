import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/** Issue 19: a query that is a product's id (an item number pasted from a receipt or an advert) finds that product. */
describe('GET /v1/search: a product id as the query (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;

  before(async () => {
    shop = await startStorefront();
    const product = { merchantId: 'm-tech', categoryId: 'electronics', price: 25, stock: 3 };
    await shop.addProducts({
      '2467183': { ...product, titleEn: 'Camping Lantern' },
      'sku-88': { ...product, titleEn: 'Desk Lamp' },
    });
  });
  after(async () => {
    await shop?.close();
  });

  it('finds the product whose id the query is, whatever its title', async () => {
    for (const [q, id] of [
      ['2467183', '2467183'],
      [' sku-88 ', 'sku-88'],
    ] as const) {
      const response = await shop.search({ q });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(ids(response.body), [id], q);
    }
  });

  it('reads the words as words when the query is not exactly an id', async () => {
    assert.deepEqual(ids((await shop.search({ q: 'SKU-88' })).body), [], 'ids are exact');
    assert.deepEqual(ids((await shop.search({ q: 'desk lamp' })).body), ['sku-88']);
  });
});
