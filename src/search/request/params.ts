import { z } from 'zod';
import type { KeyFilters } from '../../auth/key-filters';
import { validationError } from '../../core/errors';
import { contextTag, identifier } from '../../core/validation';
import {
  facetNames,
  facetOfParameter,
  facetParameters,
  facets,
  isFacetName,
  type FacetName,
  type FacetSelections,
} from '../facets/registry';
import { list, parse, searchLimits, single, wholeNumber, type RawQuery } from '../query-string/values';
import { checkCursor } from './cursor';

/**
 * The storefront's search request, parsed from the query string. Several
 * values of one filter are OR-ed (`brand=a&brand=b` or `brand=a,b`);
 * different filters are AND-ed. Attribute filters are `attr.<key>=v1,v2`.
 * Facet parameters are the facets' own (src/search/facets/registry.ts).
 */
export const sortOptions = ['relevance', 'newest', 'price_asc', 'price_desc', 'best_selling', 'rating'] as const;
export type SortOption = (typeof sortOptions)[number];

/**
 * What the shopper filters on: every facet's selection, and whether only
 * products in stock are shown; and, never from the query string, the filters
 * of the customer key the request came with (restrictToKeyFilters), which
 * narrow the query itself, the facet counts included.
 */
export type SearchFilters = FacetSelections & { inStock: boolean; restriction?: KeyFilters | null };

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
  /**
   * Whether a query that finds nothing may be answered with its spelling
   * corrected. false: the words as typed ("Search instead for …"); a
   * correction is then only offered (didYouMean with applied false). @default true
   */
  correct: boolean;
}

const bool = z.enum(['true', 'false', '1', '0'], { message: 'Use true or false.' }).transform((v) => v === 'true' || v === '1');
// Built once: building a schema costs more than checking a value with it.
const queryText = z.string().max(searchLimits.maxQueryLength, `At most ${searchLimits.maxQueryLength} characters.`);
const sortOption = z.enum(sortOptions, { message: `Sort by one of ${sortOptions.join(', ')}.` });
const cursorText = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor from a previous response.');

/** The search parameters that are not a facet's. */
const otherSearchParams = [
  'q',
  'in_stock',
  'facets',
  'facet_size',
  'sort',
  'page',
  'size',
  'cursor',
  'customer',
  'session',
  'context',
  'correct',
];

/**
 * What would make one query string name mean two parameters: a facet
 * parameter declared twice or named like another search parameter (a facet's
 * `in_stock` would be read twice and listed twice in /openapi.json), or a
 * `{key}` parameter whose prefix (`attr.`) starts another name.
 */
export function parameterOverlaps(facetParameterNames: readonly string[], otherNames: readonly string[]): string[] {
  const problems: string[] = [];
  const fixed = new Set(otherNames);
  const prefixes: string[] = [];
  for (const name of facetParameterNames) {
    if (!name.endsWith('{key}')) {
      if (name.includes('{key}')) problems.push(`${name}: {key} stands only at the end of a name`);
      if (fixed.has(name)) problems.push(`${name} is named twice`);
      fixed.add(name);
    } else prefixes.push(name.slice(0, -'{key}'.length));
  }
  prefixes.forEach((prefix, i) => {
    for (const name of fixed) if (name.startsWith(prefix)) problems.push(`${name} starts like ${prefix}{key}`);
    for (const other of prefixes.slice(i + 1))
      if (other.startsWith(prefix) || prefix.startsWith(other)) problems.push(`${prefix}{key} and ${other}{key} overlap`);
  });
  return problems;
}

const overlaps = parameterOverlaps(
  facetParameters.map((p) => p.name),
  otherSearchParams,
);
if (overlaps.length > 0) throw new Error(`Facet parameters (src/search/facets) overlap: ${overlaps.join('; ')}.`);

/** Every parameter of a fixed name: the facets' own (attr.{key} aside: facetOfParameter) and the rest. */
export const knownSearchParams: ReadonlySet<string> = new Set([
  'q',
  ...facetParameters.map((p) => p.name).filter((name) => !name.includes('{key}')),
  ...otherSearchParams.filter((name) => name !== 'q'),
]);

