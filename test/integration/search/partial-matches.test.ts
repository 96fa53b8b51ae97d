import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Issue 19: a query whose every word only one product matches ("black yoga mats" where one mat is black) showed a page
 * of one product; shoppers and the demo's judgments count the other yoga mats as the next best answers. They now follow
 * as `partialMatches`, outside the total and the facets.
 */
describe('GET /v1/search: partial matches fill a short first page (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  const partialIds = (body: { partialMatches: Array<{ id: string }> }) => body.partialMatches.map((h) => h.id);

  before(async () => {
    shop = await startStorefront();
    const product = { merchantId: 'm-home', categoryId: 'cookware', price: 25, stock: 5 };
    await shop.addProducts({
      'mat-black': { ...product, titleEn: 'Kinetiq Yoga Mat Black' },
      'mat-purple': { ...product, titleEn: 'Summitline Yoga Mat Purple' },
      'mat-red': { ...product, titleEn: 'Apexa Foldable Yoga Mat Red' },
      'watch-black': { ...product, titleEn: 'Lumio Smart Watch Black' },
    });
  });
  after(async () => {
    await shop?.close();
  });

  it('shows the product matching every word, then the products matching most of them, outside the total and facets', async () => {
    const page = await shop.search({ q: 'black yoga mats', facets: 'brand' });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.deepEqual(ids(page.body), ['mat-black']);
    assert.equal(page.body.total.value, 1);
    assert.equal(page.body.relaxed, false);
    assert.deepEqual([...partialIds(page.body)].sort(), ['mat-purple', 'mat-red'], 'one word of three is too few: no black watch');
  });

  it('leaves a full page, a later page, another sort order and a one-word query without them', async () => {
    for (const params of <Array<Record<string, string>>>[
      { q: 'black yoga mats', size: '1' },
      { q: 'black yoga mats', page: '2' },
      { q: 'black yoga mats', sort: 'price_asc' },
      { q: 'kinetiq' },
    ]) {
      const page = await shop.search(params);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.deepEqual(page.body.partialMatches, [], JSON.stringify(params));
    }
  });
});
