import { decimal, parse, single } from '../query-string/values';
import type { FacetDefinition, FacetValue } from './definition';

/** "4 stars & up", "3 stars & up", … */
export const ratingThresholds = [4, 3, 2, 1] as const;

/** Thresholds: a product counts under every one its rating reaches. */
export const rating: FacetDefinition<{ selection: { ratingMin: number | null }; response: FacetValue[]; filterKey: 'rating' }> = {
  parameters: [
    { name: 'rating_min', description: 'Lowest rating, 0-5.', schema: { type: 'number', minimum: 0, maximum: 5 }, example: '4' },
  ],
  parse(query) {
    const raw = single(query, 'rating_min');
    return { ratingMin: raw === undefined ? null : parse(decimal('rating_min', 0, 5), raw, 'rating_min') };
  },
  filters: ({ ratingMin }) => ({
    base: [],
    post: ratingMin === null ? [] : [{ key: 'rating', query: { range: { rating: { gte: ratingMin } } } }],
  }),
  aggregations: () => [
    {
      name: 'rating',
      countsWithout: 'rating',
      aggs: { bands: { range: { field: 'rating', keyed: false, ranges: ratingThresholds.map((t) => ({ key: `${t}+`, from: t })) } } },
    },
  ],
  shape: (aggregations, { ratingMin }) =>
    (aggregations.rating?.bands?.buckets ?? []).map((b) => ({
      value: b.key,
      label: `${b.key.replace('+', '')} stars & up`,
      count: b.doc_count,
      selected: ratingMin !== null && `${ratingMin}+` === b.key,
    })),
  valueOrder: 'Thresholds from 1 star & up to 4 stars & up (Elasticsearch answers ranges by their lower bound).',
  storefront: { title: 'Rating', kind: 'bands', position: 40, min: 'rating_min', anyLabel: 'Any rating', format: 'stars' },
};
