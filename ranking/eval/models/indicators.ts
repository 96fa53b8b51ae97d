import { crossOccurrenceIndicators, cooccurrenceIndicators, type IndicatorOptions } from '../../cf/indicators';
import { scoreByNeighbors, transposeNeighbors, type Neighbors } from '../../cf/neighbors';
import type { ModelSpec, Recommender } from './recommender';
import { backfill, bestScored } from './recommender';
import { popularityRanking } from './popularity';

/**
 * The Universal Recommender's query, offline: an item's score is the sum of
 * the LLRs of its indicators found in the user's history (purchases against
 * purchase indicators, and, when the source has them, views and carts
 * against their cross-occurrence indicators). Short lists are backfilled by
 * popularity, as the serving side does.
 */
export function indicatorModel(options: IndicatorOptions = {}): ModelSpec {
  return {
    name: 'LLR item-item',
    train(data): Recommender {
      const nItems = data.items.size;
      const purchases = { rows: data.purchases, nItems };
      // Indexed by history item: "items this one is an indicator for".
      const byHistoryItem: Array<{ rows: Int32Array[]; neighbors: Neighbors[] }> = [
        { rows: data.purchases, neighbors: transposeNeighbors(cooccurrenceIndicators(data.purchases, nItems, options), nItems) },
      ];
      for (const secondary of [data.views, data.carts]) {
        if (secondary === null) continue;
        const indicators = crossOccurrenceIndicators(purchases, { rows: secondary, nItems }, options);
        byHistoryItem.push({ rows: secondary, neighbors: transposeNeighbors(indicators, nItems) });
      }
      const fallback = popularityRanking(data);
      return {
        recommend(user, n, exclude) {
          const scores = new Float64Array(nItems);
          for (const { rows, neighbors } of byHistoryItem) scoreByNeighbors(neighbors, rows[user] ?? [], scores);
          return backfill(bestScored(scores, n, exclude, true), fallback, n, exclude);
        },
      };
    },
  };
}
