import type { FacetAggregates } from './definition';
import { facetNames, facets, type FacetName, type FacetSelections, type SearchFacets } from './registry';

/** The facets asked for, in registry order, each read from the aggregations it asked for. */
export function shapeFacets(
  requested: readonly FacetName[],
  selections: FacetSelections,
  aggregations: Readonly<Record<string, unknown>> | undefined,
): SearchFacets {
  // Elasticsearch answers each aggregation in the shape its facet asked for (FacetAggregate).
  const answers = (aggregations ?? {}) as FacetAggregates;
  const shaped = facetNames
    .filter((name) => requested.includes(name))
    .map((name) => [name, facets[name].shape(answers, selections)] as const);
  // Each entry is its own facet's response; TypeScript cannot pair the two across the union of names.
  return Object.fromEntries(shaped) as SearchFacets;
}
