import type { estypes } from '@elastic/elasticsearch';
import { identifier } from '../../core/validation';
import { list, parse, type RawQuery } from '../query-string/values';
import type { FacetAggregate, FacetValue, TermsBucket } from './definition';

/** Ids given as a list parameter (`brand=a,b` or `brand=a&brand=b`), several OR-ed. */
export function idList(query: RawQuery, name: string): string[] {
  return list(query, name).map((v) => parse(identifier, v, name));
}

/** A terms aggregation whose buckets each carry their top hit's `labelFields`, to name the value. */
export function labelledTerms(
  terms: estypes.AggregationsTermsAggregation,
  labelFields: string[],
): Record<string, estypes.AggregationsAggregationContainer> {
  return { values: { terms, aggs: { label: { top_hits: { size: 1, _source: { includes: labelFields } } } } } };
}

/** Bucket order is Elasticsearch's terms order: most products first, ties by value. */
export function termValues(
  aggregate: FacetAggregate | undefined,
  selected: readonly string[],
  label: (bucket: TermsBucket) => string,
): FacetValue[] {
  return (aggregate?.values?.buckets ?? []).map((b) => ({
    value: String(b.key),
    label: label(b),
    count: b.doc_count,
    selected: selected.includes(String(b.key)),
  }));
}

/** The label source of a bucket's top hit. */
export function topHit(bucket: TermsBucket) {
  return bucket.label?.hits.hits[0]?._source;
}
