import assert from 'node:assert/strict';
import {
  candidatesBody,
  contentBody,
  filterClauses,
  historyClauses,
  listBody,
  similarCfBody,
  trendingBody,
  type BodyContext,
} from '../../../src/recommendations/bodies';
import type { RecommendationFilters } from '../../../src/recommendations/params';
import { defaultRecommendationSettings } from '../../../src/recommendations/settings';
import { productSourceFields } from '../../../src/recommendations/shape';

const noFilters: RecommendationFilters = { categoryIds: [], brandIds: [], merchantIds: [], priceMin: null, priceMax: null, inStock: true };
const context: BodyContext = { index: 'agora-products', filters: noFilters, exclude: ['phone-1'], size: 30 };
const source = [...productSourceFields];
const byScore = [{ _score: { order: 'desc' } }, { popularity: { order: 'desc' } }, { id: { order: 'asc' } }];

describe('recommendation bodies', () => {
  it('filters visible products by category subtree, brand, merchant, price and stock', () => {
    assert.deepEqual(
      filterClauses({
        categoryIds: ['phones'],
        brandIds: ['voltix', 'sonora'],
        merchantIds: ['m-tech'],
        priceMin: 10,
        priceMax: null,
        inStock: true,
      }),
      [
        { term: { visible: true } },
        { terms: { 'category.ids': ['phones'] } },
        { terms: { 'brand.id': ['voltix', 'sonora'] } },
        { terms: { 'merchant.id': ['m-tech'] } },
        { range: { price: { gte: 10 } } },
        { term: { in_stock: true } },
      ],
    );
    assert.deepEqual(filterClauses({ ...noFilters, inStock: false }), [{ term: { visible: true } }], 'in stock can be switched off');
  });

  it('fetches a stored list by ids, filtered, leaving the order to the caller', () => {
    assert.deepEqual(listBody(['case-1', 'case-2'], context), {
      index: 'agora-products',
      size: 30,
      track_total_hits: false,
      _source: source,
      query: {
        bool: {
          filter: [{ ids: { values: ['case-1', 'case-2'] } }, { term: { visible: true } }, { term: { in_stock: true } }],
          must_not: [{ ids: { values: ['phone-1'] } }],
        },
      },
    });
  });

  it('asks for the "for you" candidates that pass the filters, boosted by their score relative to the best', () => {
    assert.deepEqual(
      candidatesBody(
        [
          { productId: 'case-2', score: 0.04 },
          { productId: 'lid-1', score: 0.01 },
        ],
        context,
      ),
      {
        index: 'agora-products',
        size: 30,
        track_total_hits: false,
        _source: source,
        query: {
          bool: {
            should: [
              { constant_score: { filter: { term: { id: 'case-2' } }, boost: 1 } },
              { constant_score: { filter: { term: { id: 'lid-1' } }, boost: 0.25 } },
            ],
            minimum_should_match: 1,
            filter: [{ term: { visible: true } }, { term: { in_stock: true } }],
            must_not: [{ ids: { values: ['phone-1'] } }],
          },
        },
        sort: byScore,
      },
    );
  });

  it('finds similar content with more-like-this within the category', () => {
    assert.deepEqual(contentBody({ id: 'phone-1', categoryId: 'phones' }, { ...context, exclude: [] }), {
      index: 'agora-products',
      size: 30,
      track_total_hits: false,
      _source: source,
      query: {
        bool: {
          must: [
            {
              more_like_this: {
                fields: ['title_terms', 'brand.name', 'attribute_pairs'],
                like: [{ _id: 'phone-1' }],
                min_term_freq: 1,
                min_doc_freq: 1,
                max_query_terms: 25,
                minimum_should_match: '30%',
              },
            },
          ],
          filter: [{ term: { 'category.id': 'phones' } }, { term: { visible: true } }, { term: { in_stock: true } }],
        },
      },
      sort: byScore,
    });
  });

  it('scores the CF side of "similar" by list rank and by view indicators', () => {
    const body = similarCfBody({ id: 'phone-1', categoryId: 'phones', alsoBought: ['phone-2', 'case-1'] }, context);
    assert.deepEqual(body.query, {
      bool: {
        should: [
          { constant_score: { filter: { term: { id: 'phone-2' } }, boost: 1 } },
          { constant_score: { filter: { term: { id: 'case-1' } }, boost: 0.5 } },
          { constant_score: { filter: { term: { 'recommendations.viewed_indicators': 'phone-1' } }, boost: 1 } },
        ],
        minimum_should_match: 1,
        filter: [{ term: { 'category.id': 'phones' } }, { term: { visible: true } }, { term: { in_stock: true } }],
        must_not: [{ ids: { values: ['phone-1'] } }],
      },
    });
  });

  it('weighs history items by kind, and by recency only when a half-life is set', () => {
    const history = { purchased: ['phone-1'], carted: ['case-2'], viewed: ['audio-2', 'audio-1'] };
    const weights = { purchased: 1, carted: 1, viewed: 0.6 };
    const boosts = (halfLife: number | null) =>
      historyClauses(history, { ...defaultRecommendationSettings, boosts: weights, recencyHalfLife: halfLife }).map((c) => [
        c.name,
        c.boost,
      ]);
    assert.deepEqual(boosts(1), [
      ['purchased:phone-1', 1],
      ['carted:case-2', 1],
      ['viewed:audio-2', 0.6],
      ['viewed:audio-1', 0.3],
    ]);
    assert.deepEqual(boosts(null), [
      ['purchased:phone-1', 1],
      ['carted:case-2', 1],
      ['viewed:audio-2', 0.6],
      ['viewed:audio-1', 0.6],
    ]);
  });

  it('caps the history items each kind contributes', () => {
    const viewed = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const clauses = historyClauses({ purchased: [], carted: [], viewed }, { ...defaultRecommendationSettings, recencyHalfLife: 10 });
    assert.equal(clauses.length, defaultRecommendationSettings.queryViewed);
    assert.equal(clauses[10]!.boost, defaultRecommendationSettings.boosts.viewed / 2, 'ten positions back weighs half');
  });

  it('sorts trending by the anchored score, then popularity, within a category when given', () => {
    assert.deepEqual(trendingBody({ ...context, exclude: [] }, 'electronics'), {
      index: 'agora-products',
      size: 30,
      track_total_hits: false,
      _source: [...source, 'recommendations.trending'],
      query: { bool: { filter: [{ term: { visible: true } }, { term: { in_stock: true } }, { term: { 'category.ids': 'electronics' } }] } },
      sort: [
        { 'recommendations.trending': { order: 'desc', missing: '_last', unmapped_type: 'double' } },
        { popularity: { order: 'desc' } },
        { 'recommendations.purchasers': { order: 'desc', missing: '_last', unmapped_type: 'integer' } },
        { review_count: { order: 'desc' } },
        { id: { order: 'asc' } },
      ],
    });
  });
});
