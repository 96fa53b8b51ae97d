import type { estypes } from '@elastic/elasticsearch';
import type { AggregationContext } from '../facets/definition';
import { facets, type FacetName } from '../facets/registry';
import type { SearchFilters } from '../request/params';
import { facetFiltersExcept, type FilterClauses } from './filters';

type Aggregations = Record<string, estypes.AggregationsAggregationContainer>;

export interface FacetOptions extends AggregationContext {
  facets: readonly FacetName[];
}

/**
 * The facets asked for, in the order asked: each of a facet's aggregations
 * counts inside a filter aggregation applying every facet filter but the one
 * it leaves out (its own), so shoppers can multi-select.
 */
export function facetAggregations(filters: SearchFilters, clauses: FilterClauses, options: FacetOptions): Aggregations {
  const aggs: Aggregations = {};
  for (const name of options.facets) {
    for (const aggregation of facets[name].aggregations(filters, options)) {
      // Elasticsearch answers aggregations by name: a second one of a name would silently take the first's place.
      if (Object.hasOwn(aggs, aggregation.name))
        throw new Error(`Two facet aggregations are named ${aggregation.name} (${name}'s is the second).`);
      const others = facetFiltersExcept(clauses.facet, aggregation.countsWithout);
      aggs[aggregation.name] = { filter: others.length === 0 ? { match_all: {} } : { bool: { filter: others } }, aggs: aggregation.aggs };
    }
  }
  return aggs;
}
