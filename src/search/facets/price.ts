import { validationError } from '../../core/errors';
import { decimal, parse, single } from '../query-string/values';
import type { FacetDefinition, FacetValue } from './definition';

/** Price bands of the price facet, low to high; the last one is open-ended. */
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

export interface PriceFacet {
  /** Lowest and highest price among the results (null when there are none). */
  min: number | null;
  max: number | null;
  /** The bands that hold results. */
  ranges: FacetValue[];
}

function bound(raw: string | undefined, name: string): number | null {
  return raw === undefined ? null : parse(decimal(name, 0, 1e9), raw, name);
}

/** Bands to choose from, and the results' price span; any range may be asked for. */
export const price: FacetDefinition<{
  selection: { priceMin: number | null; priceMax: number | null };
  response: PriceFacet;
  filterKey: 'price';
}> = {
  parameters: [
    { name: 'price_min', description: 'Lowest price.', schema: { type: 'number', minimum: 0 }, example: '10' },
    { name: 'price_max', description: 'Highest price.', schema: { type: 'number', minimum: 0 }, example: '100' },
  ],
  parse(query) {
    const [minRaw, maxRaw] = [single(query, 'price_min'), single(query, 'price_max')];
    const priceMin = bound(minRaw, 'price_min');
    const priceMax = bound(maxRaw, 'price_max');
    if (priceMin !== null && priceMax !== null && priceMin > priceMax) throw validationError('price_min', 'price_min is above price_max.');
    return { priceMin, priceMax };
  },
  filters: ({ priceMin, priceMax }) => ({
    base: [],
    post:
      priceMin === null && priceMax === null
        ? []
        : [
            {
              key: 'price',
              query: {
                range: { price: { ...(priceMin === null ? {} : { gte: priceMin }), ...(priceMax === null ? {} : { lte: priceMax }) } },
              },
            },
          ],
  }),
  aggregations: () => [
    {
      name: 'price',
      countsWithout: 'price',
      aggs: {
        stats: { stats: { field: 'price' } },
        bands: {
          range: {
            field: 'price',
            keyed: false,
            ranges: priceBands.map((b) => ({
              key: b.key,
              ...(b.from === undefined ? {} : { from: b.from }),
              ...(b.to === undefined ? {} : { to: b.to }),
            })),
          },
        },
      },
    },
  ],
  shape: (aggregations) => ({
    min: aggregations.price?.stats?.min ?? null,
    max: aggregations.price?.stats?.max ?? null,
    ranges: (aggregations.price?.bands?.buckets ?? [])
      .filter((b) => b.doc_count > 0)
      .map((b) => ({ value: b.key, label: b.key, count: b.doc_count, selected: false })),
  }),
  valueOrder: 'Price bands from low to high (0-10 … 1000+); bands without results are left out.',
  storefront: { title: 'Price', kind: 'bands', position: 30, min: 'price_min', max: 'price_max', anyLabel: 'Any price', format: 'price' },
};
