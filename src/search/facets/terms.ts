import type { estypes } from '@elastic/elasticsearch';
import { identifier } from '../../core/validation';
import { list, parse, type RawQuery } from '../query-string/values';
import type { FacetAggregate, FacetValue, TermsBucket } from './definition';

/** Ids given as a list parameter (`brand=a,b` or `brand=a&brand=b`), several OR-ed. */
export function idList(query: RawQuery, name: string): string[] {
  return list(query, name).map((v) => parse(identifier, v, name));
}

type Aggregations = Record<string, estypes.AggregationsAggregationContainer>;

const labelOf = (labelFields: string[]): Aggregations => ({ label: { top_hits: { size: 1, _source: { includes: labelFields } } } });

/** A terms aggregation whose buckets each carry their top hit's `labelFields`, to name the value. */
export function labelledTerms(terms: estypes.AggregationsTermsAggregation, labelFields: string[]): Aggregations {
  return { values: { terms, aggs: labelOf(labelFields) } };
}

/**
 * Beside a facet's top values (`values`), its selected ones counted whatever
 * their rank (`chosen`), so a value the shopper ticked is always listed and
 * can be unticked, even when fewer than `size` values are shown; none without
 * a selection. `include` is the selected values, or a pattern matching them.
 */
export function chosenTerms(field: string, include: string[] | string | null, count: number, labelFields: string[] = []): Aggregations {
  if (include === null || count === 0) return {};
  // Values with no product now are added by termValues, not read from the index's term dictionary (min_doc_count 0).
  const terms = { field, include, size: count };
  return { chosen: labelFields.length === 0 ? { terms } : { terms, aggs: labelOf(labelFields) } };
}

/** The top buckets and the chosen ones, each value once. */
export function bucketsOf(aggregate: FacetAggregate | undefined): TermsBucket[] {
  const byKey = new Map<string, TermsBucket>();
  for (const bucket of [...(aggregate?.values?.buckets ?? []), ...(aggregate?.chosen?.buckets ?? [])]) {
    const seen = byKey.get(String(bucket.key));
    // A chosen bucket of no product has no top hit to name it: keep the one that has.
    if (!seen || (seen.doc_count === 0 && bucket.doc_count > 0)) byKey.set(String(bucket.key), bucket);
  }
  return [...byKey.values()];
}

/** Values in Elasticsearch's terms order: most products first, ties by value (the category tree's children). */
export function bucketValues(
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

/**
 * A checkbox facet's values: the top values and every selected one (count 0
 * when nothing matches it now, named by `missingLabel`), in natural order.
 */
export function termValues(
  aggregate: FacetAggregate | undefined,
  selected: readonly string[],
  label: (bucket: TermsBucket) => string,
  missingLabel: (value: string) => string = (value) => value,
): FacetValue[] {
  const values = bucketsOf(aggregate).map((b) => ({
    value: String(b.key),
    label: label(b),
    count: b.doc_count,
    selected: selected.includes(String(b.key)),
  }));
  // Without an answer (the facet was not counted) there is nothing to list, selected values included.
  if (aggregate !== undefined)
    for (const value of selected)
      if (!values.some((v) => v.value === value)) values.push({ value, label: missingLabel(value), count: 0, selected: true });
  return naturalOrder(values);
}

const LEADING_NUMBER = /^\s*[-+]?\d+(?:[.,]\d+)?/;
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const leadingNumber = (label: string) => Number(LEADING_NUMBER.exec(label)![0].replace(',', '.'));

/**
 * The one order of checkbox facet values: by label, alphabetically (case-
 * and accent-insensitive, digit runs compared as numbers), and when every
 * label starts with a number (sizes 40, 41, 42; 1.5L, 2L) by that number.
 * It depends on the labels only, never on counts, so a list keeps its order
 * while shoppers tick values (the ticked ones stay where they were).
 */
export function naturalOrder<V extends { value: string; label: string }>(values: readonly V[]): V[] {
  const numeric = values.length > 0 && values.every((v) => LEADING_NUMBER.test(v.label));
  return [...values].sort(
    (a, b) =>
      (numeric ? leadingNumber(a.label) - leadingNumber(b.label) : 0) ||
      collator.compare(a.label, b.label) ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
}

/** The label source of a bucket's top hit. */
export function topHit(bucket: TermsBucket) {
  return bucket.label?.hits.hits[0]?._source;
}
