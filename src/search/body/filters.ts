import type { estypes } from '@elastic/elasticsearch';
import { anyValue } from '../../core/product-index';
import type { SearchRequest } from '../params';

type Query = estypes.QueryDslQueryContainer;

/** Facet filters apply after the aggregations see the results, so each facet can count as if its own selection were not made. */
export type FacetFilterKey = 'brand' | 'merchant' | 'price' | 'rating' | `attr.${string}`;

export interface FilterClauses {
  /** Always applied: visibility, category, stock. */
  base: Query[];
  /** Applied to hits through post_filter, and to every facet but their own. */
  facet: Map<FacetFilterKey, Query>;
}

export function filterClauses(filters: SearchRequest['filters']): FilterClauses {
  const base: Query[] = [{ term: { visible: true } }];
  // Any level of the tree: a product carries the ids of all its ancestors.
  if (filters.categoryIds.length > 0) base.push({ terms: { 'category.ids': filters.categoryIds } });
  if (filters.inStock) base.push({ term: { in_stock: true } });

  const facet = new Map<FacetFilterKey, Query>();
  if (filters.brandIds.length > 0) facet.set('brand', { terms: { 'brand.id': filters.brandIds } });
  if (filters.merchantIds.length > 0) facet.set('merchant', { terms: { 'merchant.id': filters.merchantIds } });
  if (filters.priceMin !== null || filters.priceMax !== null) {
    facet.set('price', { range: { price: { ...(filters.priceMin === null ? {} : { gte: filters.priceMin }), ...(filters.priceMax === null ? {} : { lte: filters.priceMax }) } } });
  }
  if (filters.ratingMin !== null) facet.set('rating', { range: { rating: { gte: filters.ratingMin } } });
  for (const [key, values] of Object.entries(filters.attributes)) facet.set(`attr.${key}`, anyValue(`attributes.${key}`, values));
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
