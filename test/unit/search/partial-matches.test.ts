import assert from 'node:assert/strict';
import type { estypes } from '@elastic/elasticsearch';
import { partialMatchTiles } from '../../../src/search/partial-matches';
import { toTile, type Tile } from '../../../src/search/shape-response';

const product = (id: string, categoryIds: string[]): estypes.SearchHit<Tile> => ({
  _index: 'products',
  _id: id,
  _score: 1,
  _source: {
    id,
    title_en: id,
    title_zh: null,
    price: 10,
    currency: 'USD',
    in_stock: true,
    rating: null,
    review_count: 0,
    image_url: null,
    brand: null,
    merchant: { id: 'm', name: 'M' },
    category: { id: categoryIds.at(-1)!, ids: categoryIds, names_en: categoryIds, names_zh: [] },
  },
});

describe('partialMatchTiles (src/search/partial-matches.ts)', () => {
  const shownShoe = toTile(product('shoe-red', ['fashion', 'running-shoes']));
  const fewerWords = [
    product('shoe-red', ['fashion', 'running-shoes']),
    product('mat-red', ['sports', 'yoga-mats']),
    product('shoe-blue', ['fashion', 'running-shoes']),
    product('shoe-black', ['fashion', 'running-shoes']),
  ];

  it('keeps to the kind of product the query names: other running shoes, not a red yoga mat', () => {
    const tiles = partialMatchTiles(fewerWords, [shownShoe], 10, ['running-shoes']);
    assert.deepEqual(
      tiles.map((t) => t.id),
      ['shoe-blue', 'shoe-black'],
    );
  });

  it('without a kind named, takes every partial match not shown, up to the room left on the page', () => {
    assert.deepEqual(
      partialMatchTiles(fewerWords, [shownShoe], 3, []).map((t) => t.id),
      ['mat-red', 'shoe-blue'],
    );
  });
});
