import type { estypes } from '@elastic/elasticsearch';
import { productFilterQuery } from '../../../ranking/rules/product-filter';
import type { Boost } from '../../../ranking/rules/resolve';
import type { ProductFilter } from '../../../ranking/rules/types';

type Query = estypes.QueryDslQueryContainer;

/** What the matching merchandising rules ask of the Elasticsearch request (ranking/rules/resolve.ts decides it). */
export interface BodyMerchandising {
  /** Left out of the results and the facet counts: hidden by a rule. */
  excludedIds: string[];
  /**
   * Pinned products: left out of the organic hits (execute.ts splices them in
   * at their positions) but counted in the facets, since the page shows them.
   * @default none
   */
  pinnedIds?: string[];
  /** Rule filters, AND-ed with the shopper's. */
  filters: ProductFilter[];
  boosts: Boost[];
}

export const noBodyMerchandising: BodyMerchandising = { excludedIds: [], filters: [], boosts: [] };

/**
 * Boosts and buries multiply the whole score, signals included, by each
 * matching rule's factor (score_mode multiply; a product no boost matches
 * keeps factor 1). Multiplying instead of adding to the signal sum keeps a
 * bury from ever making a score negative, which Elasticsearch refuses.
 */
export function ruleBoosted(query: Query, boosts: readonly Boost[]): Query {
  if (boosts.length === 0) return query;
  return {
    function_score: {
      query,
      functions: boosts.map((b) => ({ filter: productFilterQuery(b.filter), weight: b.factor })),
      score_mode: 'multiply',
      boost_mode: 'multiply',
    },
  };
}

export function ruleFilters(filters: readonly ProductFilter[]): Query[] {
  return filters.map(productFilterQuery);
}

export function ruleExclusions(ids: readonly string[]): { must_not?: Query[] } {
  return ids.length === 0 ? {} : { must_not: [{ ids: { values: [...ids] } }] };
}

/**
 * The query that decides what the facets count: the organic query, or also
 * the pinned products. A pinned product matches through its own clause (it
 * need not match the words, as the pinned fetch does not ask it to); the
 * filters around this query still apply to it, and pinnedHitExclusion keeps
 * it out of the hits. Organic products match only the first clause, so their
 * scores are unchanged.
 */
export function withPinnedCounted(organic: Query, pinnedIds: readonly string[]): Query {
  if (pinnedIds.length === 0) return organic;
  return { bool: { should: [organic, { ids: { values: [...pinnedIds] } }], minimum_should_match: 1 } };
}

/** The post_filter part that keeps pinned products out of the organic hits (withPinnedCounted let them into the counts). */
export function pinnedHitExclusion(pinnedIds: readonly string[]): Query | undefined {
  return pinnedIds.length === 0 ? undefined : { bool: { must_not: [{ ids: { values: [...pinnedIds] } }] } };
}
