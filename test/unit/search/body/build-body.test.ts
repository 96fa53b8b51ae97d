import assert from 'node:assert/strict';
import { buildSearchBody, tileSourceFields } from '../../../../src/search/body/build-body';
import { parseSearchRequest } from '../../../../src/search/request/params';
import { analyzeQuery, fuzzinessFor } from '../../../../ranking/query/query-text';
import { defaultRankingWeights } from '../../../../ranking/weights/ranking-settings';
import { categoryLevelPattern } from '../../../../src/search/facets/category';
import { decodeCursor, encodeCursor } from '../../../../src/search/body/sort';
import { requiredWords } from '../../../../src/search/body/text-query';

const options = { index: 'agora-products', weights: defaultRankingWeights, attributeKeys: [], requirement: 'all' as const, suggest: true };
const scoring = [
  { filter: { match_all: {} }, weight: 1 },
  { field_value_factor: { field: 'popularity', modifier: 'log1p', missing: 0 }, weight: 0.4 },
  { filter: { term: { in_stock: true } }, weight: 0.5 },
  { field_value_factor: { field: 'rating', factor: 0.2, missing: 0 }, weight: 0.2 },
  { field_value_factor: { field: 'merchant.rating', factor: 0.2, missing: 0 }, weight: 0.1 },
  { gauss: { created_at: { origin: 'now', scale: '90d', decay: 0.5 } }, weight: 0.1 },
];

