import { itemCounts } from '../../cf/interactions';
import type { TrainingData } from '../training-data';
import type { ModelSpec, Recommender } from '../recommender';
import { backfill } from '../recommender';

/** Items by number of distinct buyers in training, most first (ties: lower index). */
export function popularityRanking(data: TrainingData): Int32Array {
  const counts = itemCounts(data.purchases, data.items.size);
  return Int32Array.from({ length: data.items.size }, (_, i) => i)
    .filter((i) => counts[i] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b);
}

/** The baseline: the same best sellers for everyone, minus what they already bought. */
export const popularityModel: ModelSpec = {
  name: 'popularity',
  train(data): Recommender {
    const ranking = popularityRanking(data);
    return { recommend: (_user, n, exclude) => backfill([], ranking, n, exclude) };
  },
};
