import assert from 'node:assert/strict';
import type { estypes } from '@elastic/elasticsearch';
import { encodeCursor } from '../../../src/search/body/sort';
import { parseSearchRequest } from '../../../src/search/request/params';
import { correctedQueryFrom, shapeResponse, type ShapeContext, type Tile } from '../../../src/search/shape-response';
import { recordedAnswer } from './facets/recorded';

const context: ShapeContext = {
  correctedQuery: null,
  showingCorrected: false,
  relaxed: false,
  tookMs: 7,
  rules: [],
  redirect: null,
  rewrittenQuery: null,
  banners: [],
  data: {},
};

const shoe: Tile = {
  id: 'shoe-1',
  title_en: "Nimbus Trail Running Shoes Men's Lightweight Red",
  title_zh: 'Nimbus 男士轻便越野跑鞋 红色',
  price: 89.9,
  currency: 'USD',
  in_stock: true,
  rating: 4.5,
  review_count: 120,
  image_url: null,
  brand: { id: 'nimbus', name: 'Nimbus' },
  merchant: { id: 'm-run', name: 'RunFast Store' },
  category: {
    id: 'running-shoes',
    ids: ['fashion', 'shoes', 'running-shoes'],
    names_en: ['Fashion', 'Shoes', 'Running Shoes'],
    names_zh: ['时尚', '鞋', '跑鞋'],
  },
};
const headphones: Tile = {
  ...shoe,
  id: 'audio-2',
  title_en: null,
  title_zh: '索诺拉有线录音室耳机',
  price: 89,
  rating: null,
  review_count: 0,
  brand: null,
  merchant: { id: 'm-tech', name: 'TechHub' },
  category: { id: 'audio', ids: ['electronics', 'audio'], names_en: ['Electronics'], names_zh: ['电子产品', '耳机'] },
};

function response(
  total: estypes.SearchTotalHits,
  aggregations?: Record<string, estypes.AggregationsAggregate>,
): estypes.SearchResponse<Tile> {
  return {
    took: 3,
    timed_out: false,
    _shards: { total: 1, successful: 1, failed: 0 },
    hits: {
      total,
      max_score: null,
      hits: [
        {
          _index: 'agora-products',
          _id: 'shoe-1',
          _score: 2.5,
          _source: shoe,
          highlight: { title_en: ['Nimbus Trail <em>Running</em> Shoes'] },
          sort: [120, 2.5, 'shoe-1'],
        },
        { _index: 'agora-products', _id: 'audio-2', _score: 1.25, _source: headphones, sort: [41, 1.25, 'audio-2'] },
      ],
    },
    ...(aggregations === undefined ? {} : { aggregations }),
  };
}

describe('shapeResponse', () => {
  it('turns hits into tiles, facets into values, and offers the next page while there is one', () => {
    const request = parseSearchRequest({ facets: 'price,brand', size: '2', brand: 'nimbus' });
    const { aggregations } = recordedAnswer('browse');
    const result = shapeResponse(
      request,
      response({ value: 13, relation: 'eq' }, aggregations as Record<string, estypes.AggregationsAggregate>),
      context,
    );
    assert.deepEqual(result.hits, [
      {
        id: 'shoe-1',
        title: "Nimbus Trail Running Shoes Men's Lightweight Red",
        titleEn: "Nimbus Trail Running Shoes Men's Lightweight Red",
        titleZh: 'Nimbus 男士轻便越野跑鞋 红色',
        highlightedTitle: 'Nimbus Trail <em>Running</em> Shoes',
        price: 89.9,
        currency: 'USD',
        inStock: true,
        rating: 4.5,
        reviewCount: 120,
        imageUrl: null,
        brand: { id: 'nimbus', name: 'Nimbus' },
        merchant: { id: 'm-run', name: 'RunFast Store' },
        category: { id: 'running-shoes', name: 'Running Shoes' },
        score: 2.5,
        pinned: false,
      },
      {
        id: 'audio-2',
        title: '索诺拉有线录音室耳机',
        titleEn: null,
        titleZh: '索诺拉有线录音室耳机',
        highlightedTitle: null,
        price: 89,
        currency: 'USD',
        inStock: true,
        rating: null,
        reviewCount: 0,
        imageUrl: null,
        brand: null,
        merchant: { id: 'm-tech', name: 'TechHub' },
        // No English name at the leaf: the Chinese one.
        category: { id: 'audio', name: '耳机' },
        score: 1.25,
        pinned: false,
      },
    ]);
    assert.deepEqual(Object.keys(result.facets), ['brand', 'price'], 'registry order');
    assert.deepEqual(
      result.facets.brand?.find((v) => v.value === 'nimbus'),
      { value: 'nimbus', label: 'Nimbus', count: 2, selected: true },
    );
    assert.deepEqual(
      result.facets.price?.ranges.map((r) => r.value),
      ['10-25', '25-50', '50-100', '100-250', '250-500', '500-1000'],
    );
    assert.deepEqual(result.total, { value: 13, exact: true });
    assert.equal(result.page, 1);
    assert.equal(result.nextCursor, encodeCursor('best_selling', [41, 1.25, 'audio-2']));
    assert.equal(result.appliedFilters, request.filters);
    assert.equal(result.tookMs, 7);
  });

  it('flags a lower-bound total, and ends at the last page', () => {
    const request = parseSearchRequest({ size: '2' });
    const lowerBound = shapeResponse(request, response({ value: 10_000, relation: 'gte' }), context);
    assert.deepEqual(lowerBound.total, { value: 10_000, exact: false });
    assert.notEqual(lowerBound.nextCursor, null);
    assert.deepEqual(lowerBound.facets, {});
    const last = shapeResponse(parseSearchRequest({ size: '2', page: '2' }), response({ value: 4, relation: 'eq' }), context);
    assert.equal(last.nextCursor, null);
  });
});

describe('correctedQueryFrom', () => {
  it('replaces each word the term suggester knows better, and answers null when it knows none', () => {
    const suggested = (options: Array<{ text: string }>): estypes.SearchResponse<unknown> => ({
      took: 1,
      timed_out: false,
      _shards: { total: 1, successful: 1, failed: 0 },
      hits: { hits: [] },
      suggest: {
        spelling: [
          { text: 'wireles', offset: 0, length: 7, options: options.map((o) => ({ ...o, score: 0.8, freq: 3 })) },
          { text: 'headphones', offset: 8, length: 10, options: [] },
        ],
      },
    });
    assert.equal(correctedQueryFrom(suggested([{ text: 'wireless' }])), 'wireless headphones');
    assert.equal(correctedQueryFrom(suggested([])), null);
  });
});
