import assert from 'node:assert/strict';
import {
  keyFilterClauses,
  keyFiltersClaim,
  productPassesKeyFilters,
  restrictToKeyFilters,
  type KeyFilters,
} from '../../../src/auth/key-filters';
import { buildPinnedBody, buildSearchBody } from '../../../src/search/body/build-body';
import { parseSearchRequest } from '../../../src/search/request/params';
import { filterClauses as recommendationFilterClauses } from '../../../src/recommendations/bodies';
import { parseTrendingRequest } from '../../../src/recommendations/params';
import { defaultRankingWeights } from '../../../ranking/weights/ranking-settings';

const onlyRun: KeyFilters = { merchantIds: ['m-run'], categoryIds: [], brandIds: [] };
const narrow: KeyFilters = { merchantIds: ['m-run'], categoryIds: ['shoes'], brandIds: ['nimbus', 'stride'] };
const options = { index: 'agora-products', weights: defaultRankingWeights, attributeKeys: [], requirement: 'all' as const, suggest: false };

describe('customer key filters', () => {
  it('are the lists given, each non-empty, of ids, a bounded number', () => {
    assert.ok(keyFiltersClaim.safeParse({ merchantIds: ['m-1'] }).success);
    assert.ok(keyFiltersClaim.safeParse({ categoryIds: ['a/b'], brandIds: ['b.1'] }).success);
    for (const bad of [
      {},
      { merchantIds: [] },
      { merchantIds: ['m 1'] },
      { merchantIds: [' m-1'] },
      { merchantIds: 'm-1' },
      { merchantIds: Array.from({ length: 21 }, (_, i) => `m-${i}`) },
      { merchants: ['m-1'] },
      { merchantIds: ['m-1'], extra: true },
    ]) {
      assert.equal(keyFiltersClaim.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('become one terms clause per list given, none without filters', () => {
    assert.deepEqual(keyFilterClauses(null), []);
    assert.deepEqual(keyFilterClauses(undefined), []);
    assert.deepEqual(keyFilterClauses({ merchantIds: [], categoryIds: [], brandIds: [] }), []);
    assert.deepEqual(keyFilterClauses(narrow), [
      { terms: { 'merchant.id': ['m-run'] } },
      { terms: { 'category.ids': ['shoes'] } },
      { terms: { 'brand.id': ['nimbus', 'stride'] } },
    ]);
  });

  it('let a product through only when it passes every list (a category includes its descendants)', () => {
    const shoe = { merchant: { id: 'm-run' }, brand: { id: 'nimbus' }, category: { ids: ['fashion', 'shoes', 'running-shoes'] } };
    assert.equal(productPassesKeyFilters(shoe, null), true);
    assert.equal(productPassesKeyFilters(shoe, narrow), true);
    assert.equal(productPassesKeyFilters({ ...shoe, merchant: { id: 'm-tech' } }, narrow), false);
    assert.equal(productPassesKeyFilters({ ...shoe, brand: null }, narrow), false, 'no brand is not an allowed brand');
    assert.equal(productPassesKeyFilters({ ...shoe, category: { ids: ['electronics'] } }, narrow), false);
    assert.equal(productPassesKeyFilters({ ...shoe, brand: null }, onlyRun), true);
    assert.equal(productPassesKeyFilters(undefined, onlyRun), false, 'a product not read is not shown');
  });

  describe('restrictToKeyFilters', () => {
    it('leaves a request alone for a key without filters', () => {
      const request = parseSearchRequest({ q: 'shoes', merchant: 'm-tech' });
      assert.equal(restrictToKeyFilters(request, null), request);
      assert.equal(restrictToKeyFilters(request, undefined), request);
      assert.deepEqual(buildSearchBody(restrictToKeyFilters(request, null), null, options), buildSearchBody(request, null, options));
    });

    it('adds the key’s filters to the search’s base filters, never to post_filter: hits, pins and facet counts respect them', () => {
      const asked = parseSearchRequest({ merchant: 'm-tech', facets: 'merchant,brand' });
      const request = restrictToKeyFilters(asked, onlyRun);
      assert.deepEqual(asked.filters.restriction, undefined, 'the parsed request is not changed');
      assert.deepEqual(request.filters.merchantIds, ['m-tech'], 'what the request asks stays, AND-ed with the key');
      const body = buildSearchBody(request, null, options);
      const filter = (body.query as { bool: { filter: unknown[] } }).bool.filter;
      assert.deepEqual(filter.slice(0, 2), [{ term: { visible: true } }, { terms: { 'merchant.id': ['m-run'] } }]);
      assert.deepEqual(body.post_filter, { terms: { 'merchant.id': ['m-tech'] } }, 'the request’s own merchant, as before');
      assert.ok(!JSON.stringify(body.post_filter).includes('m-run'), 'the key’s filter is not in post_filter');
      const aggs = JSON.stringify(body.aggs);
      assert.ok(!aggs.includes('m-run'), 'facet counts run inside the query, which the key already narrowed');
      const pinned = buildPinnedBody(request, ['shoe-4'], { index: 'agora-products' });
      assert.deepEqual((pinned.query as { bool: { filter: unknown[] } }).bool.filter.slice(1, 3), [
        { term: { visible: true } },
        { terms: { 'merchant.id': ['m-run'] } },
      ]);
    });

    it('adds them to every recommendation body’s filters', () => {
      const request = restrictToKeyFilters(parseTrendingRequest({ merchant: 'm-tech' }), narrow);
      assert.deepEqual(recommendationFilterClauses(request.filters), [
        { term: { visible: true } },
        { terms: { 'merchant.id': ['m-run'] } },
        { terms: { 'category.ids': ['shoes'] } },
        { terms: { 'brand.id': ['nimbus', 'stride'] } },
        { terms: { 'merchant.id': ['m-tech'] } },
        { term: { in_stock: true } },
      ]);
      const unrestricted = parseTrendingRequest({ merchant: 'm-tech' });
      assert.deepEqual(
        recommendationFilterClauses(restrictToKeyFilters(unrestricted, null).filters),
        recommendationFilterClauses(unrestricted.filters),
      );
    });

    it('makes differently restricted requests different cache keys', () => {
      const request = parseSearchRequest({ q: 'shoes' });
      const keys = [null, onlyRun, narrow].map((filters) => JSON.stringify(restrictToKeyFilters(request, filters)));
      assert.equal(new Set(keys).size, 3);
    });
  });
});
