import assert from 'node:assert/strict';
import { AppError } from '../../../../src/core/errors';
import { price, priceBands } from '../../../../src/search/facets/price';
import { recordedAnswer } from './recorded';

const rejects = (query: Record<string, string | string[]>, field: string) =>
  assert.throws(
    () => price.parse(query),
    (e: unknown) => e instanceof AppError && e.field === field,
    JSON.stringify(query),
  );

describe('price facet', () => {
  it('reads a lower and an upper bound, each optional', () => {
    assert.deepEqual(price.parse({ price_min: '10', price_max: '99.5' }), { priceMin: 10, priceMax: 99.5 });
    assert.deepEqual(price.parse({ price_max: '25' }), { priceMin: null, priceMax: 25 });
    assert.deepEqual(price.parse({}), { priceMin: null, priceMax: null });
    rejects({ price_min: '10', price_max: '5' }, 'price_min');
    rejects({ price_min: '1e9999' }, 'price_min');
    rejects({ price_max: ['1', '2'] }, 'price_max');
  });

  it('filters the range asked for through post_filter', () => {
    assert.deepEqual(price.filters({ priceMin: 10, priceMax: null }), {
      base: [],
      post: [{ key: 'price', query: { range: { price: { gte: 10 } } } }],
    });
    assert.deepEqual(price.filters({ priceMin: 10, priceMax: 25 }).post[0]!.query, { range: { price: { gte: 10, lte: 25 } } });
    assert.deepEqual(price.filters({ priceMin: null, priceMax: null }), { base: [], post: [] });
  });

  it('counts its bands and the price span without its own filter', () => {
    const [aggregation] = price.aggregations({ priceMin: 10, priceMax: 25 }, { size: 10, attributeKeys: [] });
    assert.equal(aggregation!.countsWithout, 'price');
    assert.deepEqual(aggregation!.aggs.stats, { stats: { field: 'price' } });
    assert.deepEqual(aggregation!.aggs.bands, {
      range: { field: 'price', keyed: false, ranges: [{ key: '0-10', to: 10 }, ...priceBands.slice(1, -1), { key: '1000+', from: 1000 }] },
    });
  });

  it('answers the span and the bands that hold results, low to high', () => {
    const { request, aggregations } = recordedAnswer('browse');
    assert.deepEqual(price.shape(aggregations, request.filters), {
      min: 12.99,
      max: 699,
      ranges: [
        { value: '10-25', label: '10-25', count: 2, selected: false },
        { value: '25-50', label: '25-50', count: 1, selected: false },
        { value: '50-100', label: '50-100', count: 5, selected: false },
        { value: '100-250', label: '100-250', count: 3, selected: false },
        { value: '250-500', label: '250-500', count: 1, selected: false },
        { value: '500-1000', label: '500-1000', count: 1, selected: false },
      ],
    });
    const filtered = recordedAnswer('running-shoes');
    assert.deepEqual(price.shape(filtered.aggregations, filtered.request.filters), {
      min: 89.9,
      max: 89.9,
      ranges: [{ value: '50-100', label: '50-100', count: 1, selected: false }],
    });
  });

  it('answers an empty span without results', () => {
    assert.deepEqual(
      price.shape(
        { price: { stats: { min: null, max: null }, bands: { buckets: [{ key: '0-10', doc_count: 0 }] } } },
        { priceMin: null, priceMax: null },
      ),
      {
        min: null,
        max: null,
        ranges: [],
      },
    );
    assert.deepEqual(price.shape({}, { priceMin: null, priceMax: null }), { min: null, max: null, ranges: [] });
  });
});
