import assert from 'node:assert/strict';
import { facetNames } from '../../../../src/search/facets/registry';
import { shapeFacets } from '../../../../src/search/facets/shape';
import { recordedAnswer } from './recorded';

const pick = (object: object, keys: string[]) => Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key)));

describe('shapeFacets', () => {
  it('answers the facets asked for, in registry order whatever order they were asked in', () => {
    const { request, aggregations } = recordedAnswer('browse');
    const facets = shapeFacets(['rating', 'brand', 'price'], request.filters, aggregations);
    assert.deepEqual(Object.keys(facets), ['brand', 'price', 'rating']);
    assert.deepEqual(
      facets.brand?.map((v) => v.value),
      ['ironleaf', 'nimbus', 'voltix'],
    );
    assert.equal(facets.price?.min, 12.99);
  });

  it('answers every facet of a recorded filtered search', () => {
    const { request, aggregations } = recordedAnswer('running-shoes');
    const facets = shapeFacets(request.facets, request.filters, aggregations);
    assert.deepEqual(Object.keys(facets), facetNames);
    assert.deepEqual(facets.merchant, [{ value: 'm-run', label: 'RunFast Store', count: 1, selected: false }]);
    assert.deepEqual(Object.keys(facets.attributes ?? {}), ['colour', 'size']);
  });

  it('answers empty facets when Elasticsearch answered no aggregations, and none when none were asked for', () => {
    const { request } = recordedAnswer('running-shoes');
    const empty = shapeFacets(request.facets, request.filters, undefined);
    assert.deepEqual(Object.keys(empty), facetNames);
    assert.deepEqual(pick(empty, ['category', 'brand', 'merchant', 'price', 'rating', 'attributes']), {
      category: [],
      brand: [],
      merchant: [],
      price: { min: null, max: null, ranges: [] },
      rating: [],
      attributes: {},
    });
    assert.deepEqual(shapeFacets([], request.filters, recordedAnswer('browse').aggregations), {});
  });
});
