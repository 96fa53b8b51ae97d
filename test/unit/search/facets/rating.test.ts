import assert from 'node:assert/strict';
import { AppError } from '../../../../src/core/errors';
import { rating } from '../../../../src/search/facets/rating';
import { recordedAnswer } from './recorded';

describe('rating facet', () => {
  it('reads the lowest rating, 0 to 5', () => {
    assert.deepEqual(rating.parse({ rating_min: '3.5' }), { ratingMin: 3.5 });
    assert.deepEqual(rating.parse({}), { ratingMin: null });
    assert.throws(
      () => rating.parse({ rating_min: '6' }),
      (e: unknown) => e instanceof AppError && e.field === 'rating_min',
    );
  });

  it('filters through post_filter and counts its thresholds without its own filter', () => {
    assert.deepEqual(rating.filters({ ratingMin: 4 }), { base: [], post: [{ key: 'rating', query: { range: { rating: { gte: 4 } } } }] });
    assert.deepEqual(rating.filters({ ratingMin: null }).post, []);
    assert.deepEqual(rating.aggregations({ ratingMin: 4 }, { size: 10, attributeKeys: [] }), [
      {
        name: 'rating',
        countsWithout: 'rating',
        aggs: {
          bands: {
            range: {
              field: 'rating',
              keyed: false,
              ranges: [
                { key: '4+', from: 4 },
                { key: '3+', from: 3 },
                { key: '2+', from: 2 },
                { key: '1+', from: 1 },
              ],
            },
          },
        },
      },
    ]);
  });

  it('answers every threshold in the order Elasticsearch gives them, the selected one marked', () => {
    const { request, aggregations } = recordedAnswer('running-shoes');
    assert.equal(request.filters.ratingMin, 4);
    assert.deepEqual(rating.shape(aggregations, request.filters), [
      { value: '1+', label: '1 stars & up', count: 1, selected: false },
      { value: '2+', label: '2 stars & up', count: 1, selected: false },
      { value: '3+', label: '3 stars & up', count: 1, selected: false },
      { value: '4+', label: '4 stars & up', count: 1, selected: true },
    ]);
    const browse = recordedAnswer('browse');
    assert.deepEqual(
      rating.shape(browse.aggregations, browse.request.filters).map((v) => [v.value, v.count, v.selected]),
      [
        ['1+', 13, false],
        ['2+', 13, false],
        ['3+', 13, false],
        ['4+', 12, false],
      ],
    );
    // A rating between thresholds selects none of them.
    assert.ok(rating.shape(aggregations, { ratingMin: 3.5 }).every((v) => !v.selected));
    assert.deepEqual(rating.shape({}, { ratingMin: null }), []);
  });
});
