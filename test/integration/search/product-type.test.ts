import assert from 'node:assert/strict';
import { categoryInput, productInput } from '../../../src/catalog/schemas';
import { upsertCategory, upsertProduct } from '../../../src/catalog/writes';
import { reindex } from '../../../indexers/reindex/reindex';
import { createLogger } from '../../../src/core/logger';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Product-type intent: a query naming a category asks for products of that
 * kind. The accessory below mentions the type more often and is better rated
 * and reviewed, yet the product of the asked type comes first; a query naming
 * the accessory's own category still gets the accessory first.
 */
describe('product-type intent in the ranking (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;

  before(async () => {
    shop = await startStorefront();
    const db = shop.env.db;
    await upsertCategory(db, 'laptops', categoryInput.parse({ nameEn: 'Laptops', nameZh: '笔记本电脑', parentId: 'electronics' }));
    await upsertCategory(db, 'laptop-bags', categoryInput.parse({ nameEn: 'Laptop Bags', nameZh: '电脑包', parentId: 'electronics' }));
    const product = (id: string, fields: Record<string, unknown>) =>
      upsertProduct(db, id, productInput.parse({ merchantId: 'm-tech', price: 50, stock: 10, ...fields }), { merchantId: null });
    await product('laptop-1', { categoryId: 'laptops', titleEn: 'Orbix Ultra Laptop 16 in', titleZh: 'Orbix 超薄笔记本电脑' });
    await product('bag-1', {
      categoryId: 'laptop-bags',
      titleEn: 'Laptop Bag for Laptops, Padded Laptop Sleeve',
      titleZh: '笔记本电脑包',
      rating: 5,
      reviewCount: 3000,
    });
    await reindex({ db, es: shop.env.es, config: shop.env.config, logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) });
  });
  after(async () => {
    await shop?.close();
  });

  for (const q of ['laptops', 'laptop', '笔记本电脑']) {
    it(`"${q}" ranks the laptop above the laptop bag`, async () => {
      const response = await shop.search({ q });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(ids(response.body)[0], 'laptop-1', JSON.stringify(ids(response.body)));
    });
  }

  it('a brand with the type finds the product of that type first', async () => {
    assert.equal(ids((await shop.search({ q: 'Orbix laptops' })).body)[0], 'laptop-1');
  });

  it('"laptop bag" still ranks the bag first', async () => {
    assert.equal(ids((await shop.search({ q: 'laptop bag' })).body)[0], 'bag-1');
  });
});
