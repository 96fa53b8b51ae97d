import assert from 'node:assert/strict';
import { buildPinnedBody, buildSearchBody, tileSourceFields } from '../../../../src/search/body/build-body';
import { parseSearchRequest } from '../../../../src/search/request/params';
import { analyzeQuery } from '../../../../ranking/query/query-text';
import { defaultRankingWeights } from '../../../../ranking/weights/ranking-settings';
import { compileSynonyms } from '../../../../ranking/synonyms/dictionary';
import { expandQuery } from '../../../../ranking/synonyms/expand';

const options = { index: 'agora-products', weights: defaultRankingWeights, attributeKeys: [], requirement: 'all' as const, suggest: false };
const scoring = [
  { filter: { match_all: {} }, weight: 1 },
  { field_value_factor: { field: 'popularity', modifier: 'log1p', missing: 0 }, weight: 0.4 },
  { filter: { term: { in_stock: true } }, weight: 0.5 },
  { field_value_factor: { field: 'rating', factor: 0.2, missing: 0 }, weight: 0.2 },
  { field_value_factor: { field: 'merchant.rating', factor: 0.2, missing: 0 }, weight: 0.1 },
  { gauss: { created_at: { origin: 'now', scale: '90d', decay: 0.5 } }, weight: 0.1 },
];

describe('buildSearchBody with merchandising', () => {
  it('leaves out hidden products, keeps pinned ones out of the hits but in the facet counts, adds rule filters, multiplies scores by boosts and buries, and fetches the organic window', () => {
    const request = parseSearchRequest({ category: 'electronics' });
    const body = buildSearchBody(request, null, {
      ...options,
      merchandising: {
        excludedIds: ['hidden-1'],
        pinnedIds: ['pinned-1'],
        filters: [{ merchantIds: ['m-tech'], attributes: { colour: ['Black'] } }],
        boosts: [
          { ruleId: '1', filter: { brandIds: ['voltix'] }, factor: 3 },
          { ruleId: '2', filter: { price: { min: 100, max: 500 } }, factor: 0.5 },
        ],
      },
      window: { from: 0, size: 21 },
    });
    assert.deepEqual(body, {
      index: 'agora-products',
      query: {
        bool: {
          must: [
            {
              bool: {
                should: [
                  {
                    function_score: {
                      query: {
                        function_score: {
                          query: { match_all: {} },
                          functions: scoring,
                          score_mode: 'sum',
                          boost_mode: 'multiply',
                          boost: 1,
                        },
                      },
                      functions: [
                        { filter: { terms: { 'brand.id': ['voltix'] } }, weight: 3 },
                        { filter: { range: { price: { gte: 100, lte: 500 } } }, weight: 0.5 },
                      ],
                      score_mode: 'multiply',
                      boost_mode: 'multiply',
                    },
                  },
                  { ids: { values: ['pinned-1'] } },
                ],
                minimum_should_match: 1,
              },
            },
          ],
          filter: [
            { term: { visible: true } },
            { terms: { 'category.ids': ['electronics'] } },
            {
              bool: {
                filter: [
                  { terms: { 'merchant.id': ['m-tech'] } },
                  { term: { 'attributes.colour': { value: 'Black', case_insensitive: true } } },
                ],
              },
            },
          ],
          must_not: [{ ids: { values: ['hidden-1'] } }],
        },
      },
      post_filter: { bool: { must_not: [{ ids: { values: ['pinned-1'] } }] } },
      sort: [{ popularity: { order: 'desc' } }, { _score: { order: 'desc' } }, { id: { order: 'asc' } }],
      size: 21,
      from: 0,
      track_total_hits: 10_000,
      track_scores: true,
      _source: { includes: tileSourceFields },
    });
  });

  it('searches a synonym span as the words typed or their alternatives, weighted below them', () => {
    const request = parseSearchRequest({ q: 'TV' });
    const query = expandQuery(
      analyzeQuery(request.q!),
      compileSynonyms([{ id: '1', type: 'oneway', input: 'tv', synonyms: ['television', 'flat screen'], weight: 0.7 }]),
    );
    const body = buildSearchBody(request, query, options);
    const word = (w: string, term: string, extra: object[] = []) => [
      { term: { title_terms: { value: term, boost: 3 } } },
      { match: { 'brand.name': { query: w, boost: 2 } } },
      { term: { 'category.terms': { value: term, boost: 2 } } },
      { term: { attributes: { value: w, case_insensitive: true, boost: 1.5 } } },
      { term: { description_terms: { value: term, boost: 0.5 } } },
      ...extra,
    ];
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
                                      {
                                        dis_max: {
                                          queries: word('tv', 'tv', [{ prefix: { title_words: { value: 'tv', boost: 1 } } }]),
                                          tie_breaker: 0.1,
                                        },
                                      },
                                      {
                                        dis_max: {
                                          queries: word('television', 'televis', [
                                            { constant_score: { filter: { term: { title_joined: 'televis' } }, boost: 1.5 } },
                                          ]),
                                          tie_breaker: 0.1,
                                          boost: 0.7,
                                        },
                                      },
                                      {
                                        bool: {
                                          must: [
                                            { dis_max: { queries: word('flat', 'flat'), tie_breaker: 0.1 } },
                                            {
                                              dis_max: {
                                                queries: word('screen', 'screen', [
                                                  { constant_score: { filter: { term: { title_joined: 'screen' } }, boost: 1.5 } },
                                                ]),
                                                tie_breaker: 0.1,
                                              },
                                            },
                                          ],
                                          boost: 0.7,
                                        },
                                      },
                                    ],
                                  },
                                },
                              ],
                              minimum_should_match: 1,
                            },
                          },
                        ],
                        should: [
                          { term: { title_exact: { value: 'tv', boost: 8 } } },
                          { match_phrase: { title_terms: { query: 'tv', slop: 2, boost: 4 } } },
                          { match_phrase: { title_zh: { query: 'tv', slop: 1, boost: 4 } } },
                        ],
                      },
                    },
                    { term: { id: { value: 'TV', boost: 8 } } },
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
    assert.deepEqual(body.highlight!.highlight_query, {
      multi_match: { query: 'tv television flat screen', fields: ['title_en', 'title_zh'], type: 'best_fields' },
    });
  });

  it('fetches pinned products by id under every filter of the page, but not the words', () => {
    const request = parseSearchRequest({ q: 'phone', category: 'electronics', brand: 'voltix', in_stock: 'true' });
    assert.deepEqual(
      buildPinnedBody(request, ['phone-2', 'case-1'], {
        index: 'agora-products',
        merchandising: { excludedIds: [], filters: [{ merchantIds: ['m-tech'] }], boosts: [] },
      }),
      {
        index: 'agora-products',
        query: {
          bool: {
            filter: [
              { ids: { values: ['phone-2', 'case-1'] } },
              { term: { visible: true } },
              { terms: { 'category.ids': ['electronics'] } },
              { term: { in_stock: true } },
              { terms: { 'merchant.id': ['m-tech'] } },
              { terms: { 'brand.id': ['voltix'] } },
            ],
          },
        },
        size: 2,
        track_total_hits: false,
        _source: { includes: tileSourceFields },
      },
    );
  });
});
