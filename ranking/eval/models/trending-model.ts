import { trendingScores } from '../../cf/trending';
import type { ModelSpec, Recommender } from '../recommender';
import { backfill } from '../recommender';
import { popularityRanking } from './popularity';

const DAY_MS = 86_400_000;

/**
 * Trending as a second non-personal baseline: purchases decayed with a
 * half-life, measured at the cutoff. Tells whether recency alone beats
 * all-time popularity on the test window.
 */
export function trendingModel(options: { halfLifeDays?: number } = {}): ModelSpec {
  const halfLifeDays = options.halfLifeDays ?? 14;
  return {
    name: `trending (half-life ${halfLifeDays} d)`,
    train(data): Recommender {
      const events = data.purchaseEvents.map(({ item, at }) => ({ itemId: String(item), categoryId: null, at }));
      const { global } = trendingScores(events, { now: data.now, halfLifeMs: halfLifeDays * DAY_MS, limit: data.items.size });
      const ranking = Int32Array.from(global, (entry) => Number(entry.itemId));
      // Items not bought recently enough to score still come after, by all-time popularity.
      const fallback = popularityRanking(data);
      return { recommend: (_user, n, exclude) => backfill(backfill([], ranking, n, exclude), fallback, n, exclude) };
    },
  };
}
