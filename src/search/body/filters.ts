import type { estypes } from '@elastic/elasticsearch';
import { keyFilterClauses } from '../../auth/key-filters';
import { facetNames, facets, type FacetFilterKey } from '../facets/registry';
import type { SearchFilters } from '../request/params';

type Query = estypes.QueryDslQueryContainer;

export interface FilterClauses {
  /** Always applied: visibility, the customer key's filters, the facets that narrow the query itself (category), stock. */
  base: Query[];
  /** Facet filters: applied to hits through post_filter, and to every facet's counts but their own (see FacetFilters). */
  facet: Map<FacetFilterKey, Query>;
}

export function filterClauses(filters: SearchFilters): FilterClauses {
  // A key's filters narrow the query itself, never the post_filter: the facet counts respect them too.
  const base: Query[] = [{ term: { visible: true } }, ...keyFilterClauses(filters.restriction)];
  const facet = new Map<FacetFilterKey, Query>();
  for (const name of facetNames) {
    const clauses = facets[name].filters(filters);
    base.push(...clauses.base);
    for (const { key, query } of clauses.post) facet.set(key, query);
  }
  if (filters.inStock) base.push({ term: { in_stock: true } });
  return { base, facet };
}

/** Every facet filter but `except`: what one facet's counts are computed over. */
export function facetFiltersExcept(facet: FilterClauses['facet'], except: FacetFilterKey | null): Query[] {
  return [...facet.entries()].filter(([key]) => key !== except).map(([, query]) => query);
}

export function postFilter(facet: FilterClauses['facet']): Query | undefined {
  const all = facetFiltersExcept(facet, null);
  if (all.length === 0) return undefined;
  return all.length === 1 ? all[0] : { bool: { filter: all } };
}
