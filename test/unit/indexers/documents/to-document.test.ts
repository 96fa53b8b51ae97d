import assert from 'node:assert/strict';
import type { ProductRow } from '../../../../indexers/documents/rows';
import { toAttributes, toProductDocument } from '../../../../indexers/documents/to-document';

const row: ProductRow = {
  id: 'p1',
  version: '42',
  status: 'active',
  title_en: 'Nimbus Trail Running Shoes, Red',
  title_zh: 'Nimbus 男士越野跑鞋',
  description_en: 'Lightweight shoes for muddy trails.',
  description_zh: null,
  attributes: { Colour: 'Red', 'Shoe Size': ['41', 42, ' 43 '], nested: { a: 1 }, empty: '' },
  price: '89.99',
  currency: 'USD',
  stock: 3,
  rating: '4.50',
  review_count: 12,
  image_url: null,
  created_at: new Date('2026-01-02T03:04:05Z'),
  updated_at: new Date('2026-02-03T04:05:06Z'),
  merchant_id: 'm1',
  merchant_name: 'Harbour Goods',
  merchant_status: 'active',
  merchant_rating: '4.70',
  brand_id: 'nimbus',
  brand_name: 'Nimbus',
  category_id: 'running',
  category_path: ['fashion', 'shoes', 'running'],
  category_depth: 2,
  category_names_en: ['Fashion', 'Shoes', 'Running Shoes'],
  category_names_zh: ['服饰', '鞋', '跑鞋'],
  popularity: 2.5,
  trend: 1.8,
  signals_at: new Date('2026-02-04T00:00:00Z'),
  also_bought: ['p2'],
  similar: null,
  bought_together: null,
  viewed_indicators: null,
  carted_indicators: null,
  ease_items: null,
  ease_weights: null,
  llr_bought_items: null,
  llr_bought_weights: null,
  llr_viewed_items: null,
  llr_viewed_weights: null,
  llr_carted_items: null,
  llr_carted_weights: null,
  trending: null,
  purchasers: null,
  recommendations_at: null,
};

describe('toProductDocument', () => {
  const doc = toProductDocument(row);

  it('carries the Postgres version and typed numbers', () => {
    assert.equal(doc.version, 42);
    assert.equal(doc.price, 89.99);
    assert.equal(doc.rating, 4.5);
    assert.equal(doc.merchant.rating, 4.7);
    assert.equal(doc.in_stock, true);
    assert.equal(doc.created_at, '2026-01-02T03:04:05.000Z');
  });

  it('stores titles as original text and as analysed words and stems', () => {
    assert.equal(doc.title_en, row.title_en);
    assert.equal(doc.title_words, 'nimbus trail running shoes red nimbus 男士 越野 跑鞋');
    assert.equal(doc.title_terms, 'nimbu trail run shoe red nimbu 男士 越野 跑鞋');
    assert.equal(doc.description_terms, 'lightweight shoe for muddi trail');
    assert.deepEqual(doc.title_exact, ['nimbus trail running shoes, red', 'nimbus 男士越野跑鞋']);
  });

  it('suggests whole titles, the English title from its later words and the Chinese title from each Chinese word', () => {
    assert.deepEqual(doc.suggest, {
      input: [
        'nimbus trail running shoes red',
        'nimbus 男士越野跑鞋',
        'trail running shoes red',
        'running shoes red',
        '男士越野跑鞋',
        '越野跑鞋',
        '跑鞋',
      ],
      weight: 251,
    });
  });

  it('lists every ancestor category for filters and hierarchical facets', () => {
    assert.deepEqual(doc.category.ids, ['fashion', 'shoes', 'running']);
    assert.deepEqual(doc.category.paths, ['fashion', 'fashion>shoes', 'fashion>shoes>running']);
    assert.deepEqual(doc.category.names_zh, ['服饰', '鞋', '跑鞋']);
  });

  it('turns attributes into facetable keys and key=value pairs', () => {
    assert.deepEqual(doc.attributes, { colour: ['Red'], shoe_size: ['41', '42', '43'] });
    assert.deepEqual(doc.attribute_pairs, ['colour=Red', 'shoe_size=41', 'shoe_size=42', 'shoe_size=43']);
  });

  it('keeps hidden products and closed merchants out of sight and out of autocomplete', () => {
    const hidden = toProductDocument({ ...row, status: 'hidden' });
    assert.equal(hidden.visible, false);
    assert.equal(hidden.suggest, undefined);
    assert.equal(toProductDocument({ ...row, merchant_status: 'suspended' }).visible, false);
  });

  it('defaults signals and recommendations for products no job has seen', () => {
    const fresh = toProductDocument({ ...row, popularity: null, trend: null, signals_at: null, also_bought: null });
    assert.equal(fresh.popularity, 0);
    assert.equal(fresh.trend, 1);
    assert.deepEqual(fresh.recommendations, {
      also_bought: [],
      similar: [],
      bought_together: [],
      viewed_indicators: [],
      carted_indicators: [],
      ease: { items: [], weights: [] },
      llr: { bought: { items: [], weights: [] }, viewed: { items: [], weights: [] }, carted: { items: [], weights: [] } },
      trending: null,
      purchasers: 0,
      updated_at: null,
    });
  });

  it('refuses to build a document for a deleted product', () => {
    assert.throws(() => toProductDocument({ ...row, status: 'deleted' }), /deleted/);
  });
});

describe('toAttributes', () => {
  it('merges keys that normalise alike', () => {
    assert.deepEqual(toAttributes({ Colour: 'red', colour: ['blue', 'red'] }), { colour: ['red', 'blue'] });
    assert.deepEqual(toAttributes(null), {});
  });
});
