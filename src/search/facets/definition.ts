import type { estypes } from '@elastic/elasticsearch';
import type { ProductDocument } from '../../core/product-index';
import type { RawQuery } from '../query-string/values';

type Query = estypes.QueryDslQueryContainer;

/** The types one facet is made of. */
export interface FacetTypes {
  /** The facet's part of SearchRequest['filters'], e.g. `{ brandIds: string[] }`. */
  selection: object;
  /** What the facet answers under its name in SearchResult.facets. */
  response: unknown;
  /** The keys of the post_filter entries its selection makes; `never` for a facet that narrows the query itself. */
  filterKey: string;
}

/**
 * One facet, declared once: the query parameters it reads, the filters its
 * selection makes, the aggregations it counts with, the values it answers
 * with, and how the storefront shows it. src/search/facets/registry.ts lists
 * every facet; the request parser, the body builder, the response shaper,
 * /openapi.json and the storefront all read the registry.
 */
export interface FacetDefinition<T extends FacetTypes> {
  /** In the order /openapi.json lists them. */
  parameters: readonly FacetParameter[];
  /** Reads the facet's selection from the query string; a bad value is a 400 naming its parameter. */
  parse(query: RawQuery): T['selection'];
  filters(selection: T['selection']): FacetFilters<T['filterKey']>;
  aggregations(selection: T['selection'], context: AggregationContext): Array<FacetAggregation<T['filterKey']>>;
  /** Reads the answers to `aggregations` (by their names) into the facet's response. */
  shape(aggregations: FacetAggregates, selection: T['selection']): T['response'];
  /** How the values are ordered, for /openapi.json. */
  valueOrder: string;
  storefront: StorefrontFacet;
}

export interface FacetParameter {
  /** As the query string names it; `{key}` stands for any attribute key (`attr.{key}` is `attr.colour`). */
  name: string;
  description: string;
  /** JSON schema of the value, for /openapi.json. */
  schema: Readonly<Record<string, unknown>>;
  /** A valid value: shown in /openapi.json, and parsed by the registry's test. */
  example: string;
}

export interface FacetFilters<Key extends string> {
  /** Narrow the query itself, so the results and every facet's counts (the category being viewed). */
  base: Query[];
  /**
   * Narrow the hits through post_filter, and every other facet's counts: a
   * facet counts as if its own selection were not made, so shoppers can tick
   * several of its values.
   */
  post: Array<{ key: Key; query: Query }>;
}

export interface AggregationContext {
  /** Values per facet (facet_size). */
  size: number;
  /** Attribute keys worth showing here (the viewed category's). */
  attributeKeys: readonly string[];
}

export interface FacetAggregation<Key extends string> {
  /** The aggregation's name in the request, which the response answers under. */
  name: string;
  /** The facet filter these counts leave out (their own: disjunctive counting), or null to count within every selection. */
  countsWithout: Key | null;
  /** What is counted inside the filter aggregation that applies the other facets' filters. */
  aggs: Record<string, estypes.AggregationsAggregationContainer>;
}

/** The response's aggregations by name: each one answers what a facet asked for (a filter bucket around terms, ranges or stats). */
export type FacetAggregates = Readonly<Record<string, FacetAggregate | undefined>>;

export interface FacetAggregate {
  values?: { buckets: TermsBucket[] };
  /** The selected values, counted whatever their rank among `values` (terms.ts, chosenTerms). */
  chosen?: { buckets: TermsBucket[] };
  bands?: { buckets: RangeBucket[] };
  stats?: { min: number | null; max: number | null };
}

export interface TermsBucket {
  key: string | number;
  doc_count: number;
  /** The top hit of the bucket, carrying the fields a label is read from. */
  label?: { hits: { hits: Array<{ _source?: LabelSource }> } };
}

export interface RangeBucket {
  key: string;
  doc_count: number;
}

/** The few product fields a top_hits `_source.includes` brings back for a label. */
export type LabelSource = { [K in keyof ProductDocument]?: Partial<NonNullable<ProductDocument[K]>> };

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

/**
 * How the storefront demo draws a facet (src/web/public/assets/facets.js):
 * a tree of links, a list of checkboxes (one list per key for a parameter
 * with `{key}`), or radio buttons over bands whose bounds it sets.
 */
export type StorefrontFacet = {
  title: string;
  /** Where the sidebar shows it: facets in ascending position (the in-stock switch is at 50). */
  position: number;
} & (
  | {
      kind: 'tree';
      /** The link back to the top of the tree. */
      rootLabel: string;
    }
  | { kind: 'checkboxes' }
  | {
      kind: 'bands';
      /** The parameters a band's lower and upper bounds go to (no upper bound: "and up" thresholds). */
      min: string;
      max?: string;
      /** The choice that clears the bounds. */
      anyLabel: string;
      /** How bounds read: prices ("$10 – $25", "$1,000 and up") or stars ("4+ stars"). */
      format: 'price' | 'stars';
    }
);
