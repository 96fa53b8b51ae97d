import type { estypes } from '@elastic/elasticsearch';
import type { FacetName, SearchRequest } from '../params';
import { facetFiltersExcept, type FacetFilterKey, type FilterClauses } from './filters';

type Aggregations = Record<string, estypes.AggregationsAggregationContainer>;

/** Price bands of the price facet; the last one is open-ended. */
export const priceBands: ReadonlyArray<{ key: string; from?: number; to?: number }> = [
  { key: '0-10', to: 10 },
  { key: '10-25', from: 10, to: 25 },
  { key: '25-50', from: 25, to: 50 },
  { key: '50-100', from: 50, to: 100 },
  { key: '100-250', from: 100, to: 250 },
  { key: '250-500', from: 250, to: 500 },
  { key: '500-1000', from: 500, to: 1000 },
  { key: '1000+', from: 1000 },
];

export const ratingThresholds = [4, 3, 2, 1] as const;

/** Lucene regular expressions treat many characters specially; ids are escaped whole. */
function escapeRegex(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, (ch) => `\\${ch}`);
}

/**
 * Hierarchical category facet: the children of the category being viewed
 * (or the roots), read from the `category.paths` values "a", "a>b", "a>b>c".
 */
export function categoryLevelPattern(categoryIds: string[]): string {
  if (categoryIds.length !== 1) return '[^>]+';
  return `(.+>)?${escapeRegex(categoryIds[0]!)}>[^>]+`;
}

/** A facet counts over every facet filter except its own: shoppers can multi-select. */
function disjunctive(facet: FilterClauses['facet'], own: FacetFilterKey | null, inner: Aggregations): estypes.AggregationsAggregationContainer {
  const filters = facetFiltersExcept(facet, own);
  return { filter: filters.length === 0 ? { match_all: {} } : { bool: { filter: filters } }, aggs: inner };
}

export interface FacetOptions {
  facets: FacetName[];
  facetSize: number;
  /** Attribute keys worth showing here (the viewed category's), plus any being filtered on. */
  attributeKeys: string[];
}

export function facetAggregations(request: Pick<SearchRequest, 'filters'>, clauses: FilterClauses, options: FacetOptions): Aggregations {
  const aggs: Aggregations = {};
  const size = options.facetSize;
  for (const name of options.facets) {
    switch (name) {
      case 'category':
        aggs.category = disjunctive(clauses.facet, null, {
          values: {
            terms: { field: 'category.paths', size, include: categoryLevelPattern(request.filters.categoryIds) },
            aggs: { label: { top_hits: { size: 1, _source: { includes: ['category.ids', 'category.names_en', 'category.names_zh'] } } } },
          },
        });
        break;
      case 'brand':
        aggs.brand = disjunctive(clauses.facet, 'brand', {
          values: { terms: { field: 'brand.id', size }, aggs: { label: { top_hits: { size: 1, _source: { includes: ['brand.name'] } } } } },
        });
        break;
      case 'merchant':
        aggs.merchant = disjunctive(clauses.facet, 'merchant', {
          values: { terms: { field: 'merchant.id', size }, aggs: { label: { top_hits: { size: 1, _source: { includes: ['merchant.name'] } } } } },
        });
        break;
      case 'price':
        aggs.price = disjunctive(clauses.facet, 'price', {
          stats: { stats: { field: 'price' } },
          bands: { range: { field: 'price', keyed: false, ranges: priceBands.map((b) => ({ key: b.key, ...(b.from === undefined ? {} : { from: b.from }), ...(b.to === undefined ? {} : { to: b.to }) })) } },
        });
        break;
      case 'rating':
        aggs.rating = disjunctive(clauses.facet, 'rating', {
          bands: { range: { field: 'rating', keyed: false, ranges: ratingThresholds.map((t) => ({ key: `${t}+`, from: t })) } },
        });
        break;
      case 'attributes': {
        const keys = [...new Set([...options.attributeKeys, ...Object.keys(request.filters.attributes)])];
        for (const key of keys) {
          aggs[`attr.${key}`] = disjunctive(clauses.facet, `attr.${key}`, { values: { terms: { field: `attributes.${key}`, size } } });
        }
        if (keys.length === 0) {
          // No category to say which attributes matter: offer the commonest pairs.
          aggs.attribute_pairs = disjunctive(clauses.facet, null, { values: { terms: { field: 'attribute_pairs', size: size * 3 } } });
        }
        break;
      }
    }
  }
  return aggs;
}
