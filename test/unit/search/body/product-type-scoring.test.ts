import assert from 'node:assert/strict';
import type { estypes } from '@elastic/elasticsearch';
import { buildSearchBody } from '../../../../src/search/body/build-body';
import { parseSearchRequest } from '../../../../src/search/request/params';
import { scoreComponents } from '../../../../src/search/score-components';
import { analyzeQuery } from '../../../../ranking/query/query-text';
import { defaultRankingWeights } from '../../../../ranking/weights/ranking-settings';
import type { HitSource } from '../../../../src/search/execute';

const options = { index: 'products', weights: defaultRankingWeights, attributeKeys: [], requirement: 'all' as const, suggest: false };

function functionsOf(body: estypes.SearchRequest): estypes.QueryDslFunctionScoreContainer[] {
  const must = (body.query!.bool!.must as estypes.QueryDslQueryContainer[])[0]!;
  return (must.function_score as estypes.QueryDslFunctionScoreQuery).functions!;
}

describe('search/body: product-type scoring', () => {
  it('lifts products under the named categories by the productType weight', () => {
    const query = { ...analyzeQuery('laptops'), productType: { key: 'laptop', categoryIds: ['laptops'] } };
    const functions = functionsOf(buildSearchBody(parseSearchRequest({ q: 'laptops' }), query, options));
    assert.deepEqual(functions.at(-1), { filter: { terms: { 'category.ids': ['laptops'] } }, weight: defaultRankingWeights.productType });
  });

  it('adds nothing when the query names no type or the weight is 0', () => {
    const plain = functionsOf(buildSearchBody(parseSearchRequest({ q: 'laptops' }), analyzeQuery('laptops'), options));
    assert.ok(plain.every((f) => !('filter' in f) || !JSON.stringify(f.filter).includes('category.ids')));
    const typed = { ...analyzeQuery('laptops'), productType: { key: 'laptop', categoryIds: ['laptops'] } };
    const off = functionsOf(
      buildSearchBody(parseSearchRequest({ q: 'laptops' }), typed, { ...options, weights: { ...defaultRankingWeights, productType: 0 } }),
    );
    assert.deepEqual(off, plain);
  });

  it('shows the lift in the score breakdown for products of the type only', () => {
    const source = (categoryIds: string[]) =>
      ({
        category: { id: categoryIds.at(-1), ids: categoryIds },
        created_at: new Date(0).toISOString(),
        merchant: { rating: null },
      }) as unknown as HitSource;
    const type = { categoryIds: ['laptops'] };
    const laptop = scoreComponents(source(['electronics', 'laptops']), 10, defaultRankingWeights, [], 0, type);
    const bag = scoreComponents(source(['electronics', 'laptop-bags']), 10, defaultRankingWeights, [], 0, type);
    assert.equal(laptop.signals.productType, defaultRankingWeights.productType);
    assert.equal(bag.signals.productType, 0);
    assert.equal(scoreComponents(source(['electronics', 'laptops']), 10, defaultRankingWeights, [], 0).signals.productType, 0);
  });
});
