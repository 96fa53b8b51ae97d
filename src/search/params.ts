import { z } from 'zod';
import { validationError } from '../core/errors';

/**
 * The storefront's search request, parsed from the query string. Several
 * values of one filter are OR-ed (`brand=a&brand=b` or `brand=a,b`);
 * different filters are AND-ed. Attribute filters are `attr.<key>=v1,v2`.
 */
export const sortOptions = ['relevance', 'newest', 'price_asc', 'price_desc', 'best_selling', 'rating'] as const;
export type SortOption = (typeof sortOptions)[number];

export const facetNames = ['category', 'brand', 'merchant', 'price', 'rating', 'attributes'] as const;
export type FacetName = (typeof facetNames)[number];

/** Limits that keep one request cheap. @default see values */
export const searchLimits = {
  maxSize: 100,
  /** page × size beyond this must use the cursor (search_after). */
  maxDepth: 1000,
  maxQueryLength: 200,
  maxValuesPerFilter: 20,
  maxAttributeFilters: 10,
  maxFacetValues: 50,
} as const;

export interface SearchRequest {
  q: string | null;
  filters: {
    categoryIds: string[];
    brandIds: string[];
    merchantIds: string[];
    priceMin: number | null;
    priceMax: number | null;
    ratingMin: number | null;
    inStock: boolean;
    attributes: Record<string, string[]>;
  };
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

const idValue = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9._:\/-]+$/, 'Use letters, digits and . _ : / - only.');
const attributeValue = z.string().trim().min(1).max(100);
const number = (field: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, `${field} must be a number.`)
    .transform(Number)
    .pipe(z.number().min(min).max(max));
const integer = (min: number, max: number) => z.string().trim().regex(/^\d+$/, 'Must be a whole number.').transform(Number).pipe(z.number().int().min(min).max(max));
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const knownSearchParams: ReadonlySet<string> = new Set(['q', 'category', 'brand', 'merchant', 'price_min', 'price_max', 'rating_min', 'in_stock', 'facets', 'facet_size', 'sort', 'page', 'size', 'cursor', 'customer', 'session', 'context']);

type RawQuery = Record<string, string | string[] | undefined>;

/** One value per parameter: a repeated scalar parameter is an error, not a silent pick. */
function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw validationError(name, `Give ${name} once.`);
  return value === '' ? undefined : value;
}

/** Lists accept repetition and commas alike. */
function list(query: RawQuery, name: string): string[] {
  const value = query[name];
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (parts.length > searchLimits.maxValuesPerFilter) throw validationError(name, `At most ${searchLimits.maxValuesPerFilter} values.`);
  return [...new Set(parts)];
}

function parse<T extends z.ZodType>(schema: T, value: unknown, field: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(field, result.error.issues[0]!.message);
  return result.data;
}

export function parseSearchRequest(query: RawQuery): SearchRequest {
  const attributes: Record<string, string[]> = {};
  for (const name of Object.keys(query)) {
    if (name.startsWith('attr.')) {
      const key = parse(z.string().regex(/^[a-z0-9_]{1,50}$/, 'Attribute names are lowercase letters, digits and _.'), name.slice(5), name);
      const values = list(query, name).map((v) => parse(attributeValue, v, name));
      if (values.length > 0) attributes[key] = values;
      continue;
    }
    if (!knownSearchParams.has(name)) throw validationError(name, `Unknown parameter "${name}".`);
  }
  if (Object.keys(attributes).length > searchLimits.maxAttributeFilters) throw validationError('attr', `At most ${searchLimits.maxAttributeFilters} attribute filters.`);

  const rawQ = single(query, 'q');
  const q = rawQ === undefined ? null : parse(z.string().max(searchLimits.maxQueryLength, `At most ${searchLimits.maxQueryLength} characters.`), rawQ, 'q').trim() || null;
  const sortRaw = single(query, 'sort');
  const sort = sortRaw === undefined ? (q ? 'relevance' : 'best_selling') : parse(z.enum(sortOptions, { message: `Sort by one of ${sortOptions.join(', ')}.` }), sortRaw, 'sort');
  const size = parse(integer(1, searchLimits.maxSize), single(query, 'size') ?? '20', 'size');
  const page = parse(integer(1, 1_000_000), single(query, 'page') ?? '1', 'page');
  const cursor = single(query, 'cursor') ?? null;
  if (cursor !== null && query.page !== undefined) throw validationError('cursor', 'Use either page or cursor, not both.');
  if (cursor === null && page * size > searchLimits.maxDepth) {
    throw validationError('page', `Pages beyond result ${searchLimits.maxDepth} need the cursor from the previous response.`);
  }
  if (cursor !== null) parse(z.string().max(1000).regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor from a previous response.'), cursor, 'cursor');

  const priceMinRaw = single(query, 'price_min');
  const priceMaxRaw = single(query, 'price_max');
  const priceMin = priceMinRaw === undefined ? null : parse(number('price_min', 0, 1e9), priceMinRaw, 'price_min');
  const priceMax = priceMaxRaw === undefined ? null : parse(number('price_max', 0, 1e9), priceMaxRaw, 'price_max');
  if (priceMin !== null && priceMax !== null && priceMin > priceMax) throw validationError('price_min', 'price_min is above price_max.');
  const ratingRaw = single(query, 'rating_min');
  const inStockRaw = single(query, 'in_stock');
  const facetSizeRaw = single(query, 'facet_size');

  return {
    q,
    filters: {
      categoryIds: list(query, 'category').map((v) => parse(idValue, v, 'category')),
      brandIds: list(query, 'brand').map((v) => parse(idValue, v, 'brand')),
      merchantIds: list(query, 'merchant').map((v) => parse(idValue, v, 'merchant')),
      priceMin,
      priceMax,
      ratingMin: ratingRaw === undefined ? null : parse(number('rating_min', 0, 5), ratingRaw, 'rating_min'),
      inStock: inStockRaw === undefined ? false : parse(bool, inStockRaw, 'in_stock'),
      attributes,
    },
    facets: list(query, 'facets').map((v) => parse(z.enum(facetNames, { message: `Facets are ${facetNames.join(', ')}.` }), v, 'facets')),
    facetSize: facetSizeRaw === undefined ? 10 : parse(integer(1, searchLimits.maxFacetValues), facetSizeRaw, 'facet_size'),
    sort,
    page,
    size,
    cursor,
    customerId: (() => { const v = single(query, 'customer'); return v === undefined ? null : parse(idValue, v, 'customer'); })(),
    sessionId: (() => { const v = single(query, 'session'); return v === undefined ? null : parse(idValue, v, 'session'); })(),
    context: (() => { const v = single(query, 'context'); return v === undefined ? null : parse(z.string().regex(/^[a-z0-9_:-]{1,64}$/, 'Context tags are lowercase letters, digits and _ : -.'), v, 'context'); })(),
  };
}
