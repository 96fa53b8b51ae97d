import type { estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import { identifier } from '../core/validation';

/**
 * The filters a customer key may carry (./customer-keys.ts), like Algolia's
 * secured keys' `filters` or Typesense's scoped keys' embedded `filter_by`:
 * a key restricted to merchants, categories or brands only ever sees those
 * products. The lists are under the key's signature; each one given is a
 * filter (its values OR-ed), and the filters are AND-ed with each other and
 * with whatever the request asks. Enforced in one place per path: the search
 * body's base filters (src/search/body/filters.ts), the recommendation bodies'
 * filters (src/recommendations/bodies.ts), and the product suggestions.
 */
export interface KeyFilters {
  /** Empty: no restriction on merchants. */
  merchantIds: string[];
  /** Any level of the tree: a category includes its descendants. Empty: no restriction. */
  categoryIds: string[];
  /** Empty: no restriction on brands. */
  brandIds: string[];
}

/** Values one list of a key's filters may hold. The whole key must still fit in customerKeyMaxLength. */
export const maxKeyFilterValues = 20;

const idList = z.array(identifier).min(1, 'Give at least one id, or leave the list out.').max(maxKeyFilterValues);

/** The `filters` claim as signed: the lists given, each non-empty (an empty list would read as "no restriction"). */
export const keyFiltersClaim = z
  .strictObject({ merchantIds: idList.optional(), categoryIds: idList.optional(), brandIds: idList.optional() })
  .refine((f) => f.merchantIds !== undefined || f.categoryIds !== undefined || f.brandIds !== undefined, 'Give at least one list.');

export type KeyFiltersClaim = z.output<typeof keyFiltersClaim>;

/** The claim as the principal carries it: every list present (empty: no restriction). */
export function keyFiltersOf(claim: KeyFiltersClaim): KeyFilters {
  return { merchantIds: claim.merchantIds ?? [], categoryIds: claim.categoryIds ?? [], brandIds: claim.brandIds ?? [] };
}

/** The Elasticsearch filter clauses of a key's filters, ANDed with the rest of a query's filters; none without filters. */
export function keyFilterClauses(filters: KeyFilters | null | undefined): estypes.QueryDslQueryContainer[] {
  if (!filters) return [];
  const clauses: estypes.QueryDslQueryContainer[] = [];
  if (filters.merchantIds.length > 0) clauses.push({ terms: { 'merchant.id': [...filters.merchantIds] } });
  // A product carries every ancestor's id: a category includes its descendants.
  if (filters.categoryIds.length > 0) clauses.push({ terms: { 'category.ids': [...filters.categoryIds] } });
  if (filters.brandIds.length > 0) clauses.push({ terms: { 'brand.id': [...filters.brandIds] } });
  return clauses;
}

/** The fields of a product document a key's filters are checked against. */
export interface FilteredProduct {
  merchant?: { id?: string | null } | null;
  brand?: { id?: string | null } | null;
  category?: { ids?: readonly string[] | null } | null;
}

/** Whether a key with these filters may see the product: the same test as keyFilterClauses, in memory (suggestions, anchors). */
export function productPassesKeyFilters(product: FilteredProduct | undefined, filters: KeyFilters | null | undefined): boolean {
  if (!filters) return true;
  if (product === undefined) return false;
  const merchant = product.merchant?.id ?? null;
  const brand = product.brand?.id ?? null;
  const categories = product.category?.ids ?? [];
  if (filters.merchantIds.length > 0 && (merchant === null || !filters.merchantIds.includes(merchant))) return false;
  if (filters.brandIds.length > 0 && (brand === null || !filters.brandIds.includes(brand))) return false;
  if (filters.categoryIds.length > 0 && !categories.some((id) => filters.categoryIds.includes(id))) return false;
  return true;
}

/**
 * A parsed storefront request (search or recommendations) narrowed to a
 * key's filters: `filters.restriction`, which the body builders AND with the
 * request's own filters, so asking for another merchant finds nothing rather
 * than widening the key. The request is returned unchanged for a key without
 * filters. Being part of the request, the restriction is part of the result
 * cache's key.
 */
export function restrictToKeyFilters<R extends { filters: { restriction?: KeyFilters | null } }>(
  request: R,
  filters: KeyFilters | null | undefined,
): R {
  if (!filters) return request;
  const restriction: KeyFilters = {
    merchantIds: [...filters.merchantIds],
    categoryIds: [...filters.categoryIds],
    brandIds: [...filters.brandIds],
  };
  return { ...request, filters: { ...request.filters, restriction } };
}
