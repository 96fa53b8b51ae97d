import { z } from 'zod';
import { validationError } from '../../core/errors';
import { identifier } from '../../core/validation';
import {
  facetNames,
  facetParameters,
  facets,
  isFacetName,
  isFacetParameter,
  type FacetName,
  type FacetSelections,
} from '../facets/registry';
import { list, parse, searchLimits, single, wholeNumber, type RawQuery } from '../query-string/values';

/**
 * The storefront's search request, parsed from the query string. Several
 * values of one filter are OR-ed (`brand=a&brand=b` or `brand=a,b`);
 * different filters are AND-ed. Attribute filters are `attr.<key>=v1,v2`.
 * Facet parameters are the facets' own (src/search/facets/registry.ts).
 */
export const sortOptions = ['relevance', 'newest', 'price_asc', 'price_desc', 'best_selling', 'rating'] as const;
export type SortOption = (typeof sortOptions)[number];

/** What the shopper filters on: every facet's selection, and whether only products in stock are shown. */
export type SearchFilters = FacetSelections & { inStock: boolean };

export interface SearchRequest {
  q: string | null;
  filters: SearchFilters;
  facets: FacetName[];
  facetSize: number;
  sort: SortOption;
  page: number;
  size: number;
  cursor: string | null;
  customerId: string | null;
  sessionId: string | null;
  /** Storefront context tag (channel, locale, segment) that merchandising rules may match. */
  context: string | null;
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every parameter of a fixed name: the facets' own (attr.{key} aside: isFacetParameter) and the rest. */
export const knownSearchParams: ReadonlySet<string> = new Set([
  'q',
  ...facetParameters.map((p) => p.name).filter((name) => !name.includes('{key}')),
  ...['in_stock', 'facets', 'facet_size', 'sort', 'page', 'size', 'cursor', 'customer', 'session', 'context'],
]);

function facetName(value: string): FacetName {
  if (!isFacetName(value)) throw validationError('facets', `Facets are ${facetNames.join(', ')}.`);
  return value;
}

/** Every facet's selection, in registry order; in_stock sits before the attribute filters, where SearchResult.appliedFilters has always had it. */
function parseFilters(query: RawQuery, inStockRaw: string | undefined): SearchFilters {
  // Complete once every facet has read its own.
  const all = facetNames.reduce<Partial<FacetSelections>>(
    (parsed, name) => ({ ...parsed, ...facets[name].parse(query) }),
    {},
  ) as FacetSelections;
  const { attributes, ...selections } = all;
  return { ...selections, inStock: inStockRaw === undefined ? false : parse(bool, inStockRaw, 'in_stock'), attributes };
}

export function parseSearchRequest(query: RawQuery): SearchRequest {
  for (const name of Object.keys(query)) {
    if (!knownSearchParams.has(name) && !isFacetParameter(name)) throw validationError(name, `Unknown parameter "${name}".`);
  }

  const rawQ = single(query, 'q');
  const q =
    rawQ === undefined
      ? null
      : parse(z.string().max(searchLimits.maxQueryLength, `At most ${searchLimits.maxQueryLength} characters.`), rawQ, 'q').trim() || null;
  const sortRaw = single(query, 'sort');
  const sort =
    sortRaw === undefined
      ? q
        ? 'relevance'
        : 'best_selling'
      : parse(z.enum(sortOptions, { message: `Sort by one of ${sortOptions.join(', ')}.` }), sortRaw, 'sort');
  const size = parse(wholeNumber(1, searchLimits.maxSize), single(query, 'size') ?? '20', 'size');
  const page = parse(wholeNumber(1, 1_000_000), single(query, 'page') ?? '1', 'page');
  const cursor = single(query, 'cursor') ?? null;
  if (cursor !== null && query.page !== undefined) throw validationError('cursor', 'Use either page or cursor, not both.');
  if (cursor === null && page * size > searchLimits.maxDepth) {
    throw validationError('page', `Pages beyond result ${searchLimits.maxDepth} need the cursor from the previous response.`);
  }
  if (cursor !== null)
    parse(
      z
        .string()
        .max(1000)
        .regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor from a previous response.'),
      cursor,
      'cursor',
    );

  const inStockRaw = single(query, 'in_stock');
  const facetSizeRaw = single(query, 'facet_size');
  const filters = parseFilters(query, inStockRaw);

  return {
    q,
    filters,
    facets: list(query, 'facets').map(facetName),
    facetSize: facetSizeRaw === undefined ? 10 : parse(wholeNumber(1, searchLimits.maxFacetValues), facetSizeRaw, 'facet_size'),
    sort,
    page,
    size,
    cursor,
    customerId: (() => {
      const v = single(query, 'customer');
      return v === undefined ? null : parse(identifier, v, 'customer');
    })(),
    sessionId: (() => {
      const v = single(query, 'session');
      return v === undefined ? null : parse(identifier, v, 'session');
    })(),
    context: (() => {
      const v = single(query, 'context');
      return v === undefined
        ? null
        : parse(z.string().regex(/^[a-z0-9_:-]{1,64}$/, 'Context tags are lowercase letters, digits and _ : -.'), v, 'context');
    })(),
  };
}