function facetName(value: string): FacetName {
  if (!isFacetName(value)) throw validationError('facets', `Facets are ${facetNames.join(', ')}.`);
  return value;
}

/** Every facet's selection, in registry order; in_stock sits before the attribute filters, where SearchResult.appliedFilters has always had it. */
function searchFilters(selections: ReadonlyMap<FacetName, object>, inStock: boolean): SearchFilters {
  // Complete: every facet has read its own.
  const { attributes, ...rest } = Object.assign({}, ...facetNames.map((name) => selections.get(name))) as FacetSelections;
  return { ...rest, inStock, attributes };
}

/** A facet with a `{key}` parameter checks each one where the parameter loop meets it (a bad `attr.<key>` before a bad `size`). */
const keyedFacets = facetNames.filter((name) => facets[name].parameters.some((p) => p.name.endsWith('{key}')));

/**
 * Facets checked right after the paging parameters, before the other facets,
 * as before the registry: the price bounds (a bad `price_min` before a bad
 * `category`). The rest follow in registry order.
 */
const checkedBeforeOthers: readonly FacetName[] = ['price'];

/**
 * The query string as a SearchRequest. With several bad parameters, the 400
 * names the first in the order the parser has always checked them in: each
 * name in the order given (unknown, or a bad `attr.<key>`), the number of
 * attribute filters, q, sort, size, page, cursor, the price bounds, any other
 * single-valued parameter given twice, the other facets in registry order
 * (category, brand, merchant, rating; a new facet after them), in_stock,
 * facets, facet_size, customer, session, context, correct.
 */
export function parseSearchRequest(query: RawQuery): SearchRequest {
  for (const name of Object.keys(query)) {
    const facet = facetOfParameter(name);
    if (!knownSearchParams.has(name) && facet === undefined) throw validationError(name, `Unknown parameter "${name}".`);
    if (facet !== undefined && keyedFacets.includes(facet)) facets[facet].parse({ [name]: query[name] });
  }
  const selections = new Map<FacetName, object>();
  const select = (name: FacetName) => selections.set(name, facets[name].parse(query));
  keyedFacets.forEach(select);

  const rawQ = single(query, 'q');
  const q = rawQ === undefined ? null : parse(queryText, rawQ, 'q').trim() || null;
  const sortRaw = single(query, 'sort');
  const sort = sortRaw === undefined ? (q ? 'relevance' : 'best_selling') : parse(sortOption, sortRaw, 'sort');
  const size = parse(wholeNumber(1, searchLimits.maxSize), single(query, 'size') ?? '20', 'size');
  const page = parse(wholeNumber(1, 1_000_000), single(query, 'page') ?? '1', 'page');
  const cursor = single(query, 'cursor') ?? null;
  if (cursor !== null && query.page !== undefined) throw validationError('cursor', 'Use either page or cursor, not both.');
  if (cursor === null && page * size > searchLimits.maxDepth) {
    throw validationError('page', `Pages beyond result ${searchLimits.maxDepth} need the cursor from the previous response.`);
  }
  if (cursor !== null) {
    parse(cursorText, cursor, 'cursor');
    checkCursor(cursor, sort);
  }

  checkedBeforeOthers.forEach(select);
  const others = facetNames.filter((name) => !selections.has(name));
  for (const p of others.flatMap((name) => facets[name].parameters)) if (p.schema.type !== 'array') single(query, p.name);
  const inStockRaw = single(query, 'in_stock');
  const facetSizeRaw = single(query, 'facet_size');
  others.forEach(select);
  const filters = searchFilters(selections, inStockRaw === undefined ? false : parse(bool, inStockRaw, 'in_stock'));

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
      return v === undefined ? null : parse(contextTag, v, 'context');
    })(),
    correct: (() => {
      const v = single(query, 'correct');
      return v === undefined ? true : parse(bool, v, 'correct');
    })(),
  };
}
