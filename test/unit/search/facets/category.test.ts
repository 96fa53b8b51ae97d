import assert from 'node:assert/strict';
import { AppError } from '../../../../src/core/errors';
import { category, categoryLevelPattern } from '../../../../src/search/facets/category';
import { recordedAnswer } from './recorded';

describe('category facet', () => {
  it('reads category ids, several OR-ed, and names the parameter of a bad one', () => {
    assert.deepEqual(category.parse({ category: ['shoes', 'boots,shoes'] }), { categoryIds: ['shoes', 'boots'] });
    assert.deepEqual(category.parse({}), { categoryIds: [] });
    assert.throws(
      () => category.parse({ category: 'a"b' }),
      (e: unknown) => e instanceof AppError && e.field === 'category',
    );
  });

  it('narrows the query itself (never post_filter) and counts within every selection', () => {
    assert.deepEqual(category.filters({ categoryIds: ['shoes'] }), { base: [{ terms: { 'category.ids': ['shoes'] } }], post: [] });
    assert.deepEqual(category.filters({ categoryIds: [] }), { base: [], post: [] });
    assert.deepEqual(category.aggregations({ categoryIds: ['phone-cases'] }, { size: 10, attributeKeys: [] }), [
      {
        name: 'category',
        countsWithout: null,
        aggs: {
          values: {
            terms: { field: 'category.paths', size: 10, include: '(.+>)?phone\\-cases>[^>]+' },
            aggs: { label: { top_hits: { size: 1, _source: { includes: ['category.ids', 'category.names_en', 'category.names_zh'] } } } },
          },
        },
      },
    ]);
    assert.equal(categoryLevelPattern([]), '[^>]+');
  });

  it('answers the top level when browsing, named from a product of each', () => {
    const { request, aggregations } = recordedAnswer('browse');
    assert.deepEqual(category.shape(aggregations, request.filters), [
      { value: 'electronics', label: 'Electronics', count: 6, selected: false },
      { value: 'fashion', label: 'Fashion', count: 5, selected: false },
      { value: 'home', label: 'Home', count: 2, selected: false },
    ]);
  });

  it('answers the children of the category viewed by their own id, not their path', () => {
    const { request, aggregations } = recordedAnswer('electronics');
    assert.deepEqual(category.shape(aggregations, request.filters), [
      { value: 'audio', label: 'Headphones', count: 2, selected: false },
      { value: 'phone-cases', label: 'Phone Cases', count: 2, selected: false },
      { value: 'phones', label: 'Phones', count: 2, selected: false },
    ]);
    // A leaf has no children to offer.
    const leaf = recordedAnswer('running-shoes');
    assert.deepEqual(category.shape(leaf.aggregations, leaf.request.filters), []);
  });

  it('marks a selected value, falls back to Chinese names and then to the id', () => {
    const bucket = (key: string, source?: object) => ({
      key,
      doc_count: 1,
      label: { hits: { hits: source ? [{ _source: source }] : [] } },
    });
    const aggregations = {
      category: {
        values: {
          buckets: [
            bucket('home>cookware', { category: { ids: ['home', 'cookware'], names_en: ['Home'], names_zh: ['家居', '炊具'] } }),
            bucket('home>garden'),
          ],
        },
      },
    };
    assert.deepEqual(category.shape(aggregations, { categoryIds: ['garden'] }), [
      { value: 'cookware', label: '炊具', count: 1, selected: false },
      { value: 'garden', label: 'garden', count: 1, selected: true },
    ]);
    assert.deepEqual(category.shape({}, { categoryIds: [] }), []);
  });
});
