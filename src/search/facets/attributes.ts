import { z } from 'zod';
import { validationError } from '../../core/errors';
import { anyValue } from '../../core/product-index';
import { list, parse, searchLimits } from '../query-string/values';
import type { FacetDefinition, FacetValue } from './definition';
import { termValues } from './terms';

const prefix = 'attr.';
const attributeKey = z.string().regex(/^[a-z0-9_]{1,50}$/, 'Attribute names are lowercase letters, digits and _.');
const attributeValue = z.string().trim().min(1).max(100);

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
      aggs: { values: { terms: { field: `attributes.${key}`, size } } },
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
      const chosen = (selected[key] ?? []).map((v) => v.toLowerCase());
      byKey[key] = termValues(aggregate, [], (b) => String(b.key)).map((v) => ({ ...v, selected: chosen.includes(v.value.toLowerCase()) }));
    }
    for (const bucket of aggregations.attribute_pairs?.values?.buckets ?? []) {
      const [key, ...rest] = String(bucket.key).split('=');
      const value = rest.join('=');
      (byKey[key!] ??= []).push({ value, label: value, count: bucket.doc_count, selected: false });
    }
    return byKey;
  },
  valueOrder: 'One list per attribute key, values with most products first; without keys to show, the commonest key=value pairs.',
  storefront: { title: 'Attributes', kind: 'checkboxes', position: 60 },
};
