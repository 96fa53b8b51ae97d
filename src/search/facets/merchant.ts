import type { FacetDefinition, FacetValue } from './definition';
import { chosenTerms, idList, labelledTerms, termValues, topHit } from './terms';

/** Merchants (sellers) by id, named by a product of each. */
export const merchant: FacetDefinition<{ selection: { merchantIds: string[] }; response: FacetValue[]; filterKey: 'merchant' }> = {
  parameters: [
    {
      name: 'merchant',
      description: 'Merchant ids, OR-ed.',
      schema: { type: 'array', items: { type: 'string' }, description: 'merchant ids' },
      example: 'm-run',
    },
  ],
  parse: (query) => ({ merchantIds: idList(query, 'merchant') }),
  filters: ({ merchantIds }) => ({
    base: [],
    post: merchantIds.length > 0 ? [{ key: 'merchant', query: { terms: { 'merchant.id': merchantIds } } }] : [],
  }),
  aggregations: ({ merchantIds }, { size }) => [
    {
      name: 'merchant',
      countsWithout: 'merchant',
      aggs: {
        ...labelledTerms({ field: 'merchant.id', size }, ['merchant.name']),
        ...chosenTerms('merchant.id', merchantIds, merchantIds.length, ['merchant.name']),
      },
    },
  ],
  shape: (aggregations, { merchantIds }) =>
    termValues(aggregations.merchant, merchantIds, (b) => topHit(b)?.merchant?.name ?? String(b.key)),
  valueOrder:
    'The most common values (facet_size) and every selected one (count 0, named by its id, when no product matches it now), alphabetically by label: the order does not change as values are ticked.',
  storefront: { title: 'Seller', kind: 'checkboxes', position: 70 },
};
