import type { estypes } from '@elastic/elasticsearch';
import { productFilterQuery } from '../../../ranking/rules/product-filter';
import type { Boost } from '../../../ranking/rules/resolve';
import type { ProductFilter } from '../../../ranking/rules/types';

type Query = estypes.QueryDslQueryContainer;

/** What the matching merchandising rules ask of the Elasticsearch request (ranking/rules/resolve.ts decides it). */
export interface BodyMerchandising {
  /** Left out of the organic results: hidden by a rule, or pinned (spliced in after the search). */
  excludedIds: string[];
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
