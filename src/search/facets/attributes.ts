import { z } from 'zod';
import { validationError } from '../../core/errors';
import { anyValue } from '../../core/product-index';
import { list, parse, searchLimits } from '../query-string/values';
import type { FacetDefinition, FacetValue, TermsBucket } from './definition';
import { bucketsOf, chosenTerms, naturalOrder } from './terms';

const prefix = 'attr.';
const attributeKey = z.string().regex(/^[a-z0-9_]{1,50}$/, 'Attribute names are lowercase letters, digits and _.');
const attributeValue = z.string().trim().min(1).max(100);

/** Case variants read per selected value ("red", "Red", "RED"): the terms counted beside the top values. */
const chosenVariants = 5;

/** A Lucene pattern matching the values whatever their case: filters match case-insensitively, so counts must too. */
function anyCasePattern(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const pattern = (value: string) =>
    [...value]
      .map((ch) => {
        const [lower, upper] = [ch.toLowerCase(), ch.toUpperCase()];
        if (lower !== upper && [...lower].length === 1 && [...upper].length === 1) return `[${lower}${upper}]`;
        return /[A-Za-z0-9]/.test(ch) ? ch : `\\${ch}`;
      })
      .join('');
  return values.map(pattern).join('|');
}

const HAS_CAPITAL = /\p{Lu}/u;

/** The variant with most products; ties go to the capitalised one, then to the first in code point order. */
function commonest(variants: ReadonlyArray<{ value: string; count: number }>): string {
  return [...variants].sort(
    (a, b) => b.count - a.count || Number(HAS_CAPITAL.test(b.value)) - Number(HAS_CAPITAL.test(a.value)) || (a.value < b.value ? -1 : 1),
  )[0]!.value;
}

/**
 * How a value reads beside brand names: as a merchant capitalised it
 * ("iPhone", "Red"), else with a capital first letter ("red" → "Red").
 */
function displayLabel(variants: ReadonlyArray<{ value: string; count: number }>): string {
  const capitalised = variants.filter((v) => HAS_CAPITAL.test(v.value));
  if (capitalised.length > 0) return commonest(capitalised);
  const value = commonest(variants);
  const first = value.codePointAt(0)!;
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + value.slice(head.length);
}

/**
 * One key's values: variants differing only in case merged into one (the
 * filters match them alike; counts added, so a product carrying two variants
 * of one value counts twice), every selected value listed, in natural order.
 */
function attributeValues(buckets: readonly TermsBucket[], selected: readonly string[]): FacetValue[] {
  const groups = new Map<string, Array<{ value: string; count: number }>>();
  for (const bucket of buckets) {
    const value = String(bucket.key);
    const folded = value.toLowerCase();
    groups.set(folded, [...(groups.get(folded) ?? []), { value, count: bucket.doc_count }]);
  }
  const chosen = new Set(selected.map((v) => v.toLowerCase()));
  for (const value of selected) if (!groups.has(value.toLowerCase())) groups.set(value.toLowerCase(), [{ value, count: 0 }]);
  const values = [...groups].map(([folded, variants]) => ({
    value: commonest(variants),
    label: displayLabel(variants),
    count: variants.reduce((sum, v) => sum + v.count, 0),
    selected: chosen.has(folded),
  }));
  return naturalOrder(values);
}

/**
 * One facet per attribute key (`attr.colour`), matched case-insensitively:
 * the keys of the category being viewed, plus any being filtered on. Without
 * a category to say which keys matter, the keys filtered on plus the
 * commonest `key=value` pairs of the others, so choosing a value never hides
 * the other attributes.
 */
export const attributes: FacetDefinition<{
  selection: { attributes: Record<string, string[]> };
  response: Record<string, FacetValue[]>;
  filterKey: `attr.${string}`;
}> = {
  parameters: [
    {
      name: 'attr.{key}',
      description:
        'Attribute values for one key, e.g. attr.colour=red,blue (OR-ed; matched case-insensitively). Different keys are AND-ed.',
      schema: { type: 'array', items: { type: 'string' }, description: 'values' },
      example: 'red,blue',
    },
  ],
  parse(query) {
    const selected: Record<string, string[]> = {};
    for (const name of Object.keys(query)) {
      if (!name.startsWith(prefix)) continue;
      const key = parse(attributeKey, name.slice(prefix.length), name);
      const values = list(query, name).map((v) => parse(attributeValue, v, name));
      if (values.length > 0) selected[key] = values;
    }
    if (Object.keys(selected).length > searchLimits.maxAttributeFilters)
      throw validationError('attr', `At most ${searchLimits.maxAttributeFilters} attribute filters.`);
    return { attributes: selected };
  },
  filters: ({ attributes: selected }) => ({
    base: [],
    post: Object.entries(selected).map(([key, values]) => ({
      key: `${prefix}${key}` as const,
      query: anyValue(`attributes.${key}`, values),
    })),
  }),
  aggregations({ attributes: selected }, { size, attributeKeys }) {
    const selectedKeys = Object.keys(selected);
    const keys = [...new Set([...attributeKeys, ...selectedKeys])];
    const perKey = keys.map((key) => ({
      name: `${prefix}${key}`,
      countsWithout: `${prefix}${key}` as const,
      aggs: {
        values: { terms: { field: `attributes.${key}`, size } },
        ...chosenTerms(`attributes.${key}`, anyCasePattern(selected[key] ?? []), (selected[key]?.length ?? 0) * chosenVariants),
      },
    }));
    if (attributeKeys.length > 0) return perKey;
    // No category to say which attributes matter: the commonest pairs of the keys not filtered on, counted within every
    // selection (theirs is not made), beside one list per key filtered on, counted without its own filter. Keys are
    // [a-z0-9_], safe in the exclude pattern.
    const exclude = selectedKeys.length === 0 ? {} : { exclude: `(${selectedKeys.join('|')})=.*` };
    return [
      ...perKey,
      {
        name: 'attribute_pairs',
        countsWithout: null,
        aggs: { values: { terms: { field: 'attribute_pairs', size: size * 3, ...exclude } } },
      },
    ];
  },
  shape(aggregations, { attributes: selected }) {
    const byKey: Record<string, FacetValue[]> = {};
    for (const [name, aggregate] of Object.entries(aggregations)) {
      if (!name.startsWith(prefix)) continue;
      const key = name.slice(prefix.length);
      byKey[key] = attributeValues(bucketsOf(aggregate), selected[key] ?? []);
    }
    const pairs: Record<string, TermsBucket[]> = {};
    for (const bucket of aggregations.attribute_pairs?.values?.buckets ?? []) {
      const [key, ...rest] = String(bucket.key).split('=');
      (pairs[key!] ??= []).push({ key: rest.join('='), doc_count: bucket.doc_count });
    }
    for (const [key, buckets] of Object.entries(pairs)) byKey[key] = attributeValues(buckets, []);
    return byKey;
  },
  valueOrder:
    'One list per attribute key (without keys to show, the commonest key=value pairs, grouped by key). Values differing only in case are one value (counts added), labelled as a merchant capitalised it, else with a capital first letter. Each list holds the most common values and every selected one, ordered as brands are: by number when every label starts with one (sizes 40, 41, 42), else alphabetically; never by count, so ticking keeps the order.',
  storefront: { title: 'Attributes', kind: 'checkboxes', position: 60 },
};
