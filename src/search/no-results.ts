import type { estypes } from '@elastic/elasticsearch';
import type { QueryWord } from '../../ranking/query/query-text';
import { keyFilterClauses } from '../auth/key-filters';
import type { SearchFacets } from './facets/registry';
import type { SearchRequest } from './request/params';
import { tileSourceFields } from './body/build-body';
import { wordClause } from './body/text-query';
import { toTile, type NoResults, type Tile } from './shape-response';

type Query = estypes.QueryDslQueryContainer;

/**
 * What a page with no results offers instead of a dead end (NoResults):
 * the categories the query's words point to, and what is trending. Neither
 * is narrowed by the shopper's filters (they are what emptied the page),
 * only by what always holds: visibility, the customer key's restriction,
 * and the products merchandising rules hide.
 */

export const RELATED_CATEGORIES = 5;
export const TRENDING_PRODUCTS = 8;

function alwaysFilters(request: SearchRequest): Query[] {
  return [{ term: { visible: true } }, ...keyFilterClauses(request.filters.restriction)];
}

/** Products matching any one of the words (fuzzy as in a search), counted by leaf category with the category's names. */
export function relatedCategoriesBody(
  index: string,
  request: SearchRequest,
  words: readonly QueryWord[],
  hiddenIds: readonly string[],
): estypes.SearchRequest {
  return {
    index,
    size: 0,
    track_total_hits: false,
    query: {
      bool: {
        should: words.map((w) => wordClause(w, false)),
        minimum_should_match: 1,
        filter: alwaysFilters(request),
        ...(hiddenIds.length === 0 ? {} : { must_not: [{ ids: { values: [...hiddenIds] } }] }),
      },
    },
    aggs: {
      categories: {
        terms: { field: 'category.id', size: RELATED_CATEGORIES },
        aggs: { names: { top_hits: { size: 1, _source: { includes: ['category.ids', 'category.names_en', 'category.names_zh'] } } } },
      },
    },
  };
}

/**
 * The trending order of src/recommendations/bodies.ts trendingBody (which
 * imports search's tile types, so search cannot import it back): the
 * training run's time-decayed activity, then long-run popularity, then id.
 */
export function trendingProductsBody(index: string, request: SearchRequest, hiddenIds: readonly string[]): estypes.SearchRequest {
  return {
    index,
    size: TRENDING_PRODUCTS,
    track_total_hits: false,
    query: {
      bool: { filter: alwaysFilters(request), ...(hiddenIds.length === 0 ? {} : { must_not: [{ ids: { values: [...hiddenIds] } }] }) },
    },
    // unmapped_type: an index built before the field existed sorts instead of failing.
    sort: [
      { 'recommendations.trending': { order: 'desc', missing: '_last', unmapped_type: 'double' } },
      { popularity: { order: 'desc' } },
      { id: { order: 'asc' } },
    ],
    _source: { includes: tileSourceFields },
  };
}

interface CategoryBucket {
  key: string;
  doc_count: number;
  names: { hits: { hits: Array<{ _source?: { category: { ids: string[]; names_en: string[]; names_zh: string[] } } }> } };
}

export function shapeNoResults(categories: estypes.SearchResponse<unknown> | null, trending: estypes.SearchResponse<Tile>): NoResults {
  const buckets = (categories?.aggregations?.categories as { buckets?: CategoryBucket[] } | undefined)?.buckets ?? [];
  return {
    categories: buckets.map((b) => {
      const c = b.names.hits.hits[0]?._source?.category;
      const leaf = c ? c.ids.indexOf(b.key) : -1;
      return { id: b.key, name: (leaf >= 0 ? (c!.names_en[leaf] ?? c!.names_zh[leaf]) : undefined) ?? b.key, count: b.doc_count };
    }),
    trending: trending.hits.hits.filter((h) => h._source).map(toTile),
  };
}

/** A facet value list or an attribute's: something counted, or something the shopper chose (which must stay removable). */
function live(values: unknown): boolean {
  return Array.isArray(values) && values.some((v: { count?: number; selected?: boolean }) => (v.count ?? 0) > 0 || v.selected === true);
}

/**
 * A page with no results shows no facet full of zeros: a facet is kept only
 * when some value is counted or selected (the price facet when it has a
 * range or a chosen band; attributes key by key).
 */
export function withoutEmptyFacets(facets: SearchFacets): SearchFacets {
  const out: Record<string, unknown> = {};
  for (const [name, facet] of Object.entries(facets) as Array<[string, unknown]>) {
    if (Array.isArray(facet)) {
      if (live(facet)) out[name] = facet;
    } else if (facet !== null && typeof facet === 'object' && 'ranges' in facet) {
      const price = facet as { min: number | null; ranges: unknown };
      if (price.min !== null || live(price.ranges)) out[name] = facet;
    } else if (facet !== null && typeof facet === 'object') {
      const kept = Object.fromEntries(Object.entries(facet).filter(([, values]) => live(values)));
      if (Object.keys(kept).length > 0) out[name] = kept;
    }
  }
  return out as SearchFacets;
}
