import type { FacetDefinition, FacetValue } from './definition';
import { chosenTerms, idList, labelledTerms, termValues, topHit } from './terms';

/** Brands by id, named by a product of each. */
export const brand: FacetDefinition<{ selection: { brandIds: string[] }; response: FacetValue[]; filterKey: 'brand' }> = {
  parameters: [
    {
      name: 'brand',
      description: 'Brand ids, OR-ed.',
      schema: { type: 'array', items: { type: 'string' }, description: 'brand ids' },
      example: 'nimbus',
    },
  ],
  parse: (query) => ({ brandIds: idList(query, 'brand') }),
  filters: ({ brandIds }) => ({
    base: [],
    post: brandIds.length > 0 ? [{ key: 'brand', query: { terms: { 'brand.id': brandIds } } }] : [],
  }),
  aggregations: ({ brandIds }, { size }) => [
    {
      name: 'brand',
      countsWithout: 'brand',
      aggs: {
        ...labelledTerms({ field: 'brand.id', size }, ['brand.name']),
        ...chosenTerms('brand.id', brandIds, brandIds.length, ['brand.name']),
      },
    },
  ],
  shape: (aggregations, { brandIds }) => termValues(aggregations.brand, brandIds, (b) => topHit(b)?.brand?.name ?? String(b.key)),
  valueOrder:
    'The most common values (facet_size) and every selected one (count 0, named by its id, when no product matches it now), alphabetically by label: the order does not change as values are ticked.',
  storefront: { title: 'Brand', kind: 'checkboxes', position: 20 },
};
