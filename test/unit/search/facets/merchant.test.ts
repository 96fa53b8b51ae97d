import assert from 'node:assert/strict';
import { merchant } from '../../../../src/search/facets/merchant';
import { recordedAnswer } from './recorded';

describe('merchant facet', () => {
  it('reads merchant ids, filters through post_filter, and its counts leave out its own filter', () => {
    assert.deepEqual(merchant.parse({ merchant: 'm-run,m-tech' }), { merchantIds: ['m-run', 'm-tech'] });
    assert.deepEqual(merchant.filters({ merchantIds: ['m-run'] }), {
      base: [],
      post: [{ key: 'merchant', query: { terms: { 'merchant.id': ['m-run'] } } }],
    });
    assert.deepEqual(merchant.aggregations({ merchantIds: [] }, { size: 10, attributeKeys: [] }), [
      {
        name: 'merchant',
        countsWithout: 'merchant',
        aggs: {
          values: {
            terms: { field: 'merchant.id', size: 10 },
            aggs: { label: { top_hits: { size: 1, _source: { includes: ['merchant.name'] } } } },
          },
        },
      },
    ]);
  });

  it('answers merchants alphabetically by name, named from a product of each', () => {
    const { request, aggregations } = recordedAnswer('browse');
    assert.deepEqual(merchant.shape(aggregations, request.filters), [
      { value: 'm-home', label: 'HomeGoods 家居', count: 2, selected: false },
      { value: 'm-run', label: 'RunFast Store', count: 4, selected: false },
      { value: 'm-tech', label: 'TechHub', count: 7, selected: false },
    ]);
    assert.deepEqual(merchant.shape(aggregations, { merchantIds: ['m-run'] })[1], {
      value: 'm-run',
      label: 'RunFast Store',
      count: 4,
      selected: true,
    });
  });
});
