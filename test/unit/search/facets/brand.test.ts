import assert from 'node:assert/strict';
import { AppError } from '../../../../src/core/errors';
import { brand } from '../../../../src/search/facets/brand';
import { recordedAnswer } from './recorded';

describe('brand facet', () => {
  it('reads brand ids, several OR-ed', () => {
    assert.deepEqual(brand.parse({ brand: ['nike', 'adidas,puma'] }), { brandIds: ['nike', 'adidas', 'puma'] });
    assert.throws(
      () => brand.parse({ brand: Array.from({ length: 21 }, (_, i) => `b${i}`) }),
      (e: unknown) => e instanceof AppError && e.field === 'brand',
    );
  });

  it('filters through post_filter, and its counts leave out its own filter', () => {
    assert.deepEqual(brand.filters({ brandIds: ['nimbus', 'stride'] }), {
      base: [],
      post: [{ key: 'brand', query: { terms: { 'brand.id': ['nimbus', 'stride'] } } }],
    });
    assert.deepEqual(brand.filters({ brandIds: [] }), { base: [], post: [] });
    assert.deepEqual(brand.aggregations({ brandIds: [] }, { size: 5, attributeKeys: [] }), [
      {
        name: 'brand',
        countsWithout: 'brand',
        aggs: {
          values: {
            terms: { field: 'brand.id', size: 5 },
            aggs: { label: { top_hits: { size: 1, _source: { includes: ['brand.name'] } } } },
          },
        },
      },
    ]);
  });

  it('answers the commonest brands alphabetically by name (never by count, so ticking keeps the order), named from a product of each', () => {
    const { request, aggregations } = recordedAnswer('browse');
    assert.deepEqual(brand.shape(aggregations, request.filters), [
      { value: 'ironleaf', label: 'IronLeaf', count: 2, selected: false },
      { value: 'nimbus', label: 'Nimbus', count: 2, selected: false },
      { value: 'voltix', label: 'Voltix', count: 3, selected: false },
    ]);
  });

  it('counts the selected brands whatever their rank, so a ticked brand is always listed', () => {
    assert.deepEqual(brand.aggregations({ brandIds: ['alpine'] }, { size: 3, attributeKeys: [] })[0]!.aggs.chosen, {
      terms: { field: 'brand.id', include: ['alpine'], size: 1 },
      aggs: { label: { top_hits: { size: 1, _source: { includes: ['brand.name'] } } } },
    });
    const label = (name: string) => ({ hits: { hits: [{ _source: { brand: { name } } }] } });
    const answer = {
      brand: {
        values: { buckets: [{ key: 'voltix', doc_count: 3, label: label('Voltix') }] },
        chosen: {
          buckets: [
            { key: 'alpine', doc_count: 1, label: label('Alpine') },
            { key: 'gone', doc_count: 0, label: { hits: { hits: [] } } },
          ],
        },
      },
    };
    assert.deepEqual(brand.shape(answer, { brandIds: ['alpine', 'gone', 'unknown'] }), [
      { value: 'alpine', label: 'Alpine', count: 1, selected: true },
      { value: 'gone', label: 'gone', count: 0, selected: true },
      { value: 'unknown', label: 'unknown', count: 0, selected: true },
      { value: 'voltix', label: 'Voltix', count: 3, selected: false },
    ]);
  });

  it('marks the selected brand, and falls back to the id without a name', () => {
    const { request, aggregations } = recordedAnswer('running-shoes');
    assert.deepEqual(brand.shape(aggregations, request.filters), [{ value: 'nimbus', label: 'Nimbus', count: 1, selected: true }]);
    assert.deepEqual(
      brand.shape(
        { brand: { values: { buckets: [{ key: 'acme', doc_count: 4, label: { hits: { hits: [{ _source: {} }] } } }] } } },
        { brandIds: [] },
      ),
      [{ value: 'acme', label: 'acme', count: 4, selected: false }],
    );
    assert.deepEqual(brand.shape({}, { brandIds: ['acme'] }), [], 'not counted: nothing to list');
  });
});
