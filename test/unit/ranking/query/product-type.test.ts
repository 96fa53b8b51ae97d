import assert from 'node:assert/strict';
import { buildProductTypes, detectProductType } from '../../../../ranking/query/product-type';
import { analyzeQuery } from '../../../../ranking/query/query-text';

describe('ranking/query/product-type', () => {
  const types = buildProductTypes([
    { id: 'electronics', nameEn: 'Electronics', nameZh: '电子产品' },
    { id: 'laptops', nameEn: 'Laptops', nameZh: '笔记本电脑' },
    { id: 'laptop-bags', nameEn: 'Laptop Bags', nameZh: '电脑包' },
    { id: 'phone-cases', nameEn: 'Phone Cases', nameZh: '手机壳' },
    { id: 'smartphones', nameEn: 'Smartphones', nameZh: '智能手机' },
    { id: 'home-bags', nameEn: 'Bags', nameZh: null },
    { id: 'travel-bags', nameEn: 'Bags', nameZh: null },
  ]);
  const detect = (q: string) => detectProductType(analyzeQuery(q), types);

  it('finds the category a query names, singular or plural, English or Chinese', () => {
    assert.deepEqual(detect('laptops'), { key: 'laptop', categoryIds: ['laptops'] });
    assert.deepEqual(detect('Laptop')?.categoryIds, ['laptops']);
    assert.deepEqual(detect('orbix laptops 16 inch')?.categoryIds, ['laptops']);
    assert.deepEqual(detect('智能手机')?.categoryIds, ['smartphones']);
    assert.deepEqual(detect('electronics')?.categoryIds, ['electronics']);
  });

  it('takes the head of a compound: the run ending last, then the longest', () => {
    assert.deepEqual(detect('laptop bag')?.categoryIds, ['laptop-bags']);
    assert.deepEqual(detect('phone case')?.categoryIds, ['phone-cases']);
    // "bag" alone names two categories of that name.
    assert.deepEqual(detect('red bags')?.categoryIds, ['home-bags', 'travel-bags']);
  });

  it('finds nothing when no run of words is a category name', () => {
    assert.equal(detect('velora classic gold'), null);
    assert.equal(detect(''), null);
    assert.equal(detectProductType(analyzeQuery('laptops'), buildProductTypes([])), null);
  });
});
