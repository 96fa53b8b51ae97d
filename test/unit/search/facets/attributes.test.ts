import assert from 'node:assert/strict';
import { AppError } from '../../../../src/core/errors';
import { attributes } from '../../../../src/search/facets/attributes';
import { recordedAnswer } from './recorded';

const rejects = (query: Record<string, string>, field: string) =>
  assert.throws(
    () => attributes.parse(query),
    (e: unknown) => e instanceof AppError && e.field === field,
    JSON.stringify(query),
  );

describe('attributes facet', () => {
  it('reads attr.<key> parameters, dropping empty ones, and names a bad one', () => {
    assert.deepEqual(attributes.parse({ 'attr.colour': 'red, blue', 'attr.size': '42', 'attr.material': '', brand: 'x' }), {
      attributes: { colour: ['red', 'blue'], size: ['42'] },
    });
    rejects({ 'attr.Colour!': 'red' }, 'attr.Colour!');
    rejects({ 'attr.colour': 'x'.repeat(101) }, 'attr.colour');
    rejects(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`attr.k${i}`, 'v'])), 'attr');
  });

  it('filters each key through post_filter, values OR-ed and matched case-insensitively', () => {
    assert.deepEqual(attributes.filters({ attributes: { colour: ['red', 'Blue'] } }), {
      base: [],
      post: [
        {
          key: 'attr.colour',
          query: {
            bool: {
              should: [
                { term: { 'attributes.colour': { value: 'red', case_insensitive: true } } },
                { term: { 'attributes.colour': { value: 'Blue', case_insensitive: true } } },
              ],
              minimum_should_match: 1,
            },
          },
        },
      ],
    });
  });

  it("counts the category's keys and any filtered on, each without its own filter", () => {
    assert.deepEqual(
      attributes.aggregations({ attributes: { material: ['leather'] } }, { size: 10, attributeKeys: ['colour', 'material'] }),
      [
        { name: 'attr.colour', countsWithout: 'attr.colour', aggs: { values: { terms: { field: 'attributes.colour', size: 10 } } } },
        {
          name: 'attr.material',
          countsWithout: 'attr.material',
          aggs: {
            values: { terms: { field: 'attributes.material', size: 10 } },
            // The selected value in any case, counted whatever its rank.
            chosen: { terms: { field: 'attributes.material', include: '[lL][eE][aA][tT][hH][eE][rR]', size: 5 } },
          },
        },
      ],
    );
  });

  it('counts the commonest key=value pairs when no keys are known, within every selection', () => {
    assert.deepEqual(attributes.aggregations({ attributes: {} }, { size: 10, attributeKeys: [] }), [
      { name: 'attribute_pairs', countsWithout: null, aggs: { values: { terms: { field: 'attribute_pairs', size: 30 } } } },
    ]);
  });

  it('without known keys, counts each key filtered on without its own filter, and the commonest pairs of the other keys', () => {
    assert.deepEqual(attributes.aggregations({ attributes: { colour: ['red'], size: ['42'] } }, { size: 10, attributeKeys: [] }), [
      {
        name: 'attr.colour',
        countsWithout: 'attr.colour',
        aggs: {
          values: { terms: { field: 'attributes.colour', size: 10 } },
          chosen: { terms: { field: 'attributes.colour', include: '[rR][eE][dD]', size: 5 } },
        },
      },
      {
        name: 'attr.size',
        countsWithout: 'attr.size',
        aggs: {
          values: { terms: { field: 'attributes.size', size: 10 } },
          chosen: { terms: { field: 'attributes.size', include: '42', size: 5 } },
        },
      },
      {
        name: 'attribute_pairs',
        countsWithout: null,
        aggs: { values: { terms: { field: 'attribute_pairs', size: 30, exclude: '(colour|size)=.*' } } },
      },
    ]);
  });

  it('answers one list per key, the selected values marked whatever their case', () => {
    const { request, aggregations } = recordedAnswer('running-shoes');
    assert.deepEqual(request.filters.attributes, { colour: ['red'] });
    assert.deepEqual(attributes.shape(aggregations, request.filters), {
      colour: [
        { value: 'Blue', label: 'Blue', count: 1, selected: false },
        { value: 'Red', label: 'Red', count: 1, selected: true },
      ],
      size: [
        { value: '42', label: '42', count: 1, selected: false },
        { value: '43', label: '43', count: 1, selected: false },
        { value: '44', label: '44', count: 1, selected: false },
      ],
    });
  });

  it('merges values differing only in case, labels them capitalised, orders numbers numerically, and keeps selected values', () => {
    const buckets = (pairs: Array<[string, number]>) => ({ buckets: pairs.map(([key, doc_count]) => ({ key, doc_count })) });
    const shaped = attributes.shape(
      {
        'attr.colour': {
          values: buckets([
            ['black', 4],
            ['Red', 2],
            ['red', 3],
            ['blue', 1],
          ]),
          chosen: buckets([
            ['Red', 2],
            ['red', 3],
          ]),
        },
        'attr.size': {
          values: buckets([
            ['42', 5],
            ['9', 4],
            ['41', 3],
            ['40.5', 2],
            ['100', 1],
          ]),
        },
        'attr.material': {
          values: buckets([
            ['cast iron', 2],
            ['iPhone leather', 1],
          ]),
          chosen: buckets([]),
        },
      },
      { attributes: { colour: ['RED'], material: ['Wool'] } },
    );
    assert.deepEqual(shaped, {
      colour: [
        { value: 'black', label: 'Black', count: 4, selected: false },
        { value: 'blue', label: 'Blue', count: 1, selected: false },
        { value: 'red', label: 'Red', count: 5, selected: true },
      ],
      size: ['9', '40.5', '41', '42', '100'].map((value) => ({
        value,
        label: value,
        count: ({ 9: 4, 40.5: 2, 41: 3, 42: 5, 100: 1 } as Record<string, number>)[value]!,
        selected: false,
      })),
      material: [
        { value: 'cast iron', label: 'Cast iron', count: 2, selected: false },
        { value: 'iPhone leather', label: 'iPhone leather', count: 1, selected: false },
        { value: 'Wool', label: 'Wool', count: 0, selected: true },
      ],
    });
  });

  it('answers the commonest pairs grouped by key, splitting each at its first "="', () => {
    const { request, aggregations } = recordedAnswer('browse');
    assert.deepEqual(attributes.shape(aggregations, request.filters), {
      colour: [
        { value: 'Black', label: 'Black', count: 4, selected: false },
        { value: 'Blue', label: 'Blue', count: 1, selected: false },
        { value: 'Brown', label: 'Brown', count: 1, selected: false },
        { value: 'Clear', label: 'Clear', count: 1, selected: false },
        { value: 'Red', label: 'Red', count: 1, selected: false },
      ],
      material: [{ value: 'Leather', label: 'Leather', count: 2, selected: false }],
      size: [{ value: '42', label: '42', count: 2, selected: false }],
      capacity: [
        { value: '1.5L', label: '1.5L', count: 1, selected: false },
        { value: '2L', label: '2L', count: 1, selected: false },
      ],
    });
    assert.deepEqual(
      attributes.shape({ attribute_pairs: { values: { buckets: [{ key: 'fit=EU=42', doc_count: 3 }] } } }, { attributes: {} }),
      {
        fit: [{ value: 'EU=42', label: 'EU=42', count: 3, selected: false }],
      },
    );
    assert.deepEqual(attributes.shape({}, { attributes: {} }), {});
  });
});