describe('buildSearchBody', () => {
  it('builds a category page: visible products of the category and its descendants, best-selling first', () => {
    const request = parseSearchRequest({ category: 'shoes', in_stock: 'true', page: '2', size: '10' });
    assert.deepEqual(buildSearchBody(request, null, options), {
      index: 'agora-products',
      query: {
        bool: {
          must: [{ function_score: { query: { match_all: {} }, functions: scoring, score_mode: 'sum', boost_mode: 'multiply', boost: 1 } }],
          filter: [{ term: { visible: true } }, { terms: { 'category.ids': ['shoes'] } }, { term: { in_stock: true } }],
        },
      },
      sort: [{ popularity: { order: 'desc' } }, { _score: { order: 'desc' } }, { id: { order: 'asc' } }],
      size: 10,
      from: 10,
      track_total_hits: 10_000,
      track_scores: true,
      _source: { includes: tileSourceFields },
    });
  });

  it('builds a one-word query with every field it may match, highlighting and spelling suggestions', () => {
    const request = parseSearchRequest({ q: 'Shoes' });
    const body = buildSearchBody(request, analyzeQuery(request.q!), options);
    assert.deepEqual(body.query, {
      bool: {
        must: [
          {
            function_score: {
              query: {
                bool: {
                  should: [
                    {
                      bool: {
                        must: [
                          {
                            bool: {
                              should: [
                                {
                                  dis_max: {
                                    queries: [
                                      { term: { title_terms: { value: 'shoe', boost: 3 } } },
                                      { match: { 'brand.name': { query: 'shoes', boost: 2 } } },
                                      { term: { 'category.terms': { value: 'shoe', boost: 2 } } },
                                      { term: { attributes: { value: 'shoes', case_insensitive: true, boost: 1.5 } } },
                                      { term: { description_terms: { value: 'shoe', boost: 0.5 } } },
                                      // Unstemmed matches also look for the singular of a plural typed, counted once.
                                      {
                                        dis_max: {
                                          queries: [
                                            {
                                              fuzzy: {
                                                title_words: {
                                                  value: 'shoes',
                                                  fuzziness: 1,
                                                  prefix_length: 1,
                                                  max_expansions: 20,
                                                  boost: 1.5,
                                                },
                                              },
                                            },
                                            { term: { title_words: { value: 'shoe', boost: 1.5 } } },
                                          ],
                                        },
                                      },
                                      {
                                        dis_max: {
                                          queries: ['shoes', 'shoe'].map((value) => ({ prefix: { title_words: { value, boost: 1 } } })),
                                        },
                                      },
                                      // "shoes" might be two words glued together in some title: a constant, below real title matches.
                                      { constant_score: { filter: { term: { title_joined: 'shoe' } }, boost: 1.5 } },
                                    ],
                                    tie_breaker: 0.1,
                                  },
                                },
                              ],
                              minimum_should_match: 1,
                            },
                          },
                        ],
                        should: [
                          { term: { title_exact: { value: 'shoes', boost: 8 } } },
                          { match_phrase: { title_terms: { query: 'shoe', slop: 2, boost: 4 } } },
                          { match_phrase: { title_zh: { query: 'shoes', slop: 1, boost: 4 } } },
                        ],
                      },
                    },
                    // Or the product whose id the query is.
                    { term: { id: { value: 'Shoes', boost: 8 } } },
                  ],
                  minimum_should_match: 1,
                },
              },
              functions: scoring,
              score_mode: 'sum',
              boost_mode: 'multiply',
              boost: 1,
            },
          },
        ],
        filter: [{ term: { visible: true } }],
      },
    });
    assert.deepEqual(body.sort, [{ _score: { order: 'desc' } }, { popularity: { order: 'desc' } }, { id: { order: 'asc' } }]);
    assert.deepEqual(body.suggest, {
      text: 'shoes',
      spelling: {
        term: { field: 'title_words', suggest_mode: 'missing', sort: 'score', min_word_length: 4, prefix_length: 1, max_edits: 2, size: 3 },
      },
    });
    assert.ok(body.highlight);
  });

  it('moves facet filters to post_filter and counts each facet without its own filter', () => {
    const request = parseSearchRequest({ brand: 'nimbus', 'attr.colour': 'red,blue', facets: 'brand,attributes' });
    const body = buildSearchBody(request, null, { ...options, attributeKeys: ['colour', 'size'] });
    const brandFilter = { terms: { 'brand.id': ['nimbus'] } };
    const colourFilter = {
      bool: {
        should: [
          { term: { 'attributes.colour': { value: 'red', case_insensitive: true } } },
          { term: { 'attributes.colour': { value: 'blue', case_insensitive: true } } },
        ],
        minimum_should_match: 1,
      },
    };
    assert.deepEqual(body.post_filter, { bool: { filter: [brandFilter, colourFilter] } });
    const aggs = body.aggs!;
    assert.deepEqual(aggs.brand!.filter, { bool: { filter: [colourFilter] } });
    assert.deepEqual(aggs['attr.colour']!.filter, { bool: { filter: [brandFilter] } });
    assert.deepEqual(aggs['attr.size']!.filter, { bool: { filter: [brandFilter, colourFilter] } });
    assert.deepEqual(aggs['attr.size']!.aggs, { values: { terms: { field: 'attributes.size', size: 10 } } });
  });

  it('continues after a cursor instead of a from offset', () => {
    const cursor = encodeCursor('price_asc', [19.99, 'sku-9']);
    const body = buildSearchBody(parseSearchRequest({ sort: 'price_asc', cursor }), null, options);
    assert.deepEqual(body.search_after, [19.99, 'sku-9']);
    assert.equal(body.from, undefined);
    assert.throws(() => decodeCursor(cursor, 'newest'), /Not a cursor for this sort/);
  });
});

describe('query text and helpers', () => {
  it('tolerates typos by word length, never in numbers or model codes', () => {
    assert.deepEqual(['tv', 'usb', 'shoe', 'sneakers', 'x15', '4k', '跑鞋'].map(fuzzinessFor), [0, 0, 1, 2, 0, 0, 0]);
  });

  it('analyses queries with the shared text module', () => {
    assert.deepEqual(
      analyzeQuery('Running SHOES').words.map((w) => w.term),
      ['run', 'shoe'],
    );
    assert.deepEqual(
      analyzeQuery('苹果手机壳').words.map((w) => w.word),
      ['苹果', '手机壳'],
    );
  });

  it('requires all words, or about half when relaxed', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => requiredWords(n, 'relaxed')),
      [1, 1, 2, 2, 3],
    );
    assert.equal(requiredWords(4, 'all'), 4);
  });

  it('selects the children of the viewed category, escaping ids for Lucene regular expressions', () => {
    assert.equal(categoryLevelPattern([]), '[^>]+');
    assert.equal(categoryLevelPattern(['phone-cases']), '(.+>)?phone\\-cases>[^>]+');
    assert.equal(categoryLevelPattern(['a', 'b']), '[^>]+');
  });
});
