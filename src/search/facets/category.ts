import type { FacetDefinition, FacetValue, TermsBucket } from './definition';
import { bucketValues, idList, labelledTerms, topHit } from './terms';

/** Lucene regular expressions treat many characters specially; ids are escaped whole. */
function escapeRegex(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, (ch) => `\\${ch}`);
}

/**
 * The children of the category being viewed (or the roots), read from the
 * `category.paths` values "a", "a>b", "a>b>c".
 */
export function categoryLevelPattern(categoryIds: readonly string[]): string {
  if (categoryIds.length !== 1) return '[^>]+';
  return `(.+>)?${escapeRegex(categoryIds[0]!)}>[^>]+`;
}

/** A bucket is a path; its label is the last category's name, from a product under it. */
function categoryLabel(bucket: TermsBucket, id: string): string {
  const category = topHit(bucket)?.category;
  const at = category?.ids?.indexOf(id) ?? -1;
  return (at >= 0 ? (category!.names_en?.[at] ?? category!.names_zh?.[at]) : undefined) ?? id;
}

const lastId = (path: string): string => path.split('>').pop()!;

/**
 * Hierarchical: the category being viewed narrows the query itself (any level
 * of the tree: a product carries the ids of all its ancestors), and the facet
 * counts its children.
 */
export const category: FacetDefinition<{ selection: { categoryIds: string[] }; response: FacetValue[]; filterKey: never }> = {
  parameters: [
    {
      name: 'category',
      description: 'Category ids, any level: a category includes its descendants. Repeat or comma-separate; several are OR-ed.',
      schema: { type: 'array', items: { type: 'string' }, description: 'category ids' },
      example: 'shoes',
    },
  ],
  parse: (query) => ({ categoryIds: idList(query, 'category') }),
  filters: ({ categoryIds }) => ({ base: categoryIds.length > 0 ? [{ terms: { 'category.ids': categoryIds } }] : [], post: [] }),
  aggregations: ({ categoryIds }, { size }) => [
    {
      name: 'category',
      countsWithout: null,
      aggs: labelledTerms({ field: 'category.paths', size, include: categoryLevelPattern(categoryIds) }, [
        'category.ids',
        'category.names_en',
        'category.names_zh',
      ]),
    },
  ],
  shape: (aggregations, { categoryIds }) =>
    bucketValues(aggregations.category, [], (b) => categoryLabel(b, lastId(String(b.key)))).map((v) => ({
      ...v,
      value: lastId(v.value),
      selected: categoryIds.includes(lastId(v.value)),
    })),
  valueOrder: 'The children of the category viewed (the top level without one), most products first.',
  storefront: { title: 'Category', kind: 'tree', position: 10, rootLabel: 'All categories' },
};
